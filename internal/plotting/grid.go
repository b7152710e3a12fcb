package plotting

import (
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/surfaces"
)

// DefaultGridSize is the number of grid nodes per side of a landscape.
const DefaultGridSize = 120

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
	f            []float64 // f itself, non-finite values replaced by the maximum
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
	g.z, g.f = make([]float64, cols*rows), make([]float64, cols*rows)
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
		} else {
			f = fmax
		}
		g.z[i], g.f[i] = v, f
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

// Levels returns up to n contour levels evenly spaced over the upper 80%
// of (Min, Max), the lowest fifth being left to the heat map. Levels the
// grid does not resolve are dropped: those whose sub-level set has fewer
// nodes than the cells its contour crosses, i.e. a region thinner than
// about two cells (a narrow valley floor, a tiny ring), which would be
// drawn as a wiggle of fragments.
func (g *Grid) Levels(n int) []float64 {
	lv := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		z := g.min + (g.max-g.min)*(0.2+0.8*float64(i)/float64(n))
		if g.resolved(g.rawLevels([]float64{z})[0]) {
			lv = append(lv, z)
		}
	}
	return lv
}

// resolved reports whether the contour f = level is resolved by the grid.
func (g *Grid) resolved(level float64) bool {
	cols, rows := g.Dims()
	below, cross := 0, 0
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			f := g.f[r*cols+c]
			if f < level {
				below++
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
	return below >= cross
}

// rawGrid serves f itself on g's nodes. Contours are traced on it at the
// levels f = FMin − Offset + 10^z: f is smooth where log10(f − f*) has a
// cusp (along a valley floor), so linear interpolation between nodes
// follows narrow valleys far better than on the log values.
type rawGrid struct{ *Grid }

// Z returns f at node (c, r).
func (g rawGrid) Z(c, r int) float64 { return g.f[r*len(g.xs)+c] }

// Min is the smallest f.
func (g rawGrid) Min() float64 { return g.FMin }

// Max is the largest f.
func (g rawGrid) Max() float64 { return g.FMin - g.Offset + math.Pow(10, g.max) }

// rawLevels converts log levels to levels of f.
func (g *Grid) rawLevels(lv []float64) []float64 {
	out := make([]float64, len(lv))
	for i, z := range lv {
		out[i] = g.FMin - g.Offset + math.Pow(10, z)
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

// heatLayer draws a Grid as a heat map. On raster canvases (PNG) it
// writes the pixels of the data area directly, bilinearly interpolating
// the grid — much faster than plotter.HeatMap's rasterized path, which
// scales a grid-sized image through the drawing context; on vector
// canvases (SVG, PDF) it delegates to the plotter.HeatMap.
type heatLayer struct {
	grid *Grid
	pal  landscapePalette
	heat *plotter.HeatMap
}

// rasterCanvas is what vgimg canvases offer.
type rasterCanvas interface {
	Image() imgdraw.Image
	DPI() float64
}

// rasterOf unwraps the draw.Canvas layers gonum/plot nests (padding
// converts a draw.Canvas into a vg.Canvas) down to a raster canvas.
func rasterOf(c vg.Canvas) (rasterCanvas, bool) {
	for range 16 {
		switch v := c.(type) {
		case rasterCanvas:
			return v, true
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil, false
		}
	}
	return nil, false
}

// Plot implements plot.Plotter.
func (h *heatLayer) Plot(c draw.Canvas, p *plot.Plot) {
	rc, ok := rasterOf(c.Canvas)
	if !ok {
		h.heat.Plot(c, p)
		return
	}
	img, ok := rc.Image().(*image.RGBA)
	if !ok {
		h.heat.Plot(c, p)
		return
	}
	g := h.grid
	dpi := rc.DPI()
	H := float64(img.Bounds().Dy())
	x0, x1 := c.Min.X.Dots(dpi), c.Max.X.Dots(dpi)
	y0, y1 := H-c.Max.Y.Dots(dpi), H-c.Min.Y.Dots(dpi) // pixel rows, top < bottom
	px0, px1 := int(math.Ceil(x0-0.5)), int(math.Floor(x1-0.5))
	py0, py1 := int(math.Ceil(y0-0.5)), int(math.Floor(y1-0.5))
	px0, py0 = max(px0, img.Rect.Min.X), max(py0, img.Rect.Min.Y)
	px1, py1 = min(px1, img.Rect.Max.X-1), min(py1, img.Rect.Max.Y-1)
	if px1 < px0 || py1 < py0 {
		return
	}
	// cell maps a pixel centre to a fractional grid index.
	cell := func(pix, lo, hi, dlo, dhi float64, nodes []float64) (int, float64) {
		v := dlo + (pix+0.5-lo)/(hi-lo)*(dhi-dlo)
		step := nodes[1] - nodes[0]
		f := math.Min(math.Max((v-nodes[0])/step, 0), float64(len(nodes)-1))
		i := min(int(f), len(nodes)-2)
		return i, f - float64(i)
	}
	cols, _ := g.Dims()
	ci, ct := make([]int, px1-px0+1), make([]float64, px1-px0+1)
	for px := px0; px <= px1; px++ {
		ci[px-px0], ct[px-px0] = cell(float64(px), x0, x1, p.X.Min, p.X.Max, g.xs)
	}
	const n = 256
	var lut [n][4]uint8
	for i := range lut {
		cc := h.pal.at(float64(i) / (n - 1))
		lut[i] = [4]uint8{cc.R, cc.G, cc.B, 0xff}
	}
	scale := (n - 1) / (g.max - g.min)
	for py := py0; py <= py1; py++ {
		// Pixel rows grow downwards, data y upwards.
		r, rt := cell(float64(py), y1, y0, p.Y.Min, p.Y.Max, g.ys)
		row0, row1 := g.z[r*cols:(r+1)*cols], g.z[(r+1)*cols:(r+2)*cols]
		pix := img.Pix[img.PixOffset(px0, py):]
		for k := range ci {
			i, t := ci[k], ct[k]
			a := row0[i] + t*(row0[i+1]-row0[i])
			b := row1[i] + t*(row1[i+1]-row1[i])
			z := a + rt*(b-a)
			idx := min(max(int((z-g.min)*scale+0.5), 0), n-1)
			copy(pix[4*k:4*k+4], lut[idx][:])
		}
	}
}
