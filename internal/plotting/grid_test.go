package plotting

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// fake is a landscape given by a function, for grid tests.
func fake(f func(x, y float64) float64, points ...Landmark) Landscape {
	return Landscape{Name: "fake", F: FuncOf(f), Lo: [2]float64{-1, -2}, Hi: [2]float64{3, 2},
		Start: []float64{0.5, 0.5}, Points: points}
}

func TestGridAdapter(t *testing.T) {
	s := rosenbrock()
	g, err := NewGrid(s.Landscape, []float64{-2, -1}, []float64{2, 3}, 40, 30)
	if err != nil {
		t.Fatal(err)
	}
	var _ plotter.GridXYZ = g
	if c, r := g.Dims(); c != 40 || r != 30 {
		t.Fatalf("dims %d×%d, want 40×30", c, r)
	}
	// Nodes are the cell centres: half a cell in from the window's edges.
	if x0, x1 := g.X(0), g.X(39); math.Abs(x0-(-2+0.05)) > 1e-12 || math.Abs(x1-(2-0.05)) > 1e-12 {
		t.Errorf("x nodes %g…%g", x0, x1)
	}
	if y0 := g.Y(0); math.Abs(y0-(-1+4.0/60)) > 1e-12 {
		t.Errorf("y0 = %g", y0)
	}
	if !g.Log || g.FMin != 0 || !(g.Offset > 0) {
		t.Errorf("Log %v FMin %g Offset %g", g.Log, g.FMin, g.Offset)
	}
	for _, cr := range [][2]int{{0, 0}, {39, 29}, {17, 11}, {30, 5}} {
		c, r := cr[0], cr[1]
		f := s.value([]float64{g.X(c), g.Y(r)})
		if want := math.Log10(f - g.FMin + g.Offset); math.Abs(g.Z(c, r)-want) > 1e-12 {
			t.Errorf("Z(%d,%d) = %g, want %g", c, r, g.Z(c, r), want)
		}
		if got := (rawGrid{g}).Z(c, r); got != f {
			t.Errorf("raw Z(%d,%d) = %g, want f = %g", c, r, got, f)
		}
		if z := g.Z(c, r); z < g.Min() || z > g.Max() {
			t.Errorf("Z(%d,%d) = %g outside [%g, %g]", c, r, z, g.Min(), g.Max())
		}
	}
	for _, z := range g.Levels(12) {
		if z <= g.Min() || z >= g.Max() {
			t.Errorf("level %g outside (%g, %g)", z, g.Min(), g.Max())
		}
		if f := g.fOf(z); math.Abs(math.Log10(f-g.FMin+g.Offset)-z) > 1e-9 {
			t.Errorf("fOf(%g) = %g does not map back", z, f)
		}
	}
}

func TestGridNegativeAndNonFinite(t *testing.T) {
	// Negative values below the listed minimum, and a pole: z stays finite.
	s := fake(func(x, y float64) float64 {
		if x > 2.5 {
			return math.Inf(1)
		}
		return x*x + y*y - 10
	}, Landmark{Name: "global", X: 0, Y: 0, Value: -10})
	g, err := NewGrid(s, []float64{-1, -2}, []float64{3, 2}, 50, 50)
	if err != nil {
		t.Fatal(err)
	}
	if g.FMin != -10 {
		t.Errorf("FMin %g, want the listed minimum -10", g.FMin)
	}
	for c := 0; c < 50; c++ {
		for r := 0; r < 50; r++ {
			if z := g.Z(c, r); !finite(z) {
				t.Fatalf("Z(%d,%d) = %g", c, r, z)
			}
		}
	}
	// A saddle lists no minimum: linear scale, FMin is the grid minimum.
	sad := fake(func(x, y float64) float64 { return x*x - y*y },
		Landmark{Name: "saddle", X: 0, Y: 0, Kind: Saddle})
	g, err = NewGrid(sad, []float64{-1, -2}, []float64{3, 2}, 20, 20)
	if err != nil {
		t.Fatal(err)
	}
	if g.Log || g.Label() != "f" || g.Z(3, 4) != sad.F.At(g.X(3), g.Y(4)) || g.FMin >= -3 {
		t.Errorf("saddle grid: Log %v label %q FMin %g", g.Log, g.Label(), g.FMin)
	}
	// A landscape with nothing finite still makes a (flat) grid.
	nan := fake(func(x, y float64) float64 { return math.NaN() })
	if g, err = NewGrid(nan, []float64{0, 0}, []float64{1, 1}, 5, 5); err != nil || !(g.Max() > g.Min()) {
		t.Errorf("all-NaN grid: %v, range %g…%g", err, g.Min(), g.Max())
	}
}

func TestGridErrors(t *testing.T) {
	s := halfpipe().Landscape
	for _, c := range []struct {
		lo, hi []float64
		n      int
	}{
		{[]float64{1, 0}, []float64{0, 1}, 10},
		{[]float64{0, 0}, []float64{math.Inf(1), 1}, 10},
		{[]float64{0}, []float64{1}, 10},
		{[]float64{0, 0}, []float64{1, 1}, 1},
	} {
		if _, err := NewGrid(s, c.lo, c.hi, c.n, c.n); err == nil {
			t.Errorf("NewGrid(%v, %v, %d): want an error", c.lo, c.hi, c.n)
		}
	}
	if _, err := NewGrid(Landscape{}, []float64{0, 0}, []float64{1, 1}, 5, 5); err == nil {
		t.Error("no function: want an error")
	}
}

// TestResolvedAllMatchesLevelByLevel: the one-pass count of Levels gives
// what the level-by-level count gives, on random grids with ties, NaN
// and infinite nodes and levels that sit on node values.
func TestResolvedAllMatchesLevelByLevel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		cols, rows := 2+rng.IntN(12), 2+rng.IntN(12)
		g := &Grid{xs: make([]float64, cols), ys: make([]float64, rows), f: make([]float64, cols*rows)}
		for i := range g.f {
			switch k := rng.IntN(20); {
			case k == 0:
				g.f[i] = math.NaN()
			case k == 1:
				g.f[i] = math.Inf(1)
			default:
				g.f[i] = float64(rng.IntN(8)) // ties with each other and with the levels
			}
		}
		fs := make([]float64, 1+rng.IntN(10))
		for i := range fs {
			fs[i] = float64(rng.IntN(16)) / 2
		}
		slices.Sort(fs)
		got := g.resolvedAll(fs)
		for i, f := range fs {
			if want := g.resolved(f); got[i] != want {
				t.Fatalf("trial %d: level %d (%v): resolvedAll %v, resolved %v", trial, i, f, got[i], want)
			}
		}
	}
}
