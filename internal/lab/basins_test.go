package lab

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

var sharpFlat = surfaces.SharpFlat{Ratio: 25, Flat: 1, Sep: 3}

func TestBasinOf(t *testing.T) {
	minima := problem.MinimaOf(sharpFlat) // sharp (−1.5, 0), flat (1.5, 0), a saddle at (−0.74, 0)
	nan := math.NaN()
	for _, c := range []struct {
		x      []float64
		radius float64
		want   string
	}{
		{[]float64{-1.5, 0}, 0.1, "sharp"},
		{[]float64{1.5, 0.3}, 0.43, "flat"},
		{[]float64{1.5, 0.5}, 0.43, BasinNone}, // just outside the radius
		{[]float64{1.5, 0.5}, 0.6, "flat"},
		{[]float64{-0.74, 0}, 0.3, BasinNone}, // on the saddle: no basin of its own
		{[]float64{-0.74, 0}, 5, "sharp"},     // the nearest minimum, not the saddle
		{[]float64{0.1, 0}, 5, "flat"},        // nearer flat than sharp
		{[]float64{nan, 0}, 5, BasinDiverged}, // nowhere
		{[]float64{math.Inf(1), 0}, 5, BasinDiverged},
	} {
		if got := BasinOf(c.x, minima, c.radius); got != c.want {
			t.Errorf("BasinOf(%v, radius %g) = %q, want %q", c.x, c.radius, got, c.want)
		}
	}
}

// basinExperiment: two optimizers under gradient noise from six starts,
// twice each.
func basinExperiment() *Experiment {
	c := noise.DefaultConfig()
	c.Model, c.Sigma, c.Batch = noise.Gaussian, 3, 1
	obj, _ := noise.New(sharpFlat, c, 7)
	starts := [][]float64{{-3, -2}, {-1.5, 0.5}, {-1, 1}, {0, 0}, {2, 2}, {3, -1}}
	return &Experiment{Name: "b", Problem: obj, Minima: sharpFlat.Minima(), Start: starts[0], Starts: starts,
		Steps: 200, Seed: 7, Repeats: 2, BasinRadius: 0.43, RecordEvery: 200,
		Runs: []RunSpec{sgd("slow", 0.01), sgd("fast", 0.05)}}
}

// TestStartsRuns: every spec runs from every start, repeats times,
// start-major; the results do not depend on the number of workers.
func TestStartsRuns(t *testing.T) {
	e := basinExperiment()
	if got, want := e.RunCount(), 2*6*2; got != want {
		t.Fatalf("RunCount = %d, want %d", got, want)
	}
	one, err := Run(context.Background(), e, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	two, err := Run(context.Background(), e, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := range one { // wall times differ; everything else must not
		one[i].Cost.Seconds, two[i].Cost.Seconds = 0, 0
	}
	if !reflect.DeepEqual(one, two) {
		t.Fatal("runs differ between 1 and 2 workers")
	}
	seeds := map[float64]bool{} // distinct noise: the runs' end points differ
	for i, r := range one {
		j := e.StartIndex(i)
		if want := e.Starts[(i%12)/2]; j != (i%12)/2 || !reflect.DeepEqual(r.Points[0].X, want) {
			t.Errorf("run %d (%s) starts at %v (start %d), want %v", i, e.RunID(i), r.Points[0].X, j, want)
		}
		if r.Label != e.Runs[i/12].Label || r.Repeat != i%12 {
			t.Errorf("run %d is %s#%d", i, r.Label, r.Repeat)
		}
		if len(r.Points) != 2 {
			t.Errorf("run %d kept %d points, want its start and end", i, len(r.Points))
		}
		if r.Basin != BasinOf(r.FinalX, e.KnownMinima(), e.BasinRadius) {
			t.Errorf("run %d: basin %q, its end point %v says %q", i, r.Basin, r.FinalX, BasinOf(r.FinalX, e.KnownMinima(), e.BasinRadius))
		}
		seeds[r.FinalX[0]] = true
	}
	if len(seeds) < len(one)-2 {
		t.Errorf("only %d distinct end points of %d runs: the starts × repeats share noise", len(seeds), len(one))
	}
	s := Summarize(e, one)
	if s.Repeats != 2 {
		t.Errorf("summary repeats = %d, want 2", s.Repeats)
	}
	for k, rs := range s.Runs {
		group := one[k*12 : (k+1)*12]
		var sum float64
		for b, f := range rs.Basins {
			n := 0
			for _, r := range group {
				if r.Basin == b {
					n++
				}
			}
			if f != float64(n)/12 {
				t.Errorf("%s: basins[%s] = %g, %d of 12 runs", rs.Label, b, f, n)
			}
			sum += f
		}
		if math.Abs(sum-1) > 1e-12 || len(rs.RepeatBasin) != 12 {
			t.Errorf("%s: fractions sum to %g over %d runs", rs.Label, sum, len(rs.RepeatBasin))
		}
		if _, ok := rs.Basins["sharp"]; !ok {
			t.Errorf("%s: basins %v lacks a known minimum", rs.Label, rs.Basins)
		}
	}
}

// TestDivergedRunsHaveNoBasin: a diverged run is counted as diverged,
// never by the last finite point it left.
func TestDivergedRunsHaveNoBasin(t *testing.T) {
	e := rosenbrock(100, sgd("fast", 0.05), sgd("slow", 1e-3))
	e.Starts, e.BasinRadius = [][]float64{{-1.2, 1}}, 0.1
	runs, err := Run(context.Background(), e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].Status != trace.Diverged || runs[0].Basin != BasinDiverged {
		t.Errorf("fast: status %s, basin %q; want diverged, %q", runs[0].Status, runs[0].Basin, BasinDiverged)
	}
	if runs[1].Basin != BasinNone {
		t.Errorf("slow (100 steps at 1e-3, far from (1, 1)): basin %q, want %q", runs[1].Basin, BasinNone)
	}
	s := Summarize(e, runs)
	if s.Runs[0].Basins[BasinDiverged] != 1 {
		t.Errorf("fast: basins %v", s.Runs[0].Basins)
	}
}
