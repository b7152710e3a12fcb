package lab

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/trace"
)

// every optimizer of the registry, each from its defaults, with sam over sgd.
func everyOptimizer() []RunSpec {
	var runs []RunSpec
	for _, s := range optimizers.Specs() {
		c := optimizers.Config{Name: s.Name}
		if s.HasBase {
			c.Base = &optimizers.Config{Name: "sgd"}
		}
		h, err := optimizers.Resolve(c)
		if err != nil {
			panic(err)
		}
		runs = append(runs, RunSpec{Label: s.Name, Optimizer: c, LR: h.LR() / 2})
	}
	return runs
}

// Stepping every run by hand to its end gives lab.Run's result bit for
// bit, with and without noise and repeats.
func TestStepperEqualsRun(t *testing.T) {
	for _, noisy := range []bool{false, true} {
		e := rosenbrock(300, everyOptimizer()...)
		if noisy {
			c := noise.DefaultConfig()
			c.Model, c.Sigma, c.Batch = noise.Gaussian, 2, 4
			e.Problem, _ = noise.New(rosen, c, 3)
			e.Repeats = 2
		}
		runs, err := Run(context.Background(), e, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range runs {
			st, err := NewStepper(e, i)
			if err != nil {
				t.Fatal(err)
			}
			var got []trace.Point
			keep := func() {
				p := st.Point()
				p.X = slices.Clone(p.X)
				if len(got) == 0 || got[len(got)-1].Step != p.Step {
					got = append(got, p)
				}
			}
			keep()
			for !st.Done() {
				if _, err := st.Step(); err != nil {
					t.Fatal(err)
				}
				keep()
			}
			status, step := st.Status()
			if status != want.Status || step != want.StopStep {
				t.Fatalf("%s: stepper ended %s at %d, Run %s at %d", e.RunID(i), status, step, want.Status, want.StopStep)
			}
			if len(got) != len(want.Points) {
				t.Fatalf("%s: %d points by hand, %d from Run", e.RunID(i), len(got), len(want.Points))
			}
			for k := range got {
				g, w := got[k], want.Points[k]
				if g.Step != w.Step || g.LR != w.LR || g.Loss != w.Loss || g.GradNorm != w.GradNorm ||
					g.NoisyGradNorm != w.NoisyGradNorm || !slices.Equal(g.X, w.X) {
					t.Fatalf("%s step %d: by hand %+v, Run %+v", e.RunID(i), w.Step, g, w)
				}
			}
		}
	}
}

// A new lr takes effect at the next update: up to the change the path is
// the old one's, the next update is the new lr's, bit for bit.
func TestStepperSetLR(t *testing.T) {
	e := rosenbrock(50, sgd("sgd", 1e-3))
	a, _ := NewStepper(e, 0)
	for range 10 {
		a.Step()
	}
	before := slices.Clone(a.X())
	if err := a.SetLR(2e-3); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.X(), before) {
		t.Fatal("SetLR moved x")
	}
	g := make([]float64, 2)
	rosen.Grad(g, before)
	a.Step()
	p := a.Point()
	for i := range before {
		if want := before[i] - 2e-3*g[i]; p.X[i] != want {
			t.Fatalf("x%d after the change: %v, want %v (lr 2e-3)", i, p.X[i], want)
		}
	}
	if p.LR != 2e-3 {
		t.Fatalf("recorded lr %g, want 2e-3", p.LR)
	}
	for _, bad := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if a.SetLR(bad) == nil {
			t.Errorf("SetLR(%g) accepted", bad)
		}
	}
}

// SetHyper keeps the optimizer's state: momentum's velocity carries over,
// so the path differs from a fresh start with the new value and from the
// old value, and equals a hand-written heavy ball with the change.
func TestStepperSetHyperKeepsState(t *testing.T) {
	spec := RunSpec{Label: "m", Optimizer: optimizers.Config{Name: "momentum", Values: map[string]float64{"momentum": 0.9}}, LR: 1e-3}
	e := rosenbrock(40, spec)
	st, _ := NewStepper(e, 0)
	x := slices.Clone(e.Start)
	v, g := make([]float64, 2), make([]float64, 2)
	heavy := func(alpha float64) { // torch's SGD momentum: v ← αv + g; x ← x − lr·v
		rosen.Grad(g, x)
		for i := range x {
			v[i] = alpha*v[i] + g[i]
			x[i] -= 1e-3 * v[i]
		}
	}
	for k := 0; k < 20; k++ {
		if k == 10 {
			if err := st.SetHyper("momentum", 0.5); err != nil {
				t.Fatal(err)
			}
		}
		st.Step()
		alpha := 0.9
		if k >= 10 {
			alpha = 0.5
		}
		heavy(alpha)
	}
	if got := st.X(); math.Abs(got[0]-x[0]) > 1e-15 || math.Abs(got[1]-x[1]) > 1e-15 {
		t.Fatalf("after the change: %v, heavy ball with the change %v", got, x)
	}
	if err := st.SetHyper("momentum", 1.5); err == nil {
		t.Fatal("momentum 1.5 accepted")
	}
	if err := st.SetHyper("nosuch", 1); err == nil {
		t.Fatal("an unknown hyperparameter accepted")
	}
}

// Metrics are columns with their own cadence; Keep projects x.
func TestMetricsAndKeep(t *testing.T) {
	e := rosenbrock(10, sgd("sgd", 1e-3))
	calls := 0
	e.Metrics = []Metric{{Name: "x0sq", Every: 4, Eval: func(x []float64) float64 { calls++; return x[0] * x[0] }}}
	e.Keep = Keep{Index: []int{1}}
	rec := &sliceRecorder{}
	runs, err := Run(context.Background(), e, Options{NewRecorder: func(int) (Recorder, error) { return rec, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Layout().Header(); !slices.Equal(got, []string{"run", "step", "lr", "loss", "grad_norm", "x0sq", "x1"}) {
		t.Fatalf("header %v", got)
	}
	for _, p := range rec.pts {
		evaluated := !math.IsNaN(p.Metrics[0])
		if want := p.Step%4 == 0 || p.Step == 10; evaluated != want {
			t.Errorf("step %d: metric evaluated %v, want %v", p.Step, evaluated, want)
		}
		if len(p.X) != 1 {
			t.Fatalf("step %d keeps %d coordinates, want 1", p.Step, len(p.X))
		}
	}
	if calls != 4 { // steps 0, 4, 8 and the last, 10
		t.Errorf("metric evaluated %d times, want 4", calls)
	}
	if len(runs[0].FinalX) != 2 {
		t.Fatalf("final x has %d coordinates, want the whole point", len(runs[0].FinalX))
	}
}
