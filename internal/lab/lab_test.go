package lab

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

func sgd(label string, lr float64) RunSpec {
	return RunSpec{Label: label, Optimizer: optimizers.Config{Name: "sgd"}, LR: lr}
}

var rosen = surfaces.Rosenbrock{A: 1, B: 100}

func rosenbrock(steps int, runs ...RunSpec) *Experiment {
	s := rosen
	return &Experiment{Name: "t", Problem: s, Start: s.Start(), Steps: steps, Seed: 1, Runs: runs}
}

type sliceRecorder struct{ pts []trace.Point }

func (r *sliceRecorder) Record(p trace.Point) error {
	p.X = append([]float64(nil), p.X...)
	r.pts = append(r.pts, p)
	return nil
}

func TestDivergenceIsAResult(t *testing.T) {
	e := rosenbrock(100, sgd("fast", 0.05), sgd("slow", 1e-3))
	runs, err := Run(context.Background(), e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fast, slow := runs[0], runs[1]
	if fast.Status != trace.Diverged {
		t.Fatalf("sgd lr 0.05: status %s, want diverged", fast.Status)
	}
	last, _ := fast.Last()
	if last.Step != fast.StopStep || fast.StopStep >= 100 || fast.StopStep < 1 {
		t.Fatalf("diverged run stops at step %d, last point %d", fast.StopStep, last.Step)
	}
	for _, p := range fast.Points {
		if math.IsNaN(p.Loss) || math.IsInf(p.Loss, 0) {
			t.Fatalf("non-finite loss recorded at step %d", p.Step)
		}
	}
	if slow.Status != trace.MaxSteps || len(slow.Points) != 101 {
		t.Fatalf("the other run: status %s with %d points", slow.Status, len(slow.Points))
	}
}

func TestRecordEveryKeepsStartAndLast(t *testing.T) {
	for _, tc := range []struct {
		steps, every int
		want         []int
	}{
		{10, 3, []int{0, 3, 6, 9, 10}},
		{9, 3, []int{0, 3, 6, 9}},
		{5, 1, []int{0, 1, 2, 3, 4, 5}},
		{4, 100, []int{0, 4}},
	} {
		e := rosenbrock(tc.steps, sgd("gd", 1e-3))
		e.RecordEvery = tc.every
		rec := &sliceRecorder{}
		runs, err := Run(context.Background(), e, Options{NewRecorder: func(int) (Recorder, error) { return rec, nil }})
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, p := range rec.pts {
			got = append(got, p.Step)
		}
		if !equalInts(got, tc.want) {
			t.Errorf("steps=%d every=%d: recorded %v, want %v", tc.steps, tc.every, got, tc.want)
		}
		full := rosenbrock(tc.steps, sgd("gd", 1e-3))
		fr, _ := Run(context.Background(), full, Options{})
		a, _ := runs[0].Last()
		b, _ := fr[0].Last()
		if a.X[0] != b.X[0] || a.X[1] != b.X[1] {
			t.Errorf("record_every changed the path: %v vs %v", a.X, b.X)
		}
	}
}

func TestRecordEveryDivergedKeepsLastFinitePoint(t *testing.T) {
	e := rosenbrock(1000, sgd("fast", 0.05))
	full, _ := Run(context.Background(), e, Options{})
	e.RecordEvery = 7
	rec := &sliceRecorder{}
	_, err := Run(context.Background(), e, Options{NewRecorder: func(int) (Recorder, error) { return rec, nil }})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := full[0].Last()
	got := rec.pts[len(rec.pts)-1]
	if got.Step != want.Step || got.X[0] != want.X[0] || got.Loss != want.Loss {
		t.Fatalf("last recorded point step %d x %v, want step %d x %v", got.Step, got.X, want.Step, want.X)
	}
}

func TestKeeperBoundsMemory(t *testing.T) {
	e := rosenbrock(10000, sgd("gd", 1e-3))
	runs, err := Run(context.Background(), e, Options{KeepPoints: 100})
	if err != nil {
		t.Fatal(err)
	}
	pts := runs[0].Points
	if len(pts) > 101 || len(pts) < 50 {
		t.Fatalf("kept %d points, want at most 101", len(pts))
	}
	if pts[0].Step != 0 || pts[len(pts)-1].Step != 10000 {
		t.Fatalf("kept steps %d … %d, want 0 … 10000", pts[0].Step, pts[len(pts)-1].Step)
	}
	for i := 1; i < len(pts); i++ {
		if pts[i].Step <= pts[i-1].Step {
			t.Fatalf("kept steps out of order at %d", i)
		}
	}
}

func TestStopRules(t *testing.T) {
	e := rosenbrock(5000, RunSpec{Label: "newton", Optimizer: optimizers.Config{Name: "newton"}, LR: 1})
	e.Stop.LossGap = 1e-12
	runs, _ := Run(context.Background(), e, Options{})
	if runs[0].Status != trace.Converged || runs[0].StopStep > 20 {
		t.Fatalf("newton: %s at %d, want converged within 20 steps", runs[0].Status, runs[0].StopStep)
	}
	e = rosenbrock(5000, sgd("fast", 0.0045))
	e.Stop.Bound = 3
	runs, _ = Run(context.Background(), e, Options{})
	last, _ := runs[0].Last()
	if runs[0].Status != trace.OutOfBounds && runs[0].Status != trace.MaxSteps {
		t.Fatalf("status %s", runs[0].Status)
	}
	if runs[0].Status == trace.OutOfBounds && math.Max(math.Abs(last.X[0]), math.Abs(last.X[1])) <= 3 {
		t.Fatalf("out_of_bounds at %v, inside the bound", last.X)
	}
}

func TestInterruptedRunsStop(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	e := rosenbrock(1_000_000, sgd("a", 1e-4), sgd("b", 1e-4))
	runs, err := Run(ctx, e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		if r.Status != trace.Interrupted || r.StopStep >= 1000 {
			t.Fatalf("%s: %s at %d, want interrupted early", r.Label, r.Status, r.StopStep)
		}
	}
}

// TestSameNoiseForEveryOptimizer: two sgd runs with the same lr in one
// noisy experiment see the same batches, so their paths are identical; a
// different seed gives a different path.
func TestSameNoiseForEveryOptimizer(t *testing.T) {
	for _, model := range []string{noise.Gaussian, noise.FiniteSum} {
		mk := func(seed uint64) *Experiment {
			e := rosenbrock(200, sgd("a", 1e-3), RunSpec{Label: "adam", Optimizer: optimizers.Config{Name: "adam"}, LR: 0.01}, sgd("b", 1e-3))
			e.Seed = seed
			c := noise.DefaultConfig()
			c.Model, c.Batch, c.Sigma = model, 4, 2
			obj, err := noise.New(rosen, c, seed)
			if err != nil {
				t.Fatal(err)
			}
			e.Problem = obj
			return e
		}
		runs, _ := Run(context.Background(), mk(1), Options{Workers: 3})
		a, _ := runs[0].Last()
		b, _ := runs[2].Last()
		if a.X[0] != b.X[0] || a.X[1] != b.X[1] {
			t.Fatalf("%s: two identical sgd runs differ: %v vs %v", model, a.X, b.X)
		}
		other, _ := Run(context.Background(), mk(2), Options{})
		c, _ := other[0].Last()
		if c.X[0] == a.X[0] {
			t.Fatalf("%s: seed 2 gives the same path as seed 1", model)
		}
		if a.NoisyGradNorm == a.GradNorm {
			t.Fatalf("%s: noisy gradient norm equals the true one", model)
		}
	}
}

func TestRepeatsAndSummary(t *testing.T) {
	e := rosenbrock(100, sgd("gd", 1e-3))
	e.Repeats = 5
	c := noise.DefaultConfig()
	c.Model, c.Sigma = noise.Gaussian, 5
	e.Problem, _ = noise.New(rosen, c, 1)
	runs, err := Run(context.Background(), e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 5 {
		t.Fatalf("%d runs, want 5", len(runs))
	}
	s := Summarize(e, runs)
	r := s.Runs[0]
	if r.Repeats != 5 || r.FinalLossQuartiles == nil {
		t.Fatalf("summary: %+v", r)
	}
	q := *r.FinalLossQuartiles
	if !(q[0] <= q[1] && q[1] <= q[2]) || q[0] == q[2] {
		t.Fatalf("quartiles %v", q)
	}
	if r.FinalLoss == nil || *r.FinalLoss != q[1] {
		t.Fatalf("final_loss %v is not the median %g", r.FinalLoss, q[1])
	}
}

func TestCheckWork(t *testing.T) {
	e := rosenbrock(1_000_000_000_000, sgd("gd", 1e-3))
	if err := CheckWork(e); err == nil {
		t.Fatal("10^12 steps with full recording accepted")
	}
	e.RecordEvery = 1_000_000
	if err := CheckWork(e); err == nil {
		t.Fatal("10^12 steps accepted (compute)")
	}
	s := surfaces.Rosenbrock{A: 1, B: 100, N: 1_000_000}
	e = &Experiment{Problem: s, Start: s.Start(), Steps: 10, Runs: []RunSpec{{Label: "n", Optimizer: optimizers.Config{Name: "newton"}, LR: 1}}}
	if err := CheckWork(e); err == nil {
		t.Fatal("a 10^6-dimensional newton accepted")
	}
	if err := CheckWork(rosenbrock(5000, sgd("gd", 1e-3))); err != nil {
		t.Fatalf("an ordinary experiment refused: %v", err)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestGDIgnoresNoise: gd descends the exact gradient even in a noisy
// experiment, so its path is the noise-free one.
func TestGDIgnoresNoise(t *testing.T) {
	clean := rosenbrock(300, RunSpec{Label: "gd", Optimizer: optimizers.Config{Name: "gd"}, LR: 1e-3})
	want, _ := Run(context.Background(), clean, Options{})
	noisy := rosenbrock(300, RunSpec{Label: "gd", Optimizer: optimizers.Config{Name: "gd"}, LR: 1e-3}, sgd("sgd", 1e-3))
	c := noise.DefaultConfig()
	c.Model, c.Sigma = noise.Gaussian, 3
	noisy.Problem, _ = noise.New(rosen, c, 1)
	got, _ := Run(context.Background(), noisy, Options{})
	a, _ := want[0].Last()
	b, _ := got[0].Last()
	s, _ := got[1].Last()
	if a.X[0] != b.X[0] || a.X[1] != b.X[1] {
		t.Fatalf("gd under noise ends at %v, noise-free at %v", b.X, a.X)
	}
	if s.X[0] == a.X[0] {
		t.Fatal("sgd under noise followed the noise-free path")
	}
}

// A run that grows geometrically but stays finite is diverged once its
// loss gap passes the blow-up factor times the start's, with the step in
// its reason; Newton's 40× overshoot on Rosenbrock is not a blow-up.
func TestBlowupIsDiverged(t *testing.T) {
	m := surfaces.Matyas{}
	// lr 2.5 on Matyas' largest curvature 1: |1 − 2.5| = 1.5 per step, so
	// the gap grows 2.25× per step and passes 10¹⁰× in about 29 steps.
	e := &Experiment{Name: "t", Problem: m, Start: m.Start(), Steps: 1000, Seed: 1, Runs: []RunSpec{sgd("over", 2.5)}}
	for _, tc := range []struct {
		factor float64
		lo, hi int
	}{{0, 20, 40}, {1e3, 5, 15}} {
		e.Stop.Blowup = tc.factor
		runs, err := Run(context.Background(), e, Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := runs[0]
		last, _ := r.Last()
		if r.Status != trace.Diverged || r.StopStep < tc.lo || r.StopStep > tc.hi || !finite(last.Loss) {
			t.Fatalf("blowup %g: %s at step %d (loss %g), want diverged in [%d, %d] at a finite loss", tc.factor, r.Status, r.StopStep, last.Loss, tc.lo, tc.hi)
		}
		k := tc.factor
		if k == 0 {
			k = DefaultBlowup
		}
		if gap0 := r.Points[0].Loss; !(last.Loss > k*gap0) || !strings.Contains(r.Reason, "blew up at step") {
			t.Fatalf("blowup %g: stopped at loss %g (start %g), reason %q", tc.factor, last.Loss, gap0, r.Reason)
		}
	}
	e = rosenbrock(50, RunSpec{Label: "newton", Optimizer: optimizers.Config{Name: "newton"}, LR: 1})
	runs, _ := Run(context.Background(), e, Options{})
	peak := 0.0
	for _, p := range runs[0].Points {
		peak = math.Max(peak, p.Loss)
	}
	if runs[0].Status == trace.Diverged || peak < 10*runs[0].Points[0].Loss {
		t.Fatalf("newton on rosenbrock: %s, peak loss %g from %g (want the overshoot, not a blow-up)", runs[0].Status, peak, runs[0].Points[0].Loss)
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
