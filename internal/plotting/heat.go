package plotting

import (
	"image"
	"image/color"
	imgdraw "image/draw"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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

// vectorDPI is the resolution of the heat map's raster in SVG and PDF:
// that of the PNG output (encode.DPI), so vector figures look the same.
const vectorDPI = 100

// Plot implements plot.Plotter.
func (h *heatLayer) Plot(c draw.Canvas, p *plot.Plot) {
	rc, ok := rasterOf(c.Canvas)
	var img *image.RGBA
	if ok {
		img, ok = rc.Image().(*image.RGBA)
	}
	if !ok {
		// SVG, PDF: a raster of the data area at the PNG's resolution
		// (not the grid's 120×120 stretched), drawn as one image.
		w := int(math.Ceil(float64(c.Max.X-c.Min.X) / vg.Inch.Points() * vectorDPI))
		hh := int(math.Ceil(float64(c.Max.Y-c.Min.Y) / vg.Inch.Points() * vectorDPI))
		if w <= 0 || hh <= 0 || w > 1<<14 || hh > 1<<14 {
			h.heat.Plot(c, p)
			return
		}
		img = image.NewRGBA(image.Rect(0, 0, w, hh))
		h.fill(img, 0, float64(w), 0, float64(hh), p)
		c.DrawImage(c.Rectangle, img)
		return
	}
	dpi := rc.DPI()
	ox, oy, H := originOf(rc) // a panel drawn apart: its image's place on the figure
	x0, x1 := c.Min.X.Dots(dpi)-float64(ox), c.Max.X.Dots(dpi)-float64(ox)
	y0, y1 := H-c.Max.Y.Dots(dpi)-float64(oy), H-c.Min.Y.Dots(dpi)-float64(oy) // pixel rows, top < bottom
	h.fill(img, x0, x1, y0, y1, p)
}

// fill writes the heat map into the pixels of img whose centres lie in
// [x0, x1] × [y0, y1] (pixel coordinates, rows downwards), bilinearly
// interpolating the grid.
func (h *heatLayer) fill(img *image.RGBA, x0, x1, y0, y1 float64, p *plot.Plot) {
	g := h.grid
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
			*(*[4]uint8)(pix[4*k:]) = lut[idx] // one 4-byte store, not a memmove call
		}
	}
}
