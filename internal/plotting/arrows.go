package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// exit is where a path leaves the window and the direction it goes.
type exit struct{ at, dir xy }

// maxExits bounds the arrows of one path (a path bouncing on an edge).
const maxExits = 12

// exits lists where the polyline pts leaves the window w, with the
// direction of the leaving segment (computed by halves: no overflow for
// a diverging run's far points). A path that ends inside still gets the
// exits of its excursions.
func exits(pts []xy, w box) []exit {
	var out []exit
	for i := 1; i < len(pts) && len(out) < maxExits; i++ {
		a, q := pts[i-1], pts[i]
		if w.contains(q) {
			continue
		}
		if _, q2, ok := clipSegment(a, q, w); ok && q2 != q {
			d := xy{q.X/2 - a.X/2, q.Y/2 - a.Y/2}
			if s := math.Max(math.Abs(d.X), math.Abs(d.Y)); s > 0 {
				out = append(out, exit{q2, xy{d.X / s, d.Y / s}})
			}
		}
	}
	return out
}

// arrows draws an arrowhead in a run's colour at each exit, pointing where
// the path went, with an optional label (the last point of a run that
// stopped outside the window).
type arrows struct {
	ex     []exit
	labels []string // per exit; "" for none
	color  color.Color
	size   vg.Length
	drop   vg.Length // labels this much lower (to stack labels of several arrows)
}

// Plot implements plot.Plotter.
func (a *arrows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, e := range a.ex {
		at := vg.Point{X: trX(e.at.X), Y: trY(e.at.Y)}
		// The direction on the canvas: the data direction scaled by each
		// axis' own length per unit.
		sx := float64(trX(p.X.Min+1e-3*(p.X.Max-p.X.Min))-trX(p.X.Min)) / (1e-3 * (p.X.Max - p.X.Min))
		sy := float64(trY(p.Y.Min+1e-3*(p.Y.Max-p.Y.Min))-trY(p.Y.Min)) / (1e-3 * (p.Y.Max - p.Y.Min))
		dx, dy := e.dir.X*sx, e.dir.Y*sy
		n := math.Hypot(dx, dy)
		if !(n > 0) || !finite(n) {
			continue
		}
		dx, dy = dx/n, dy/n
		drawArrowHead(&c, at, dx, dy, a.size, a.color)
		if i < len(a.labels) && a.labels[i] != "" {
			back := vg.Point{X: at.X - vg.Length(dx)*a.size*1.6, Y: at.Y - vg.Length(dy)*a.size*1.6 - a.drop}
			drawTag(&c, back, a.size/2, a.labels[i])
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (a *arrows) Thumbnail(c *draw.Canvas) {
	ctr := c.Center()
	drawArrowHead(c, vg.Point{X: ctr.X + a.size/2, Y: ctr.Y}, 1, 0, a.size, a.color)
}

// drawArrowHead fills a triangle whose tip is at tip, pointing along the
// unit vector (dx, dy), edged dark so it shows on any colour.
func drawArrowHead(c *draw.Canvas, tip vg.Point, dx, dy float64, size vg.Length, col color.Color) {
	bx, by := tip.X-vg.Length(dx)*size, tip.Y-vg.Length(dy)*size
	px, py := vg.Length(-dy)*size*0.5, vg.Length(dx)*size*0.5
	var path vg.Path
	path.Move(tip)
	path.Line(vg.Point{X: bx + px, Y: by + py})
	path.Line(vg.Point{X: bx - px, Y: by - py})
	path.Close()
	c.SetColor(col)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: color.NRGBA{0x10, 0x10, 0x10, 0xff}, Width: vg.Points(1)})
	c.Stroke(path)
}

// lastPointLabel names the last finite point of a run that stopped
// outside the window.
func lastPointLabel(q xy) string { return fmt.Sprintf("last (%.3g, %.3g)", q.X, q.Y) }
