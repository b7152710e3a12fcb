package noise

import (
	"encoding/json"
	"github.com/optlab/optlab/internal/problem"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/surfaces"
)

var rosen = surfaces.Rosenbrock{A: 1, B: 100}

func mustNew(t *testing.T, c Config, seed uint64) problem.Objective {
	t.Helper()
	o, err := New(rosen, c, seed)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func gaussCfg(m int) Config { return Config{Model: Gaussian, Batch: m, Sigma: 2} }
func fsCfg(n, m int) Config { return Config{Model: FiniteSum, Batch: m, Spread: 0.5, Examples: n} }

// draws runs steps of a stream, querying at x (and, when extra, at other
// points and the Hessian, as Nesterov, SAM or Newton would), and returns
// every gradient at x.
func draws(o problem.Objective, seed uint64, steps int, extra bool) []float64 {
	st := streamOf(o, seed)
	x, y, g := []float64{-1.2, 1}, []float64{0.3, -2}, make([]float64, 2)
	h := mat.NewSymDense(2, nil)
	var out []float64
	for range steps {
		st.Next()
		if extra {
			st.Grad(g, y)
			st.Hessian(h, y)
		}
		st.Grad(g, x)
		out = append(out, g...)
		if extra {
			st.Grad(g, y)
		}
	}
	return out
}

func TestNoiseStreamsReproducible(t *testing.T) {
	for _, c := range []Config{gaussCfg(4), fsCfg(100, 7)} {
		o := mustNew(t, c, 1)
		a, b := draws(o, 9, 50, false), draws(o, 9, 50, true)
		if !slices.Equal(a, b) {
			t.Errorf("%s: equal seeds gave different streams", c.Model)
		}
		if slices.Equal(a, draws(mustNew(t, c, 1), 9, 50, false)) == false {
			t.Errorf("%s: a rebuilt objective gave a different stream", c.Model)
		}
		if slices.Equal(a, draws(o, 10, 50, false)) {
			t.Errorf("%s: different seeds gave equal streams", c.Model)
		}
	}
	// finite_sum's dataset follows the experiment seed.
	x := []float64{0.5, 0.5}
	if mustNew(t, fsCfg(100, 7), 1).Loss(x) == mustNew(t, fsCfg(100, 7), 2).Loss(x) {
		t.Error("finite_sum: different experiment seeds gave the same dataset")
	}
}

func TestNoiseExact(t *testing.T) {
	for _, o := range []problem.Objective{rosen, mustNew(t, Config{}, 1), mustNew(t, gaussCfg(1), 1)} {
		st := streamOf(o, 5)
		x, g, want := []float64{-1.2, 1}, make([]float64, 2), make([]float64, 2)
		rosen.Grad(want, x)
		st.Grad(g, x) // before the first Next: exact
		if !slices.Equal(g, want) || o.Loss(x) != rosen.Loss(x) {
			t.Errorf("%T: got %v, want %v", o, g, want)
		}
	}
	st := streamOf(rosen, 1)
	st.Next()
	g, want := make([]float64, 2), make([]float64, 2)
	st.Grad(g, []float64{0, 0})
	rosen.Grad(want, []float64{0, 0})
	if !slices.Equal(g, want) {
		t.Errorf("exact stream after Next: %v, want %v", g, want)
	}
}

// The batch is fixed within a step: repeated queries at x agree.
func TestNoiseSameBatchWithinStep(t *testing.T) {
	for _, c := range []Config{gaussCfg(2), fsCfg(64, 4)} {
		st := streamOf(mustNew(t, c, 3), 4)
		st.Next()
		x, a, b := []float64{0.1, 0.2}, make([]float64, 2), make([]float64, 2)
		st.Grad(a, x)
		st.Grad(b, []float64{3, 3})
		st.Grad(b, x)
		if !slices.Equal(a, b) {
			t.Errorf("%s: queries of one step disagree: %v vs %v", c.Model, a, b)
		}
	}
}

func TestNoiseEpochs(t *testing.T) {
	const n, m = 10, 3 // 3 batches per epoch, one example dropped
	st := streamOf(mustNew(t, fsCfg(n, m), 1), 2).(*finiteSumStream)
	for epoch := range 4 {
		seen := map[int]bool{}
		for range n / m {
			st.Next()
			if len(st.batch) != m || !slices.IsSorted(st.batch) {
				t.Fatalf("batch %v: want %d sorted examples", st.batch, m)
			}
			for _, i := range st.batch {
				if seen[i] {
					t.Fatalf("epoch %d: example %d drawn twice", epoch, i)
				}
				seen[i] = true
			}
		}
		if len(seen) != n/m*m {
			t.Fatalf("epoch %d saw %d examples", epoch, len(seen))
		}
	}
}

// SGD with m = N under finite_sum is GD on the averaged loss, bit for bit.
func TestNoiseFullBatchIsGD(t *testing.T) {
	const n, lr = 500, 1e-3
	o := mustNew(t, fsCfg(n, n), 7)
	st := streamOf(o, 11)
	x, y, g := []float64{-1.2, 1}, []float64{-1.2, 1}, make([]float64, 2)
	for range 200 {
		st.Next()
		st.Grad(g, x)
		for i := range x {
			x[i] -= lr * g[i]
		}
		o.Grad(g, y)
		for i := range y {
			y[i] -= lr * g[i]
		}
	}
	if !slices.Equal(x, y) {
		t.Fatalf("SGD m = N ended at %v, GD at %v", x, y)
	}
	// The loss really is the average over the examples.
	f := o.(*finiteSum)
	var sum float64
	for i := range n {
		sum += rosen.Loss([]float64{x[0] - f.delta[2*i], x[1] - f.delta[2*i+1]})
	}
	if got := o.Loss(x); math.Abs(got-sum/n) > 1e-12*math.Abs(got) {
		t.Fatalf("Loss = %g, average = %g", got, sum/n)
	}
	// The Hessian of the full batch is the average Hessian (checked against
	// central differences of Grad).
	h := mat.NewSymDense(2, nil)
	st.Hessian(h, x)
	for j := range 2 {
		xp, xm, gp, gm := slices.Clone(x), slices.Clone(x), make([]float64, 2), make([]float64, 2)
		xp[j] += 1e-5
		xm[j] -= 1e-5
		o.Grad(gp, xp)
		o.Grad(gm, xm)
		for i := range 2 {
			if fd := (gp[i] - gm[i]) / 2e-5; math.Abs(fd-h.At(i, j)) > 1e-4*(1+math.Abs(fd)) {
				t.Errorf("H[%d][%d] = %g, finite differences %g", i, j, h.At(i, j), fd)
			}
		}
	}
}

func TestNoiseNoAllocs(t *testing.T) {
	for _, c := range []Config{gaussCfg(2), fsCfg(64, 8), {}} {
		o := mustNew(t, c, 1)
		st := streamOf(o, 1)
		x, g, h := []float64{0.1, 0.2}, make([]float64, 2), mat.NewSymDense(2, nil)
		allocs := testing.AllocsPerRun(100, func() {
			st.Next()
			st.Grad(g, x)
			st.Hessian(h, x)
		})
		if allocs != 0 {
			t.Errorf("%q: %g allocations per step", c.Model, allocs)
		}
		// Loss and Grad borrow scratch from a sync.Pool, which the race
		// detector empties at random.
		if allocs := testing.AllocsPerRun(100, func() { o.Grad(g, x); _ = o.Loss(x) }); allocs != 0 && !raceEnabled {
			t.Errorf("%q: %g allocations per Loss + Grad", c.Model, allocs)
		}
	}
}

var powers = []int{1, 2, 4, 8, 16, 32, 64, 128, 256}

func TestNoiseGaussianSlope(t *testing.T) {
	c := gaussCfg(1)
	ms, err := Measure(rosen, c, 1, []float64{-1.2, 1}, powers, 4000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("gaussian: slope %.4f, std %v", ms.Slope, ms.Std)
	if math.Abs(ms.Slope+0.5) > 0.05 || ms.Fitted != len(powers) {
		t.Errorf("slope %.4f over %d sizes, want −0.5 ± 0.05", ms.Slope, ms.Fitted)
	}
	// RMS of ‖σ/√m·z‖ in 2-D is σ·√2/√m.
	for k, m := range powers {
		if want := c.Sigma * math.Sqrt(2/float64(m)); math.Abs(ms.Std[k]/want-1) > 0.05 {
			t.Errorf("m = %d: std %g, want ≈ %g", m, ms.Std[k], want)
		}
	}
}

func TestNoiseFiniteSumSlope(t *testing.T) {
	const n = 4096
	at := []float64{-0.5, 0.5}
	ms, err := Measure(rosen, fsCfg(n, 1), 1, at, powers[:7], 3000) // m = 1 … 64 ≪ N
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("finite_sum: slope %.4f, std %v", ms.Slope, ms.Std)
	if math.Abs(ms.Slope+0.5) > 0.05 || ms.Fitted != 7 {
		t.Errorf("slope %.4f over %d sizes, want −0.5 ± 0.05 over 7", ms.Slope, ms.Fitted)
	}
	// The full batch has no noise at all, and drops out of the fit.
	full, err := Measure(rosen, fsCfg(n, 1), 1, at, []int{1, 2, n}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if full.Std[2] != 0 || full.NormStd[2] != 0 || slices.Max(full.CompStd[2]) != 0 || full.Fitted != 2 {
		t.Errorf("m = N: std %g (fitted %d), want exactly 0", full.Std[2], full.Fitted)
	}
	b, _ := json.Marshal(ms)
	var back struct {
		Batches []int
		Std     []float64
		Slope   float64
	}
	if err := json.Unmarshal(b, &back); err != nil || back.Slope != ms.Slope || len(back.Std) != 7 {
		t.Errorf("JSON %s: %v", b, err)
	}
}

// One objective serves parallel runs: Loss and Grad are safe for
// concurrent use and each stream is independent of the others.
func TestNoiseConcurrent(t *testing.T) {
	o := mustNew(t, fsCfg(300, 5), 1)
	want := draws(o, 4, 20, false)
	x := []float64{0.3, 0.7}
	loss := o.Loss(x)
	done := make(chan bool)
	for range 8 {
		go func() {
			g := make([]float64, 2)
			ok := true
			for range 20 {
				o.Grad(g, x)
				ok = ok && o.Loss(x) == loss
			}
			done <- ok && slices.Equal(draws(o, 4, 20, true), want)
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("concurrent use changed a result")
		}
	}
}

func TestNoiseMeasureErrors(t *testing.T) {
	x := []float64{0, 0}
	for _, tc := range []struct {
		c       Config
		at      []float64
		batches []int
		samples int
		want    string
	}{
		{fsCfg(100, 1), x, []int{1, 200}, 10, "batch: must be ≤ examples (100), got 200"},
		{gaussCfg(1), x, []int{0}, 10, "batch: must be ≥ 1, got 0"},
		{gaussCfg(1), []float64{1}, []int{1}, 10, "at: want 2 coordinates, got 1"},
		{gaussCfg(1), x, nil, 10, "batches: need at least one batch size"},
		{gaussCfg(1), x, []int{1}, 1, "samples: must be ≥ 2, got 1"},
	} {
		if _, err := Measure(rosen, tc.c, 1, tc.at, tc.batches, tc.samples); err == nil || err.Error() != tc.want {
			t.Errorf("got %v, want %s", err, tc.want)
		}
	}
	ms, err := Measure(rosen, Config{}, 1, x, []int{1, 2}, 5)
	if err != nil || ms.Std[0] != 0 || !math.IsNaN(ms.Slope) {
		t.Errorf("no noise: %+v, %v", ms, err)
	}
	if b, err := json.Marshal(ms); err != nil || string(b) != `{"batches":[1,2],"std":[0,0],"slope":null}` {
		t.Errorf("JSON %s, %v", b, err)
	}
}

// streamOf is o's stream for one run, with its Hessian queries.
func streamOf(o problem.Objective, seed uint64) Stream {
	return problem.StreamOf(o, seed).(Stream)
}
