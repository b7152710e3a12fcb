package plotting

import (
	"cmp"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// orderedContour draws a plotter.Contour with its strokes in a fixed
// order. plotter.Contour assembles its paths by ranging over a map keyed
// by pointers, so the order in which it strokes the pieces of a level
// changes from one draw to the next. The lines are translucent, and where
// two pieces meet the pixel is composited twice: in a different order it
// can round to a different value, one intensity level apart, and SVG
// output lists the paths in a different order. Recording the strokes and
// replaying them sorted by geometry makes every draw of the same figure
// give the same pixels and the same SVG.
//
// It hides the contour's GlyphBoxes (one per grid node, which would pad
// the data area and cost time) and its DataRange (the axes are set
// explicitly), as it implements neither.
type orderedContour struct{ c *plotter.Contour }

// Plot implements plot.Plotter.
func (o orderedContour) Plot(c draw.Canvas, p *plot.Plot) {
	rec := &strokeRecorder{Canvas: c.Canvas}
	rc := c
	rc.Canvas = rec
	o.c.Plot(rc, p)
	slices.SortStableFunc(rec.strokes, compareStrokes)
	for _, s := range rec.strokes {
		c.SetLineWidth(s.width)
		c.SetLineDash(s.dashes, s.offset)
		c.SetColor(s.color)
		c.Stroke(s.path)
	}
}

// strokeRecorder is a vg.Canvas that keeps the strokes made on it (with
// the line style in force) instead of drawing them; every other call goes
// through to the canvas beneath. plotter.Contour only sets styles and
// strokes, so deferring its strokes changes nothing but their order.
type strokeRecorder struct {
	vg.Canvas
	width   vg.Length
	dashes  []vg.Length
	offset  vg.Length
	color   color.Color
	strokes []recordedStroke
}

type recordedStroke struct {
	width  vg.Length
	dashes []vg.Length
	offset vg.Length
	color  color.Color
	path   vg.Path
}

func (r *strokeRecorder) SetLineWidth(w vg.Length) { r.width = w }

func (r *strokeRecorder) SetLineDash(d []vg.Length, off vg.Length) {
	r.dashes, r.offset = append([]vg.Length(nil), d...), off
}

func (r *strokeRecorder) SetColor(c color.Color) { r.color = c }

func (r *strokeRecorder) Stroke(p vg.Path) {
	r.strokes = append(r.strokes, recordedStroke{width: r.width, dashes: r.dashes, offset: r.offset, color: r.color, path: p})
}

// compareStrokes orders strokes by style (width, then colour) and then by
// the coordinates of their paths, component by component; a path that is
// a prefix of another comes first.
func compareStrokes(a, b recordedStroke) int {
	if d := cmp.Compare(a.width, b.width); d != 0 {
		return d
	}
	if d := compareColors(a.color, b.color); d != 0 {
		return d
	}
	for i := range min(len(a.path), len(b.path)) {
		pa, pb := a.path[i], b.path[i]
		if d := cmp.Compare(pa.Type, pb.Type); d != 0 {
			return d
		}
		if d := cmp.Compare(pa.Pos.X, pb.Pos.X); d != 0 {
			return d
		}
		if d := cmp.Compare(pa.Pos.Y, pb.Pos.Y); d != 0 {
			return d
		}
	}
	return cmp.Compare(len(a.path), len(b.path))
}

func compareColors(a, b color.Color) int {
	if a == nil || b == nil {
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	for _, d := range [...]int{cmp.Compare(ar, br), cmp.Compare(ag, bg), cmp.Compare(ab, bb), cmp.Compare(aa, ba)} {
		if d != 0 {
			return d
		}
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
