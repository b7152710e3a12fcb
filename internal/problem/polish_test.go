package problem_test

import (
	"gonum.org/v1/gonum/floats"

	"math"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
)

func TestMinimaOfFiniteSum(t *testing.T) {
	for _, name := range []string{"himmelblau", "rosenbrock", "booth", "sixhump"} {
		s, _ := surfaces.New(name, nil, 2)
		obj, err := noise.New(s, noise.Config{Model: noise.FiniteSum, Batch: 1, Spread: 0.3, Examples: 128}, 3)
		if err != nil {
			t.Fatal(err)
		}
		got := problem.Polish(obj.(problem.Polishable), s.Minima())
		if len(got) != len(s.Minima()) {
			t.Fatalf("%s: %d of %d minima polished", name, len(got), len(s.Minima()))
		}
		g := make([]float64, 2)
		for _, m := range got {
			obj.Grad(g, m.X)
			if floats.Norm(g, 2) > 1e-7*math.Max(1, math.Abs(m.Value)) {
				t.Errorf("%s %s: |∇f| = %g at %v", name, m.Name, floats.Norm(g, 2), m.X)
			}
			if v := obj.Loss(m.X); v != m.Value {
				t.Errorf("%s %s: value %g, loss there %g", name, m.Name, m.Value, v)
			}
		}
	}
	// With no spread the average is the surface: minima stay put.
	s := surfaces.Rosenbrock{A: 1, B: 100}
	obj, _ := noise.New(s, noise.Config{Model: noise.FiniteSum, Batch: 1, Spread: 0, Examples: 8}, 1)
	m := problem.Polish(obj.(problem.Polishable), s.Minima())
	if len(m) != 1 || math.Abs(m[0].X[0]-1) > 1e-9 || math.Abs(m[0].X[1]-1) > 1e-9 {
		t.Fatalf("spread 0 moved the minimum: %+v", m)
	}
}
