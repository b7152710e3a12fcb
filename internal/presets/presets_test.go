package presets

import (
	"encoding/csv"
	"strings"
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

// TestTunedTable: the embedded table parses, and every row names a
// registered surface and optimizer (a misspelt one would silently never
// apply) once.
func TestTunedTable(t *testing.T) {
	recs, err := csv.NewReader(strings.NewReader(tunedCSV)).ReadAll()
	if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != "surface,optimizer,lr" {
		t.Fatalf("tuned.csv: %v, %d rows", err, len(recs))
	}
	seen := map[[2]string]bool{}
	for _, r := range recs[1:] {
		if _, ok := surfaces.Lookup(r[0]); !ok {
			t.Errorf("tuned rate for unknown surface %q", r[0])
		}
		if _, ok := optimizers.Lookup(r[1]); !ok {
			t.Errorf("tuned rate for unknown optimizer %q", r[1])
		}
		if seen[[2]string{r[0], r[1]}] {
			t.Errorf("%s on %s tuned twice", r[1], r[0])
		}
		seen[[2]string{r[0], r[1]}] = true
	}
	for _, name := range surfaces.Names() {
		if _, err := tuned(name); err != nil {
			t.Fatal(err)
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
