package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"

	"github.com/optlab/optlab/internal/surfaces"
)

// DefaultGridSize is the number of grid nodes per side of a landscape.
const DefaultGridSize = 160

// Grid samples a 2-D surface once, at the centres of a regular cols×rows
// partition of the window (so a heat map of it covers exactly the window),
// and serves z = log10(f − FMin + Offset) as a plotter.GridXYZ (column c
// is x, row r is y). FMin is the smallest listed minimum or the grid minimum,
// whichever is lower, so z is finite even where f is negative; Offset is
// a small fraction of the value range, so the global minimum does not
// stretch the colour scale to −∞. Non-finite f is stored as the maximum.
type Grid struct {
	FMin, Offset float64
	xs, ys       []float64
	z            []float64 // row-major: z[r*len(xs)+c]
	min, max     float64
}

var _ plotter.GridXYZ = (*Grid)(nil)

// NewGrid samples s on cols×rows nodes spanning [lo, hi] (both of len 2).
func NewGrid(s surfaces.Surface, lo, hi []float64, cols, rows int) (*Grid, error) {
	if s.Dim() != 2 {
		return nil, fmt.Errorf("plotting: %s is %d-D; landscapes need 2-D", s.Name(), s.Dim())
	}
	if len(lo) != 2 || len(hi) != 2 || !(lo[0] < hi[0]) || !(lo[1] < hi[1]) ||
		!finite(lo[0], lo[1], hi[0], hi[1]) {
		return nil, fmt.Errorf("plotting: bad window %v–%v", lo, hi)
	}
	if cols < 2 || rows < 2 {
		return nil, fmt.Errorf("plotting: grid needs ≥ 2 nodes per side, got %d×%d", cols, rows)
	}
	g := &Grid{xs: centres(lo[0], hi[0], cols), ys: centres(lo[1], hi[1], rows)}
	g.z = make([]float64, cols*rows)
	fmin, fmax := math.Inf(1), math.Inf(-1)
	x := []float64{0, 0}
	for r, y := range g.ys {
		x[1] = y
		for c, xv := range g.xs {
			x[0] = xv
			f := s.Value(x)
			g.z[r*cols+c] = f
			if finite(f) {
				fmin, fmax = math.Min(fmin, f), math.Max(fmax, f)
			}
		}
	}
	if math.IsInf(fmin, 1) { // nothing finite: a flat, empty landscape
		fmin, fmax = 0, 1
	}
	for _, m := range s.Minima() {
		if finite(m.Value) {
			fmin = math.Min(fmin, m.Value)
		}
	}
	g.FMin = fmin
	g.Offset = math.Max((fmax-fmin)*1e-5, 1e-12*math.Max(1, math.Abs(fmin)))
	g.min, g.max = math.Inf(1), math.Inf(-1)
	top := math.Log10(fmax - fmin + g.Offset)
	for i, f := range g.z {
		v := top
		if finite(f) {
			v = math.Log10(math.Max(f-fmin, 0) + g.Offset)
		}
		g.z[i] = v
		g.min, g.max = math.Min(g.min, v), math.Max(g.max, v)
	}
	if !(g.max > g.min) {
		g.max = g.min + 1
	}
	return g, nil
}

// Dims returns the number of columns (x) and rows (y).
func (g *Grid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z returns log10(f − FMin + Offset) at node (c, r).
func (g *Grid) Z(c, r int) float64 { return g.z[r*len(g.xs)+c] }

// X returns the x coordinate of column c.
func (g *Grid) X(c int) float64 { return g.xs[c] }

// Y returns the y coordinate of row r.
func (g *Grid) Y(r int) float64 { return g.ys[r] }

// Min and Max are the range of Z (used by plotter.NewHeatMap/NewContour).
func (g *Grid) Min() float64 { return g.min }

// Max is the largest Z.
func (g *Grid) Max() float64 { return g.max }

// Levels returns n contour levels evenly spaced inside (Min, Max).
func (g *Grid) Levels(n int) []float64 {
	lv := make([]float64, n)
	for i := range lv {
		lv[i] = g.min + (g.max-g.min)*float64(i+1)/float64(n+1)
	}
	return lv
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

// viridis anchors (matplotlib's viridis at 0, 1/8, …, 1).
var viridis = [...][3]float64{
	{0x44, 0x01, 0x54}, {0x48, 0x28, 0x78}, {0x3e, 0x49, 0x89},
	{0x31, 0x68, 0x8e}, {0x26, 0x82, 0x8e}, {0x1f, 0x9e, 0x89},
	{0x35, 0xb7, 0x79}, {0x6d, 0xcd, 0x59}, {0xfd, 0xe7, 0x25},
}

// landscapePalette is viridis blended towards white by `light`, so that
// saturated paths stand out on it while its perceptual order is kept.
type landscapePalette struct {
	n     int
	light float64
}

// Colors implements palette.Palette.
func (p landscapePalette) Colors() []color.Color {
	cs := make([]color.Color, p.n)
	for i := range cs {
		cs[i] = p.at(float64(i) / float64(p.n-1))
	}
	return cs
}

// at returns the colour at t in [0, 1].
func (p landscapePalette) at(t float64) color.NRGBA {
	t = math.Min(math.Max(t, 0), 1) * float64(len(viridis)-1)
	i := int(t)
	if i >= len(viridis)-1 {
		i = len(viridis) - 2
	}
	f := t - float64(i)
	var c [3]uint8
	for k := range c {
		v := viridis[i][k]*(1-f) + viridis[i+1][k]*f
		c[k] = uint8(v*(1-p.light) + 255*p.light + 0.5)
	}
	return color.NRGBA{c[0], c[1], c[2], 0xff}
}
