package plotting

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// lines draws polylines given in data coordinates, optionally over a
// wider halo line, clipped to the data area: with clip set, first in data
// space to the axes' window (for linear axes: safe for any finite
// coordinates), then on the canvas.
type lines struct {
	pieces [][]xy
	style  draw.LineStyle
	halo   *draw.LineStyle
	clip   bool
}

// Plot implements plot.Plotter.
func (l *lines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pieces := l.pieces
	if l.clip {
		w := box{p.X.Min, p.X.Max, p.Y.Min, p.Y.Max}
		pieces = nil
		for _, pts := range l.pieces {
			pieces = append(pieces, clipPolyline(pts, w)...)
		}
	}
	paths := make([][]vg.Point, 0, len(pieces))
	for _, piece := range pieces {
		pts := make([]vg.Point, len(piece))
		for i, q := range piece {
			pts[i] = vg.Point{X: trX(q.X), Y: trY(q.Y)}
		}
		// Points closer than ~⅓ px add nothing to the picture.
		paths = append(paths, c.ClipLinesXY(simplify(pts, vg.Points(0.25)))...)
	}
	if l.halo != nil {
		c.StrokeLines(*l.halo, paths...)
	}
	c.StrokeLines(l.style, paths...)
}

// Thumbnail implements plot.Thumbnailer.
func (l *lines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	seg := []vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}}
	if l.halo != nil {
		c.StrokeLines(*l.halo, seg)
	}
	c.StrokeLines(l.style, seg)
}

// simplify drops points within tol (in both directions) of the last kept
// point, keeping the first and the last; pts is reused.
func simplify(pts []vg.Point, tol vg.Length) []vg.Point {
	if len(pts) <= 2 {
		return pts
	}
	n := 1
	for _, q := range pts[1 : len(pts)-1] {
		d := q.Sub(pts[n-1])
		if d.X < tol && d.X > -tol && d.Y < tol && d.Y > -tol {
			continue
		}
		pts[n] = q
		n++
	}
	pts[n] = pts[len(pts)-1]
	return pts[:n+1]
}

// band fills the region between an upper curve (ux, uy) and a lower one
// (lx, ly), e.g. an interquartile band; the two may be sampled differently.
type band struct {
	ux, uy, lx, ly []float64
	color          color.Color
}

// Plot implements plot.Plotter.
func (b *band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	poly := make([]vg.Point, 0, len(b.ux)+len(b.lx))
	for i := range b.ux {
		poly = append(poly, vg.Point{X: trX(b.ux[i]), Y: trY(b.uy[i])})
	}
	for i := len(b.lx) - 1; i >= 0; i-- {
		poly = append(poly, vg.Point{X: trX(b.lx[i]), Y: trY(b.ly[i])})
	}
	if poly = c.ClipPolygonXY(poly); len(poly) > 2 {
		c.FillPolygon(b.color, poly)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (b *band) Thumbnail(c *draw.Canvas) {
	h := (c.Max.Y - c.Min.Y) / 4
	c.FillPolygon(b.color, []vg.Point{
		{X: c.Min.X, Y: c.Min.Y + h}, {X: c.Max.X, Y: c.Min.Y + h},
		{X: c.Max.X, Y: c.Max.Y - h}, {X: c.Min.X, Y: c.Max.Y - h},
	})
}

// Marker shapes.
const (
	circleMarker = iota
	starMarker
	diamondMarker
	crossMarker
	downMarker // a triangle pointing down: a loss curve reached f*
)

// markers draws glyphs at points in data coordinates; points outside the
// data area are skipped. names, if set, label the points.
type markers struct {
	pts    []xy
	names  []string
	shape  int
	radius vg.Length
	fill   color.Color
	edge   color.Color
	width  vg.Length // edge width (for crosses: the stroke width)
	// avoid are other marked points (data coordinates) a name must not
	// cover (sharpflat's "sharp" beside its saddle).
	avoid []xy
	// tagSize is the names' font size; default tickSize−1.
	tagSize vg.Length
}

// Plot implements plot.Plotter.
func (m *markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	grown := c
	grown.Min.X, grown.Min.Y = c.Min.X-0.5, c.Min.Y-0.5 // rounding at the edges
	grown.Max.X, grown.Max.Y = c.Max.X+0.5, c.Max.Y+0.5
	for i, q := range m.pts {
		pt := vg.Point{X: trX(q.X), Y: trY(q.Y)}
		if !grown.Contains(pt) {
			continue
		}
		m.draw(&c, pt)
		if i < len(m.names) && m.names[i] != "" {
			var avoid []vg.Point
			for _, a := range m.avoid {
				if a != q {
					avoid = append(avoid, vg.Point{X: trX(a.X), Y: trY(a.Y)})
				}
			}
			size := m.tagSize
			if size == 0 {
				size = tickSize - 1
			}
			drawTagSized(&c, pt, m.radius, m.names[i], size, avoid...)
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (m *markers) Thumbnail(c *draw.Canvas) { m.draw(c, c.Center()) }

func (m *markers) draw(c *draw.Canvas, pt vg.Point) {
	r := m.radius
	if m.shape == crossMarker {
		d := r * 0.75
		x := [][]vg.Point{
			{{X: pt.X - d, Y: pt.Y - d}, {X: pt.X + d, Y: pt.Y + d}},
			{{X: pt.X - d, Y: pt.Y + d}, {X: pt.X + d, Y: pt.Y - d}},
		}
		c.StrokeLines(draw.LineStyle{Color: m.edge, Width: m.width + vg.Points(2.5)}, x...)
		c.StrokeLines(draw.LineStyle{Color: m.fill, Width: m.width}, x...)
		return
	}
	var path vg.Path
	switch m.shape {
	case starMarker:
		for k := 0; k < 10; k++ {
			rad := r
			if k%2 == 1 {
				rad = r * 0.45
			}
			a := math.Pi/2 + float64(k)*math.Pi/5
			q := vg.Point{X: pt.X + rad*vg.Length(math.Cos(a)), Y: pt.Y + rad*vg.Length(math.Sin(a))}
			if k == 0 {
				path.Move(q)
			} else {
				path.Line(q)
			}
		}
	case downMarker:
		path.Move(vg.Point{X: pt.X, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X + r*0.9, Y: pt.Y + r*0.6})
		path.Line(vg.Point{X: pt.X - r*0.9, Y: pt.Y + r*0.6})
	case diamondMarker:
		path.Move(vg.Point{X: pt.X, Y: pt.Y + r})
		path.Line(vg.Point{X: pt.X + r*0.75, Y: pt.Y})
		path.Line(vg.Point{X: pt.X, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X - r*0.75, Y: pt.Y})
	default:
		path.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		path.Arc(pt, r, 0, 2*math.Pi)
	}
	path.Close()
	c.SetColor(m.fill)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: m.edge, Width: m.width})
	c.Stroke(path)
}

// drawTag writes a short name beside a marker on a semi-opaque white box,
// to its upper right unless that would leave the data area.
func drawTag(c *draw.Canvas, pt vg.Point, r vg.Length, name string, avoid ...vg.Point) {
	drawTagSized(c, pt, r, name, tickSize-1, avoid...)
}

// drawTagSized is drawTag in a font of the given size.
func drawTagSized(c *draw.Canvas, pt vg.Point, r vg.Length, name string, size vg.Length, avoid ...vg.Point) {
	sty := textStyle(size, color.Black)
	w, h := sty.Width(name), sty.Height(name)
	pad := vg.Points(2)
	// Upper right, else upper left, lower right, lower left: the first
	// place inside the data area that covers none of the avoided points
	// (with a marker's margin); upper right when none is free.
	right, left := pt.X+r+pad, pt.X-r-pad-w
	up, down := pt.Y+r*0.3, pt.Y-r*0.3-h
	x, y := right, up
	free := func(x, y vg.Length) bool {
		if x-pad < c.Min.X || x+w+pad > c.Max.X || y-pad < c.Min.Y || y+h+pad > c.Max.Y {
			return false
		}
		m := vg.Points(9)
		for _, a := range avoid {
			if a.X > x-pad-m && a.X < x+w+pad+m && a.Y > y-pad-m && a.Y < y+h+m {
				return false
			}
		}
		return true
	}
	found := false
	for _, cand := range [][2]vg.Length{{right, up}, {left, up}, {right, down}, {left, down}} {
		if free(cand[0], cand[1]) {
			x, y, found = cand[0], cand[1], true
			break
		}
	}
	if !found {
		if x+w+pad > c.Max.X {
			x = left
		}
		if y+h+pad > c.Max.Y {
			y = down
		}
	}
	c.FillPolygon(color.NRGBA{255, 255, 255, 190}, []vg.Point{
		{X: x - pad, Y: y - pad}, {X: x + w + pad, Y: y - pad},
		{X: x + w + pad, Y: y + h}, {X: x - pad, Y: y + h},
	})
	sty.XAlign, sty.YAlign = text.XLeft, text.YBottom
	c.FillText(sty, vg.Point{X: x, Y: y + sty.FontExtents().Descent}, name)
}

// thumbs combines several thumbnails into one legend icon.
type thumbs []plot.Thumbnailer

// Thumbnail implements plot.Thumbnailer.
func (t thumbs) Thumbnail(c *draw.Canvas) {
	for _, x := range t {
		x.Thumbnail(c)
	}
}
