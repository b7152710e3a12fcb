package cli

import (
	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/expr"
	"github.com/optlab/optlab/internal/surfaces"
)

// exprSurface is a surface named "expr:…" on the command line (vars x and
// y, the default window and start, minima searched), with --param giving
// its named constants; ok is false for any other name. The short name
// "expr" goes into default file and folder names, which the expression
// text (spaces, slashes) cannot.
func exprSurface(what, name string, params []string) (s surfaces.Surface, spec config.SurfaceSpec, ok bool, err error) {
	sp, ok := expr.SpecOf(name)
	if !ok {
		return nil, spec, false, nil
	}
	p, err := paramArgs(params)
	if err != nil {
		return nil, spec, true, err
	}
	sp.Params = p
	e, err := expr.New(sp)
	if err != nil {
		return nil, spec, true, usageErrorf("%s: %v", what, err)
	}
	return e, config.SurfaceSpec{Params: p, ExprSpec: config.ExprSpec{Expr: sp.Expr}}, true, nil
}

// paramArgs parses --param NAME=VALUE flags.
func paramArgs(params []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, kv := range params {
		k, v, err := splitKV(kv)
		if err != nil {
			return nil, usageErrorf("--param: %v", err)
		}
		out[k] = v
	}
	return out, nil
}
