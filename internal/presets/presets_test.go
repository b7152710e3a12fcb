package presets

import (
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// TestEveryOptimizerHasARate: compare must never fall back to an lr of 0,
// so every registered optimizer brings a positive rate for every surface.
func TestEveryOptimizerHasARate(t *testing.T) {
	for _, name := range surfaces.Names() {
		s, err := surfaces.New(name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		p := For(s)
		if p.Steps < 1 {
			t.Errorf("%s: steps %d", name, p.Steps)
		}
		for _, o := range optimizers.Names() {
			if lr := p.LR[o]; !(lr > 0) {
				t.Errorf("%s: %s has lr %g", name, o, lr)
			}
		}
	}
}

// TestTunedRatesNameSurfaces: a tuned rate keyed by a misspelt surface
// would silently never apply.
func TestTunedRatesNameSurfaces(t *testing.T) {
	for _, spec := range optimizers.Specs() {
		for surface := range spec.Preset.Tuned {
			if _, ok := surfaces.Lookup(surface); !ok {
				t.Errorf("%s: tuned rate for unknown surface %q", spec.Name, surface)
			}
		}
	}
}

func TestPresetValues(t *testing.T) {
	s, _ := surfaces.New("rosenbrock", nil, 0)
	p := For(s)
	if p.Steps != 2000 || p.LR["adam"] != 0.05 || p.LR["gd"] != p.LR["sgd"] || p.LR["newton"] != 1 {
		t.Errorf("rosenbrock preset %+v", p)
	}
}
