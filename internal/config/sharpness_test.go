package config

import (
	"math"
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/sharpness"
)

// TestSharpnessBlock: the block's values reach the experiment, skip: true
// leaves it out, and no block measures with the defaults.
func TestSharpnessBlock(t *testing.T) {
	head := "surface: {name: sharpflat}\nsteps: 3\nseed: 7\noptimizers: [sgd]\n"
	cases := []struct {
		block string
		want  *sharpness.Options
	}{
		{"", &sharpness.Options{Seed: 7}},
		{"sharpness: {skip: true}\n", nil},
		{"sharpness: {rho: 0.1, epsilon: 1.0e-4, restarts: 3, ascent_steps: 5, iterations: 9, samples: 4}\n",
			&sharpness.Options{Rho: 0.1, Epsilon: 1e-4, Restarts: 3, AscentSteps: 5, Iterations: 9, Samples: 4, Seed: 7}},
	}
	for _, c := range cases {
		f, err := LoadBytes("c.yaml", []byte(head+c.block), nil, nil)
		if err != nil {
			t.Fatalf("%q: %v", c.block, err)
		}
		e, err := f.Build()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case (e.Sharpness == nil) != (c.want == nil):
			t.Errorf("%q: sharpness %v, want %v", c.block, e.Sharpness, c.want)
		case c.want != nil && *e.Sharpness != *c.want:
			t.Errorf("%q: sharpness %+v, want %+v", c.block, *e.Sharpness, *c.want)
		}
	}
}

// TestTestShift: the test loss is the train loss at x − shift, and every
// run asks summary.json for its train and test loss.
func TestTestShift(t *testing.T) {
	f, err := LoadBytes("c.yaml", []byte("surface: {name: sharpflat, test_shift: [0.25, -0.5]}\nsteps: 3\noptimizers: [sgd, adam]\n"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Metrics) != 1 || e.Metrics[0].Name != "test_loss" {
		t.Fatalf("metrics %+v, want test_loss", e.Metrics)
	}
	for _, x := range [][]float64{{-1.5, 0}, {1.5, 0}, {0.3, 0.7}} {
		got := e.Metrics[0].Eval(x)
		want := e.Problem.Loss([]float64{x[0] - 0.25, x[1] + 0.5})
		if got != want || math.IsNaN(got) {
			t.Errorf("test loss at %v: %g, want f(x − shift) = %g", x, got, want)
		}
	}
	for _, r := range e.Runs {
		if r.Data == nil {
			t.Errorf("run %s: no train/test summary", r.Label)
		}
	}
	if len(e.Report.TestShift) != 2 {
		t.Errorf("report test_shift %v", e.Report.TestShift)
	}
}

// TestSharpnessRhoIsSAMs: the default radius is the sam optimizer's own
// default rho, so the measured sharpness is the one SAM minimises.
func TestSharpnessRhoIsSAMs(t *testing.T) {
	spec, ok := optimizers.Lookup("sam")
	if !ok {
		t.Fatal("no sam optimizer")
	}
	for _, p := range spec.Params {
		if p.Name == "rho" {
			if p.Default != sharpness.DefaultRho {
				t.Errorf("sam's rho defaults to %g, sharpness.DefaultRho is %g", p.Default, sharpness.DefaultRho)
			}
			return
		}
	}
	t.Error("sam has no rho")
}
