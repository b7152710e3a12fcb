package config

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/optlab/optlab/internal/expr"
	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/surfaces"
)

// ExprSpec is the part of the surface block that makes it an expression
// surface (docs/expressions.md): surface: {expr: "…", vars: [x, y],
// params: {a: 1}, window: [[lo, hi], …], start: […], minima: [[…], …]}.
// It is squashed into SurfaceSpec, whose params it shares: for an
// expression they are its named constants. Viper lowercases keys, so
// parameter names are lowercase.
type ExprSpec struct {
	Expr   string      `cfg:"expr"`
	Vars   []string    `cfg:"vars"`
	Window [][]float64 `cfg:"window"`
	// Start is the expression's own default start; the top-level start
	// overrides it.
	Start  []float64   `cfg:"start"`
	Minima [][]float64 `cfg:"minima"`
}

// IsExpr reports whether the surface block is an expression.
func (s SurfaceSpec) IsExpr() bool { return s.Expr != "" }

// exprSpec is the block as an expr.Spec; a window row that is not a pair
// is reported by Validate.
func (s SurfaceSpec) exprSpec() expr.Spec {
	sp := expr.Spec{Expr: s.Expr, Vars: s.Vars, Params: s.Params, Start: s.ExprSpec.Start, Minima: s.Minima}
	for _, w := range s.Window {
		if len(w) == 2 {
			sp.Window = append(sp.Window, [2]float64{w[0], w[1]})
		}
	}
	return sp
}

// validateExpr checks an expression surface block: its keys, then the
// expression itself (parsed, and evaluated at the start for domain
// errors), whose error keeps its column and caret. startLen is the length
// of the top-level start.
func (s SurfaceSpec) validateExpr(topStart []float64) fielderr.List {
	var problems fielderr.List
	if s.Name != "" && s.Name != "expr" {
		problems.Add("name", "must be empty or \"expr\" with expr set, got %q", s.Name)
	}
	if s.Dim != 0 {
		problems.Add("dim", "an expression's dimension is the number of its vars; remove dim (got %d)", s.Dim)
	}
	for i, w := range s.Window {
		if len(w) != 2 {
			problems.Add(fmt.Sprintf("window[%d]", i), "must be a pair [lo, hi], got %d numbers", len(w))
		}
	}
	for k, v := range s.Params {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			problems.Add("params."+k, "must be finite, got %g", v)
		}
	}
	if len(problems) > 0 {
		return problems
	}
	sp := s.exprSpec()
	if topStart != nil && (len(sp.Vars) == len(topStart) || (len(sp.Vars) == 0 && len(topStart) == 2)) {
		sp.Start = topStart // the domain check is at the start the runs use
	}
	if _, err := expr.New(sp); err != nil {
		var e *expr.Error
		if errors.As(err, &e) {
			problems.Add("expr", "%s", e.Error()) // with its column and caret
		} else if path, msg, ok := strings.Cut(err.Error(), ": "); ok {
			problems.Add(path, "%s", msg) // "window: …", "start: …", "minima[i]: …"
		} else {
			problems.Add("expr", "%s", err.Error())
		}
	}
	return problems
}

// exprDim is the number of variables of an expression block.
func (s SurfaceSpec) exprDim() int {
	if len(s.Vars) > 0 {
		return len(s.Vars)
	}
	return len(expr.DefaultVars())
}

// exprSurface builds the expression surface of a validated block; the
// top-level start is the runs' start, not the surface's.
func (s SurfaceSpec) exprSurface() (surfaces.Surface, error) {
	return expr.New(s.exprSpec())
}
