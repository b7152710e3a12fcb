package lab

import (
	"context"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/trace"
)

// Each run counts what its method evaluated, by counting the queries it
// really made: one gradient per update, two for SAM (its ascent point),
// a Hessian per Newton update, and under finite-sum noise m examples per
// mini-batch gradient against N for an exact one.
func TestCostCountsWhatMethodsEvaluate(t *testing.T) {
	const steps = 40
	run := func(name string, base string, noisy bool) trace.Cost {
		t.Helper()
		c := optimizers.Config{Name: name}
		if base != "" {
			c.Base = &optimizers.Config{Name: base}
		}
		h, err := optimizers.Resolve(c)
		if err != nil {
			t.Fatal(err)
		}
		e := rosenbrock(steps, RunSpec{Label: name, Optimizer: c, LR: h.LR() / 4})
		if noisy {
			nc := noise.DefaultConfig()
			nc.Model, nc.Batch, nc.Examples = noise.FiniteSum, 4, 64
			if e.Problem, err = noise.New(rosen, nc, 1); err != nil {
				t.Fatal(err)
			}
		}
		runs, err := Run(context.Background(), e, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := runs[0]
		if r.StopStep != steps {
			t.Fatalf("%s stopped at %d (%s)", name, r.StopStep, r.Status)
		}
		if r.Cost.Seconds <= 0 {
			t.Errorf("%s: wall time %g", name, r.Cost.Seconds)
		}
		r.Cost.Seconds = 0
		return r.Cost
	}
	cases := []struct {
		name, base string
		noisy      bool
		want       trace.Cost
	}{
		{"sgd", "", false, trace.Cost{GradEvals: steps, Examples: steps}},
		{"adam", "", false, trace.Cost{GradEvals: steps, Examples: steps}},
		{"sam", "sgd", false, trace.Cost{GradEvals: 2 * steps, Examples: 2 * steps}},
		{"newton", "", false, trace.Cost{GradEvals: steps, HessianEvals: steps, Examples: steps}},
		{"sgd", "", true, trace.Cost{GradEvals: steps, Examples: 4 * steps}},
		{"sam", "sgd", true, trace.Cost{GradEvals: 2 * steps, Examples: 8 * steps}},
		{"gd", "", true, trace.Cost{GradEvals: steps, Examples: 64 * steps}},
	}
	for _, c := range cases {
		if _, ok := optimizers.Lookup(c.name); !ok {
			t.Fatalf("no optimizer %q", c.name)
		}
		if got := run(c.name, c.base, c.noisy); got != c.want {
			t.Errorf("%s (noisy %v): cost %+v, want %+v", c.name, c.noisy, got, c.want)
		}
	}
}
