package plotting

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"sync"

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
type orderedContour struct {
	c *plotter.Contour
	// traced is the grid the contour is traced on: it keeps the traced
	// strokes per canvas size, so that the panels of small multiples,
	// which share window, grid and levels, trace them once (tracing is
	// most of a panel's cost) and only move them to their own place.
	traced *Grid
}

// Plot implements plot.Plotter.
func (o orderedContour) Plot(c draw.Canvas, p *plot.Plot) {
	// Panels of one grid differ in size by an ulp or so (their places are
	// fractions of the figure): a millionth of a point is far below a
	// pixel, so sizes are compared at that resolution.
	sz := c.Size()
	key := strokeKey{size: vg.Point{X: roundMicro(sz.X), Y: roundMicro(sz.Y)}, levels: len(o.c.Levels)}
	if len(o.c.Levels) > 0 {
		key.lo, key.hi = o.c.Levels[0], o.c.Levels[len(o.c.Levels)-1]
	}
	strokes, at := o.traced.strokes(key, func() ([]recordedStroke, vg.Point) {
		rec := &strokeRecorder{Canvas: c.Canvas}
		rc := c
		rc.Canvas = rec
		o.c.Plot(rc, p)
		slices.SortStableFunc(rec.strokes, compareStrokes)
		return rec.strokes, c.Min
	})
	if rc, ok := rasterOf(c.Canvas); ok && o.drawLayered(c, rc, key, strokes, at) {
		return
	}
	dx, dy := c.Min.X-at.X, c.Min.Y-at.Y
	for _, s := range strokes {
		c.SetLineWidth(s.width)
		c.SetLineDash(s.dashes, s.offset)
		c.SetColor(s.color)
		c.Stroke(movePath(s.path, dx, dy))
	}
}

func roundMicro(v vg.Length) vg.Length { return vg.Length(math.Round(float64(v)*1e6) / 1e6) }

// strokeKey says which traced strokes a canvas can reuse: the same size
// and the same levels (the grid fixes everything else).
type strokeKey struct {
	size   vg.Point
	levels int
	lo, hi float64
}

type tracedEntry struct {
	once    sync.Once
	strokes []recordedStroke
	at      vg.Point // the canvas origin they were traced at
}

// strokeMemo keeps a grid's traced contour strokes and their raster
// layers; a Grid is shared by the figure jobs of a command and by the
// panels drawn side by side, hence the lock, and each entry is made once
// (the panels that ask meanwhile wait for it rather than trace it too).
type strokeMemo struct {
	mu     sync.Mutex
	m      map[strokeKey]*tracedEntry
	layers map[layerKey]*layerEntry // contourlayer.go
	levels map[int][]float64        // Grid.Levels by count
}

// strokes returns the strokes of key k, traced by trace once per grid
// (nil g: every time).
func (g *Grid) strokes(k strokeKey, trace func() ([]recordedStroke, vg.Point)) ([]recordedStroke, vg.Point) {
	if g == nil {
		return trace()
	}
	g.traced.mu.Lock()
	if g.traced.m == nil {
		g.traced.m = map[strokeKey]*tracedEntry{}
	}
	e := g.traced.m[k]
	if e == nil {
		e = &tracedEntry{}
		g.traced.m[k] = e
	}
	g.traced.mu.Unlock()
	e.once.Do(func() { e.strokes, e.at = trace() })
	return e.strokes, e.at
}

// movePath is p moved by (dx, dy); p itself when both are 0, so the
// canvas the strokes were traced on draws them exactly as traced.
func movePath(p vg.Path, dx, dy vg.Length) vg.Path {
	if dx == 0 && dy == 0 {
		return p
	}
	out := make(vg.Path, len(p))
	for i, c := range p {
		c.Pos.X += dx
		c.Pos.Y += dy
		if len(c.Control) > 0 {
			ctl := make([]vg.Point, len(c.Control))
			for j, q := range c.Control {
				ctl[j] = vg.Point{X: q.X + dx, Y: q.Y + dy}
			}
			c.Control = ctl
		}
		out[i] = c
	}
	return out
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
	r.strokes = append(r.strokes, recordedStroke{width: r.width, dashes: r.dashes, offset: r.offset, color: r.color, path: smoothContour(p)})
}

// smoothContour rounds the corners of marching-squares output (three rounds
// of Chaikin's corner cutting on each polyline, keeping the ends of open
// ones): linear interpolation across cells leaves kinks at every cell
// edge, which show as hexagons on small ellipses and as a saw-tooth along
// a narrow valley. A path with arcs or curves is left as it is.
func smoothContour(p vg.Path) vg.Path {
	out := make(vg.Path, 0, len(p)+len(p)/2)
	var line []vg.Point
	flush := func() {
		if len(line) == 0 {
			return
		}
		pts := line
		line = nil
		// A fragment a few points long is a level crossing the grid
		// cannot resolve (a speck in a narrow crease), not a line.
		var length vg.Length
		for i := 1; i < len(pts); i++ {
			length += vg.Length(math.Hypot(float64(pts[i].X-pts[i-1].X), float64(pts[i].Y-pts[i-1].Y)))
		}
		if length < vg.Points(6) {
			return
		}
		// A loop may come back to within rounding of its start.
		closed := len(pts) > 3 && math.Hypot(float64(pts[0].X-pts[len(pts)-1].X), float64(pts[0].Y-pts[len(pts)-1].Y)) < 0.5
		// Repeated points (marching squares emits some) would make
		// zero-length segments whose cuts are corners.
		k := 1
		for _, q := range pts[1:] {
			if math.Hypot(float64(q.X-pts[k-1].X), float64(q.Y-pts[k-1].Y)) > 1e-6 {
				pts[k] = q
				k++
			}
		}
		pts = pts[:k]
		if closed {
			pts[len(pts)-1] = pts[0]
		}
		for range 3 {
			pts = chaikin(pts, closed)
		}
		// Keep a point per 1.5pt of line at most: the cut corners are round at
		// that scale, and the rasterizer's work is per point.
		// (A small loop keeps 32 points at least.)
		gap := math.Min(1.5, float64(length)/32)
		out.Move(pts[0])
		last := pts[0]
		for i, q := range pts[1:] {
			far := math.Hypot(float64(q.X-last.X), float64(q.Y-last.Y)) >= gap
			switch {
			case far:
				out.Line(q)
				last = q
			case i+2 == len(pts) && out[len(out)-1].Type == vg.LineComp:
				out[len(out)-1].Pos = q // the end, in place of a point too near it
			case i+2 == len(pts):
				out.Line(q)
			}
		}
		if closed {
			out.Close()
		}
	}
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp:
			flush()
			line = append(line, c.Pos)
		case vg.LineComp:
			line = append(line, c.Pos)
		case vg.CloseComp:
			if len(line) > 0 && line[0] != line[len(line)-1] {
				line = append(line, line[0])
			}
			flush()
		default:
			return p
		}
	}
	flush()
	return out
}

// chaikin cuts every corner of pts at ¼ and ¾ of its segments; an open
// line keeps its end points, a closed one (first == last) stays closed.
func chaikin(pts []vg.Point, closed bool) []vg.Point {
	if len(pts) < 3 {
		return pts
	}
	out := make([]vg.Point, 0, 2*len(pts))
	if !closed {
		out = append(out, pts[0])
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		q := vg.Point{X: a.X*0.75 + b.X*0.25, Y: a.Y*0.75 + b.Y*0.25}
		r := vg.Point{X: a.X*0.25 + b.X*0.75, Y: a.Y*0.25 + b.Y*0.75}
		if !closed && i == 0 {
			q = a
			out = out[:0]
		}
		if !closed && i+2 == len(pts) {
			r = b
		}
		out = append(out, q, r)
	}
	if closed {
		out = append(out, out[0])
	}
	return out
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
