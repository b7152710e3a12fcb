package runner

import (
	"context"
	"testing"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/parallel"
)

func sharpflatExperiment(t *testing.T, block string) *lab.Experiment {
	t.Helper()
	f, err := config.LoadBytes("c.yaml", []byte("surface: {name: sharpflat}\nsteps: 200\n"+
		"optimizers: [{name: sgd, label: small, lr: 0.05}, {name: sgd, label: large, lr: 0.3}]\n"+block), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.Build()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestSharpnessInSummary: each label's end point is measured (the small
// step ends in the sharp minimum, λmax 25; the large one in the flat one,
// λmax 1), with the block's ρ; skip: true measures nothing; a signal
// during the measurement leaves every label without it.
func TestSharpnessInSummary(t *testing.T) {
	e := sharpflatExperiment(t, "sharpness: {rho: 0.1}\n")
	res, err := Write(context.Background(), e, t.TempDir(), Options{NoFigures: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"small": 25, "large": 1}
	for _, r := range res.Summary.Runs {
		s := r.Sharpness
		if s == nil || s.LambdaMax == nil || s.SAM == nil {
			t.Fatalf("%s: sharpness %+v", r.Label, s)
		}
		if d := *s.LambdaMax - want[r.Label]; d > 1e-9 || d < -1e-9 || s.Rho != 0.1 || s.LambdaMethod != "exact" {
			t.Errorf("%s: λmax %g (%s), ρ %g; want %g, exact, 0.1", r.Label, *s.LambdaMax, s.LambdaMethod, s.Rho, want[r.Label])
		}
	}
	e = sharpflatExperiment(t, "sharpness: {skip: true}\n")
	if res, err = Write(context.Background(), e, t.TempDir(), Options{NoFigures: true}); err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Summary.Runs {
		if r.Sharpness != nil {
			t.Errorf("skip: %s has sharpness", r.Label)
		}
	}
	e = sharpflatExperiment(t, "")
	runs, err := lab.Run(context.Background(), e, lab.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := lab.Summarize(e, runs)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := addSharpness(ctx, e, runs, sum, parallel.New(1)); err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Runs {
		if r.Sharpness != nil {
			t.Errorf("after a signal: %s has sharpness", r.Label)
		}
	}
}
