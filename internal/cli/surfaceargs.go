package cli

import (
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/surfaces"
)

// surfaceArgs checks a surface named on the command line (what names the
// field in messages, e.g. "--surface") and parses its --param NAME=VALUE
// flags.
func surfaceArgs(what, name string, params []string) (map[string]float64, error) {
	if _, ok := surfaces.Lookup(name); !ok {
		return nil, usageErrorf("%s: unknown surface %q%s; have %s", what, name,
			config.Suggest(name, surfaces.Names()), strings.Join(surfaces.Names(), ", "))
	}
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
