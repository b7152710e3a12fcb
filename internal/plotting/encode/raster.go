package encode

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Raster is a vgimg canvas that draws upright text itself. vgimg makes
// a new font face for every string and gg composites every glyph through
// a general bilinear transform reading pixels one interface call at a
// time; for text that is only moved by whole pixels (every label but the
// rotated ones) the glyphs land on whole pixels, so a Raster composites
// their masks straight (image/draw's glyph path) with faces kept per font
// and size. The glyphs are those gg would draw, at the same places; the
// compositing rounds within 1/255 of gg's. Rotated or scaled text goes to
// vgimg. A Raster belongs to one goroutine.
type Raster struct {
	*vgimg.Canvas
	st *rasterState
}

// NewRaster wraps c, whose transform must be vgimg's own (no translation
// yet) and whose image must be an *image.RGBA.
func NewRaster(c *vgimg.Canvas) Raster {
	return Raster{Canvas: c, st: &rasterState{top: rasterTop{plain: true, color: color.Black}}}
}

type rasterState struct {
	top   rasterTop
	stack []rasterTop
	faces map[faceKey]xfont.Face
}

// rasterTop is what the fast path must know of the canvas's state:
// whether its transform is a translation only, by how many dots, and the
// colour text is drawn in.
type rasterTop struct {
	plain  bool
	tx, ty float64
	color  color.Color
}

type faceKey struct {
	f    *opentype.Font
	size vg.Length
	dpi  float64
}

// SetColor implements vg.Canvas.
func (r Raster) SetColor(c color.Color) {
	r.Canvas.SetColor(c)
	if c == nil {
		c = color.Black
	}
	r.st.top.color = c
}

// Push implements vg.Canvas.
func (r Raster) Push() {
	r.Canvas.Push()
	r.st.stack = append(r.st.stack, r.st.top)
}

// Pop implements vg.Canvas.
func (r Raster) Pop() {
	r.Canvas.Pop()
	if n := len(r.st.stack); n > 0 {
		r.st.top = r.st.stack[n-1]
		r.st.stack = r.st.stack[:n-1]
	}
}

// Translate implements vg.Canvas.
func (r Raster) Translate(pt vg.Point) {
	r.Canvas.Translate(pt)
	r.st.top.tx += pt.X.Dots(r.DPI())
	r.st.top.ty += pt.Y.Dots(r.DPI())
}

// Rotate implements vg.Canvas.
func (r Raster) Rotate(a float64) {
	r.Canvas.Rotate(a)
	if a != 0 {
		r.st.top.plain = false
	}
}

// Scale implements vg.Canvas.
func (r Raster) Scale(x, y float64) {
	r.Canvas.Scale(x, y)
	if x != 1 || y != 1 {
		r.st.top.plain = false
	}
}

// FillString implements vg.Canvas: as vgimg's (gg's DrawString at the
// point, y flipped), with the glyph masks composited straight when they
// land on whole pixels.
func (r Raster) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 {
		return
	}
	top := r.st.top
	img, ok := r.Image().(*image.RGBA)
	// The translation in device pixels: vgimg's y flip turns ty upside
	// down (see NewRaster's requirement).
	ox, oy := math.Round(top.tx), math.Round(-top.ty)
	if !ok || !top.plain || math.Abs(ox-top.tx) > 1e-6 || math.Abs(oy+top.ty) > 1e-6 || f.Face == nil {
		r.Canvas.FillString(f, pt, s)
		return
	}
	dpi := r.DPI()
	face := r.face(f, dpi)
	_, h := r.Size()
	x, y := pt.X.Dots(dpi), h.Dots(dpi)-pt.Y.Dots(dpi)
	dot := fixed.Point26_6{X: fixed.Int26_6(math.Round(x * 64)), Y: fixed.Int26_6(math.Round(y * 64))}
	src := image.NewUniform(top.color)
	off := image.Pt(int(ox), int(oy))
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, c)
		}
		dr, mask, maskp, advance, ok := face.Glyph(dot, c)
		if !ok {
			continue
		}
		draw.DrawMask(img, dr.Add(off), src, image.Point{}, mask, maskp, draw.Over)
		dot.X += advance
		prev = c
	}
}

// face is f at dpi, made once per font and size (opentype faces keep a
// buffer: one canvas, one goroutine).
func (r Raster) face(f font.Face, dpi float64) xfont.Face {
	k := faceKey{f: f.Face, size: f.Font.Size, dpi: dpi}
	if fc, ok := r.st.faces[k]; ok {
		return fc
	}
	fc := f.FontFace(dpi)
	if r.st.faces == nil {
		r.st.faces = map[faceKey]xfont.Face{}
	}
	r.st.faces[k] = fc
	return fc
}
