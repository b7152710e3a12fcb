package plotting

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot/plotter"
)

// DefaultGridSize is the number of grid nodes per side of a landscape.
const DefaultGridSize = 120

// Grid samples a landscape once, at the centres of a regular cols×rows
// partition of the window (so a heat map of it covers exactly the window),
// and serves a colour value z per node as a plotter.GridXYZ (column c is x,
// row r is y). Non-finite f counts as the largest finite f.
//
// With Log (any landscape that marks a minimum), z = log10(f − FMin +
// Offset): FMin is the smallest listed minimum or grid value, whichever is
// lower, so z is finite where f is negative; Offset is a small fraction
// of the value range, so the minimum does not stretch the scale to −∞.
// Landscapes that mark no minimum (saddles, unbounded below) have no f* to
// measure from, and z = f on a linear scale (FMin is the grid minimum).
type Grid struct {
	FMin, Offset float64
	Log          bool
	xs, ys       []float64
	z            []float64 // row-major: z[r*len(xs)+c]
	f            []float64 // f itself, non-finite values replaced by the maximum
	min, max     float64
	traced       strokeMemo // contour strokes traced on this grid (contour.go)
}

var _ plotter.GridXYZ = (*Grid)(nil)

// NewGrid samples l on cols×rows nodes spanning [lo, hi] (both of len 2).
func NewGrid(l Landscape, lo, hi []float64, cols, rows int) (*Grid, error) {
	if l.F == nil {
		return nil, fmt.Errorf("plotting: landscape %q has no function", l.Name)
	}
	if len(lo) != 2 || len(hi) != 2 || !(lo[0] < hi[0]) || !(lo[1] < hi[1]) ||
		!finite(lo[0], lo[1], hi[0], hi[1]) {
		return nil, fmt.Errorf("plotting: bad window %v–%v", lo, hi)
	}
	if cols < 2 || rows < 2 {
		return nil, fmt.Errorf("plotting: grid needs ≥ 2 nodes per side, got %d×%d", cols, rows)
	}
	g := &Grid{xs: centres(lo[0], hi[0], cols), ys: centres(lo[1], hi[1], rows)}
	g.z, g.f = make([]float64, cols*rows), make([]float64, cols*rows)
	fmin, fmax := math.Inf(1), math.Inf(-1)
	for r, y := range g.ys {
		for c, x := range g.xs {
			f := l.F.At(x, y)
			g.f[r*cols+c] = f
			if finite(f) {
				fmin, fmax = math.Min(fmin, f), math.Max(fmax, f)
			}
		}
	}
	if math.IsInf(fmin, 1) { // nothing finite: a flat, empty landscape
		fmin, fmax = 0, 1
	}
	for _, m := range l.Points {
		if m.Kind == Minimum {
			g.Log = true
		}
		if finite(m.Value) {
			fmin = math.Min(fmin, m.Value)
		}
	}
	g.FMin = fmin
	if g.Log {
		g.Offset = math.Max((fmax-fmin)*1e-5, 1e-12*math.Max(1, math.Abs(fmin)))
	}
	g.min, g.max = math.Inf(1), math.Inf(-1)
	for i, f := range g.f {
		if !finite(f) {
			f = fmax
		}
		v := f
		if g.Log {
			v = math.Log10(math.Max(f-fmin, 0) + g.Offset)
		}
		g.z[i], g.f[i] = v, f
		g.min, g.max = math.Min(g.min, v), math.Max(g.max, v)
	}
	if !(g.max > g.min) {
		g.max = g.min + 1
	}
	return g, nil
}

// fOf converts a colour value z back to f.
func (g *Grid) fOf(z float64) float64 {
	if !g.Log {
		return z
	}
	return g.FMin - g.Offset + math.Pow(10, z)
}

// Label names what z is, for the colour bar.
func (g *Grid) Label() string {
	switch {
	case !g.Log:
		return "f"
	case g.FMin != 0:
		return fmt.Sprintf("log10(f − f*),  f* = %.4g", g.FMin)
	}
	return "log10(f − f*)"
}

// Dims returns the number of columns (x) and rows (y).
func (g *Grid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z returns the colour value z at node (c, r).
func (g *Grid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }

// X returns the x coordinate of column c.
func (g *Grid) X(c int) float64 { return g.xs[c] }

// Y returns the y coordinate of row r.
func (g *Grid) Y(r int) float64 { return g.ys[r] }

// Min and Max are the range of Z (used by plotter.NewHeatMap/NewContour).
func (g *Grid) Min() float64 { return g.min }

// Max is the largest Z.
func (g *Grid) Max() float64 { return g.max }

// Levels returns up to n contour levels (of z) evenly spaced over the upper
// 80% of (Min, Max) on a log scale, the lowest fifth being left to the heat
// map, and over the whole range on a linear one. Levels the grid does not
// resolve are dropped: those whose sub- or super-level set has fewer nodes
// than the cells the contour crosses, i.e. regions thinner than about two
// cells (a narrow valley floor, tiny rings around Rastrigin's bumps),
// which would be drawn as wiggles of fragments.
func (g *Grid) Levels(n int) []float64 {
	// Every panel of small multiples asks its grid for the same levels.
	g.traced.mu.Lock()
	lv, ok := g.traced.levels[n]
	g.traced.mu.Unlock()
	if !ok {
		lv = g.levels(n)
		g.traced.mu.Lock()
		if g.traced.levels == nil {
			g.traced.levels = map[int][]float64{}
		}
		g.traced.levels[n] = lv
		g.traced.mu.Unlock()
	}
	return slices.Clone(lv)
}

// levels is Levels, computed.
func (g *Grid) levels(n int) []float64 {
	zs, fs := make([]float64, n), make([]float64, n)
	for i := range zs {
		zs[i] = g.min + (g.max-g.min)*(0.2+0.8*float64(i)/float64(n))
		if !g.Log {
			zs[i] = g.min + (g.max-g.min)*(float64(i)+0.5)/float64(n)
		}
		fs[i] = g.fOf(zs[i])
	}
	ok := g.resolvedAll(fs)
	lv := make([]float64, 0, n)
	for i, z := range zs {
		if ok[i] {
			lv = append(lv, z)
		}
	}
	return lv
}

// resolvedAll is resolved of every level of fs (ascending, as Levels
// makes them) in one pass over the grid instead of one a level: a node
// or cell adds to the counts of the whole run of levels it is below,
// above or crossed by (found by bisection), kept as differences.
func (g *Grid) resolvedAll(fs []float64) []bool {
	n := len(fs)
	ok := make([]bool, n)
	for i, f := range fs {
		if math.IsNaN(f) || (i > 0 && f < fs[i-1]) {
			for i, f := range fs { // not what Levels makes: level by level
				ok[i] = g.resolved(f)
			}
			return ok
		}
	}
	// less(v) is the number of levels < v, atMost(v) of levels ≤ v.
	less := func(v float64) int { return sort.Search(n, func(i int) bool { return fs[i] >= v }) }
	atMost := func(v float64) int { return sort.Search(n, func(i int) bool { return fs[i] > v }) }
	below, above, cross := make([]int, n+1), make([]int, n+1), make([]int, n+1)
	cols, rows := g.Dims()
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			f := g.f[r*cols+c]
			if !math.IsNaN(f) {
				above[0]++ // levels [0, less(f)) are below f
				above[less(f)]--
				below[atMost(f)]++ // levels [atMost(f), n) are above f
			}
			if r == rows-1 || c == cols-1 {
				continue
			}
			a, b, d := g.f[r*cols+c+1], g.f[(r+1)*cols+c], g.f[(r+1)*cols+c+1]
			lo, hi := min(f, a, b, d), max(f, a, b, d)
			if math.IsNaN(lo) || math.IsNaN(hi) {
				continue
			}
			if i, j := atMost(lo), less(hi); i < j { // lo < level < hi
				cross[i]++
				cross[j]--
			}
		}
	}
	var nb, na, nc int
	for i := range ok {
		nb, na, nc = nb+below[i], na+above[i], nc+cross[i]
		ok[i] = min(nb, na) >= nc
	}
	return ok
}

// resolved reports whether the contour f = level is resolved by the grid.
func (g *Grid) resolved(level float64) bool {
	cols, rows := g.Dims()
	below, above, cross := 0, 0, 0
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			f := g.f[r*cols+c]
			if f < level {
				below++
			} else if f > level {
				above++
			}
			if r == rows-1 || c == cols-1 {
				continue
			}
			a, b, d := g.f[r*cols+c+1], g.f[(r+1)*cols+c], g.f[(r+1)*cols+c+1]
			lo, hi := min(f, a, b, d), max(f, a, b, d)
			if lo < level && level < hi {
				cross++
			}
		}
	}
	return min(below, above) >= cross
}

// rawGrid serves f itself on g's nodes. Contours are traced on it, at the
// levels fOf(z): f is smooth where log10(f − f*) has a cusp (along a
// valley floor), so linear interpolation between nodes follows narrow
// valleys far better than on the log values.
type rawGrid struct{ *Grid }

// Z returns f at node (c, r).
func (g rawGrid) Z(c, r int) float64 { return g.f[r*len(g.xs)+c] }

// Min is the smallest f.
func (g rawGrid) Min() float64 { return g.fOf(g.min) }

// Max is the largest f.
func (g rawGrid) Max() float64 { return g.fOf(g.max) }

// rawLevels converts levels of z to levels of f.
func (g *Grid) rawLevels(lv []float64) []float64 {
	out := make([]float64, len(lv))
	for i, z := range lv {
		out[i] = g.fOf(z)
	}
	return out
}

// centres returns the midpoints of n equal cells partitioning [a, b].
func centres(a, b float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*(float64(i)+0.5)/float64(n)
	}
	return v
}

func finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
