package plotting

import (
	"image"
	imgdraw "image/draw"
	"math"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/plotting/encode"
)

// The panels of small multiples are independent drawings, so on a PNG
// they are drawn side by side on the command's worker limit
// (encode.Canvas carries it), each on a transparent canvas of its own
// covering its pixels, and composited onto the figure in panel order.
// Drawing the panels was the longest job of a 7-optimizer compare.

// panelMargin is the pixels a panel's own canvas reaches past its
// rectangle, for glyphs and strokes on its edge.
const panelMargin = 6

// A panelCanvas is the canvas of one panel drawn apart: an image whose
// pixel (0, 0) is pixel (ox, oy) of a figure figH pixels high, drawn
// through a translation so that every point lands on the pixel it would
// on the figure. Plotters that write pixels themselves (the heat map, the
// contour layer) ask originOf where that is.
type panelCanvas struct {
	encode.Raster
	ox, oy int
	figH   float64
}

func (p panelCanvas) pixelOrigin() (ox, oy int, figH float64) { return p.ox, p.oy, p.figH }

// originOf is where rc's image lies on its figure, and the figure's
// height in pixels: (0, 0) and the image's own height but for a panel
// drawn apart.
func originOf(rc rasterCanvas) (ox, oy int, figH float64) {
	if p, ok := rc.(interface{ pixelOrigin() (int, int, float64) }); ok {
		return p.pixelOrigin()
	}
	return 0, 0, float64(rc.Image().Bounds().Dy())
}

// limitOf is the worker limit c's drawing may use, unwrapped as rasterOf
// unwraps (nil: none).
func limitOf(c vg.Canvas) *parallel.Limit {
	for range 16 {
		switch v := c.(type) {
		case interface{ WorkerLimit() *parallel.Limit }:
			return v.WorkerLimit()
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil
		}
	}
	return nil
}

// drawApart draws plots[i] in rects[i] of c's raster figure, the panels
// side by side on lim; false (nothing drawn) when c is not a whole
// figure's RGBA canvas.
func drawApart(c draw.Canvas, plots []plotDrawer, rects []vg.Rectangle, lim *parallel.Limit) bool {
	rc, ok := rasterOf(c.Canvas)
	if !ok {
		return false
	}
	fig, ok := rc.Image().(*image.RGBA)
	if ox, oy, _ := originOf(rc); !ok || fig.Rect.Min != (image.Point{}) || ox != 0 || oy != 0 {
		return false
	}
	dpi := rc.DPI()
	s := dpi / vg.Inch.Points()
	W, H := fig.Rect.Dx(), fig.Rect.Dy()
	parts := make([]*image.RGBA, len(plots))
	at := make([]image.Point, len(plots))
	lim.Do(len(plots), func(i int) {
		r := rects[i]
		x0 := max(int(math.Floor(float64(r.Min.X)*s))-panelMargin, 0)
		x1 := min(int(math.Ceil(float64(r.Max.X)*s))+panelMargin, W)
		y0 := max(int(math.Floor(float64(H)-float64(r.Max.Y)*s))-panelMargin, 0)
		y1 := min(int(math.Ceil(float64(H)-float64(r.Min.Y)*s))+panelMargin, H)
		if x1 <= x0 || y1 <= y0 {
			return
		}
		img := image.NewRGBA(image.Rect(0, 0, x1-x0, y1-y0))
		ctx := gg.NewContextForRGBA(img) // shared with the canvas, not copied
		ctx.SetLineCapButt()
		ctx.InvertY()
		vc := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(int(math.Round(dpi))))
		clear(img.Pix) // NewWith painted it white: the panel goes over the figure's own background
		// Figure pixel (X·s, H − Y·s) is image pixel (X·s − x0, h − Y'·s).
		rc := encode.NewRaster(vc)
		rc.Translate(vg.Point{X: vg.Length(-float64(x0) / s), Y: vg.Length(float64(y1-y0-H+y0) / s)})
		plots[i].Draw(draw.Canvas{Canvas: panelCanvas{Raster: rc, ox: x0, oy: y0, figH: float64(H)}, Rectangle: r})
		parts[i], at[i] = img, image.Pt(x0, y0)
	})
	for i, img := range parts {
		if img != nil {
			imgdraw.Draw(fig, img.Rect.Add(at[i]), img, image.Point{}, imgdraw.Over)
		}
	}
	return true
}

// A plotDrawer draws itself on a canvas (a *plot.Plot).
type plotDrawer interface{ Draw(draw.Canvas) }
