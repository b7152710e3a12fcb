package config

import (
	"math"
	"strings"
	"testing"
)

// TestStartsBuild: a grid is its cells' centres over the surface's window,
// row by row; random starts lie in the window and follow the seed; the
// basin radius defaults to a fraction of the window's diagonal; trace.csv
// keeps each run's start and end unless record_every was given.
func TestStartsBuild(t *testing.T) {
	load := func(extra string) *File {
		t.Helper()
		f, err := LoadBytes("c.yaml", []byte("surface: {name: sharpflat}\nsteps: 40\noptimizers: [gd]\n"+extra), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	f := load("starts: {grid: [7, 5]}\n")
	e, err := f.Build()
	if err != nil {
		t.Fatal(err)
	}
	// sharpflat's window is [−3.5, 3.5] × [−2.5, 2.5]: cells of 1 × 1.
	if len(e.Starts) != 35 || e.RunCount() != 35 {
		t.Fatalf("%d starts, %d runs; want 35", len(e.Starts), e.RunCount())
	}
	for k, x := range e.Starts {
		i, j := k%7, k/7
		if want := []float64{-3 + float64(i), -2 + float64(j)}; math.Abs(x[0]-want[0]) > 1e-12 || math.Abs(x[1]-want[1]) > 1e-12 {
			t.Errorf("start %d = %v, want %v", k, x, want)
		}
	}
	if want := DefaultBasinFraction * math.Hypot(7, 5); math.Abs(e.BasinRadius-want) > 1e-12 {
		t.Errorf("default radius %g, want %g", e.BasinRadius, want)
	}
	if e.RecordEvery != 40 || e.Report.Starts == nil || e.Report.Starts.Count != 35 {
		t.Errorf("record_every %d, report %+v", e.RecordEvery, e.Report.Starts)
	}
	e2, _ := load("starts: {grid: [7, 5], radius: 0.2}\nrecord_every: 4\n").Build()
	if e2.BasinRadius != 0.2 || e2.RecordEvery != 4 {
		t.Errorf("radius %g, record_every %d; want 0.2, 4 (given)", e2.BasinRadius, e2.RecordEvery)
	}
	r1, _ := load("starts: {random: 50}\nseed: 3\n").Build()
	r2, _ := load("starts: {random: 50}\nseed: 3\n").Build()
	r3, _ := load("starts: {random: 50}\nseed: 4\n").Build()
	for k, x := range r1.Starts {
		if x[0] < -3.5 || x[0] >= 3.5 || x[1] < -2.5 || x[1] >= 2.5 {
			t.Errorf("random start %d = %v is outside the window", k, x)
		}
		if x[0] != r2.Starts[k][0] || x[1] != r2.Starts[k][1] {
			t.Errorf("random start %d differs for the same seed", k)
		}
	}
	if r1.Starts[0][0] == r3.Starts[0][0] {
		t.Error("random starts do not follow the seed")
	}
}

// TestStartsValidate: every bad field of the block at once, by its path.
func TestStartsValidate(t *testing.T) {
	k, r := 0, -1.0
	s := &StartsSpec{Grid: []int{0, 101}, Random: &k, Radius: &r}
	var msgs []string
	for _, p := range s.Validate(3) {
		msgs = append(msgs, p.Path+": "+p.Msg)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"give grid or random, not both", "grid[0]: must be between 1 and 100, got 0",
		"grid[1]: must be between 1 and 100, got 101", "random: must be between 1 and 10000, got 0",
		"radius: must be a finite number > 0, got -1", "covers a 2-D window; the surface is 3-D"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	if (*StartsSpec)(nil).Validate(2) != nil {
		t.Error("no block is no problem")
	}
}
