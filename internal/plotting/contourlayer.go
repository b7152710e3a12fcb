package plotting

import (
	"image"
	imgdraw "image/draw"
	"math"
	"sync"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// On a raster canvas a contour's strokes are rasterized once into a
// transparent layer and the layer is composited onto every canvas that
// shows the same strokes at the same sub-pixel phase: the panels of small
// multiples (panelGrid places them whole pixels apart, so they share the
// phase). Rasterizing the strokes was most of a panel's cost after the
// tracing was shared. A layer differs from stroking straight onto the
// heat map only by the rounding of its premultiplied 8-bit pixels.

// layerMargin is the pixels a layer reaches past the data area on each
// side, for the half line width of strokes on the frame.
const layerMargin = 4

// layerKey says which rasterized layer a canvas can reuse.
type layerKey struct {
	strokes strokeKey
	dpi     float64
	fx, fy  float64 // the data area's sub-pixel phase, in thousandths of a pixel
}

// A contourLayer is strokes rasterized on a transparent image whose pixel
// (0, 0) sits at pixel (x0, y0) of the canvas it was made for, less the
// whole pixels between that canvas's data area and the next one's.
type contourLayer struct {
	img *image.RGBA
	// ox, oy: the layer's top-left pixel relative to the floor of the
	// data area's top-left pixel.
	ox, oy int
}

// drawLayered composites the strokes onto rc, a raster canvas whose data
// area is c, through the layer memo of the grid; false when the canvas is
// not one it can draw on (the caller strokes directly). Positions are
// reckoned in the figure's pixels, so a panel drawn on a canvas of its
// own (panelCanvas) gets the pixels it would get on the figure.
func (o orderedContour) drawLayered(c draw.Canvas, rc rasterCanvas, key strokeKey, strokes []recordedStroke, at vg.Point) bool {
	img, ok := rc.Image().(*image.RGBA)
	if o.traced == nil || !ok || img.Rect.Min != (image.Point{}) {
		return false
	}
	ox, oy, H := originOf(rc)
	dpi := rc.DPI()
	s := dpi / vg.Inch.Points()
	left, top := float64(c.Min.X)*s, H-float64(c.Max.Y)*s
	ix, iy := math.Floor(left), math.Floor(top)
	w := int(math.Ceil(float64(c.Max.X-c.Min.X)*s)) + 2*layerMargin + 1
	h := int(math.Ceil(float64(c.Max.Y-c.Min.Y)*s)) + 2*layerMargin + 1
	if w <= 0 || h <= 0 || w > 1<<13 || h > 1<<13 {
		return false
	}
	lk := layerKey{strokes: key, dpi: dpi, fx: math.Round((left - ix) * 1000), fy: math.Round((top - iy) * 1000)}
	layer := o.traced.layerOf(lk, func() contourLayer { return rasterizeLayer(c, strokes, at, s, H, ix, iy, w, h) })
	x0, y0 := int(ix)+layer.ox-ox, int(iy)+layer.oy-oy
	r := image.Rect(x0, y0, x0+layer.img.Rect.Dx(), y0+layer.img.Rect.Dy())
	imgdraw.Draw(img, r, layer.img, image.Point{}, imgdraw.Over)
	return true
}

// rasterizeLayer strokes the traced strokes (traced at canvas origin at)
// for the data area c onto a transparent w × h layer, with the same
// sub-pixel phase as c has on its figure of height H pixels (s pixels a
// point; (ix, iy) the floor of c's top-left pixel on the figure).
func rasterizeLayer(c draw.Canvas, strokes []recordedStroke, at vg.Point, s, H, ix, iy float64, w, h int) contourLayer {
	lc := vgimg.NewWith(vgimg.UseImage(image.NewRGBA(image.Rect(0, 0, w, h))), vgimg.UseDPI(int(math.Round(s*vg.Inch.Points()))))
	img := lc.Image().(*image.RGBA)                                            // the canvas draws on a copy of the image it is given
	imgdraw.Draw(img, img.Rect, image.Transparent, image.Point{}, imgdraw.Src) // filled white
	ox, oy := -layerMargin, -layerMargin
	// A canvas point (X, Y) is pixel (X·s, H − Y·s); on the layer it must
	// be that less (ix+ox, iy+oy), and the layer's pixel row is h − Y'·s.
	dx := c.Min.X - at.X - vg.Length((ix+float64(ox))/s)
	dy := c.Min.Y - at.Y + vg.Length((float64(h)-H+iy+float64(oy))/s)
	for _, st := range strokes {
		lc.SetLineWidth(st.width)
		lc.SetLineDash(st.dashes, st.offset)
		lc.SetColor(st.color)
		lc.Stroke(movePath(st.path, dx, dy))
	}
	return contourLayer{img: img, ox: ox, oy: oy}
}

type layerEntry struct {
	once  sync.Once
	layer contourLayer
}

// layerOf returns the layer of key k, rasterized once per grid.
func (g *Grid) layerOf(k layerKey, rasterize func() contourLayer) contourLayer {
	g.traced.mu.Lock()
	if g.traced.layers == nil {
		g.traced.layers = map[layerKey]*layerEntry{}
	}
	e := g.traced.layers[k]
	if e == nil {
		e = &layerEntry{}
		g.traced.layers[k] = e
	}
	g.traced.mu.Unlock()
	e.once.Do(func() { e.layer = rasterize() })
	return e.layer
}
