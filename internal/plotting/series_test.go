package plotting

import (
	"github.com/optlab/optlab/internal/stats"

	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

func TestThinKeepsFirstLastExtremes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 50001
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
		ys[i] = math.Exp(-float64(i)/5000) * (1 + 0.1*rng.Float64())
	}
	ys[31337] = 1e6   // a spike
	ys[40000] = 1e-12 // a dip
	tx, ty := thin(xs, ys, 2000)
	if len(tx) > 2000 || len(tx) != len(ty) {
		t.Fatalf("thinned to %d/%d points, want ≤ 2000", len(tx), len(ty))
	}
	if tx[0] != 0 || tx[len(tx)-1] != float64(n-1) || ty[0] != ys[0] || ty[len(ty)-1] != ys[n-1] {
		t.Error("first or last point lost")
	}
	if !slices.Contains(ty, 1e6) || !slices.Contains(ty, 1e-12) {
		t.Error("spike or dip lost")
	}
	if !slices.IsSorted(tx) {
		t.Error("order not kept")
	}
	for i, x := range tx { // points are original points
		if ys[int(x)] != ty[i] {
			t.Fatalf("point %d (%g, %g) is not an input point", i, x, ty[i])
		}
	}
	if sx, _ := thin(xs[:100], ys[:100], 2000); len(sx) != 100 {
		t.Error("a short series must be kept whole")
	}
}

func TestQuantilesAndMedianPath(t *testing.T) {
	if q := stats.Quantile([]float64{1, 2, 3, 4}, 0.5); q != 2.5 {
		t.Errorf("median of 1..4 = %g", q)
	}
	if q := stats.Quantile([]float64{1, 2, 3, 4}, 0.25); q != 1.75 {
		t.Errorf("q25 of 1..4 = %g (R-7: 1.75)", q)
	}
	m := medianPath([][]xy{
		{{0, 0}, {1, 1}, {2, 2}},
		{{0, 1}, {3, 0}},
		{{0, 5}, {2, 9}, {7, 7}},
	})
	want := []xy{{0, 1}, {2, 1}} // up to the shortest path
	if !slices.Equal(m, want) {
		t.Errorf("median path %v, want %v", m, want)
	}
}

func TestGroupRunsAndNotes(t *testing.T) {
	runs := []trace.Run{
		{Label: "b", Repeat: 1, Status: trace.Diverged},
		{Label: "a", Status: trace.MaxSteps},
		{Label: "b", Repeat: 0, Status: trace.MaxSteps},
		{Label: "b", Repeat: 2, Status: trace.Diverged},
	}
	gs := groupRuns(runs)
	if len(gs) != 2 || gs[0].Label != "b" || gs[1].Label != "a" || gs[0].Color != 0 || gs[1].Color != 1 {
		t.Fatalf("groups %+v", gs)
	}
	if r := gs[0].Runs; r[0].Repeat != 0 || r[2].Repeat != 2 {
		t.Error("repeats not in order")
	}
	if n := gs[0].statusNote(); n != "2/3 diverged" {
		t.Errorf("note %q", n)
	}
	if n := gs[1].statusNote(); n != "" {
		t.Errorf("note %q for a finished run", n)
	}
	if s := legendText(gs[0], []float64{3, 1, 2}, ""); s != "b ×3 median  f=2  [2/3 diverged]" {
		t.Errorf("legend %q", s)
	}
}
