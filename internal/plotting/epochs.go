package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// An EpochSeries is one run's evaluation-mode values against the epoch:
// a training and a test curve (NaN entries are points where nothing was
// evaluated, and are skipped).
type EpochSeries struct {
	Label string
	// Group is the colour index: repeats of one label share it.
	Group       int
	Epoch       []float64
	Train, Test []float64
	// XScale, when > 0, draws epoch e at e·XScale (the run's cost per
	// epoch on EpochOptions.XLabel's axis).
	XScale float64
}

// EpochOptions configures EpochFigure.
type EpochOptions struct {
	Title  string
	YLabel string
	// Log draws the y axis in log10 of the value (losses).
	Log bool
	// XLabel names the x axis when the series are scaled (default "epoch").
	XLabel string
}

// EpochFigure draws train (solid) and test (dashed) curves against the
// epoch, one colour per label, with the legend beside the data area.
func EpochFigure(runs []EpochSeries, o EpochOptions) (*plot.Plot, error) {
	if len(runs) == 0 {
		return nil, fmt.Errorf("plotting: no runs to draw")
	}
	ylabel := o.YLabel
	if o.Log {
		ylabel = "log10 " + ylabel
	}
	xlabel := "epoch"
	if o.XLabel != "" {
		xlabel = o.XLabel
	}
	p := newPlot(o.Title, xlabel, ylabel)
	if o.Log {
		p.Y.Tick.Marker = powTicks{}
		p.Y.Label.Text = o.YLabel
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{0xd8}, color.Gray{0xd8}
	panel := &sidePanel{legend: newLegend()}
	p.Add(grid, panel)
	seen := map[string]bool{}
	drawn := 0
	for _, r := range runs {
		col := RunColor(r.Group)
		for k, ys := range [][]float64{r.Train, r.Test} {
			var pts plotter.XYs
			for i := range ys {
				if i >= len(r.Epoch) {
					break
				}
				y := ys[i]
				if o.Log {
					if !(y > 0) {
						continue
					}
					y = math.Log10(y)
				}
				x := r.Epoch[i]
				if r.XScale > 0 {
					x *= r.XScale
				}
				if finite(x, y) {
					pts = append(pts, plotter.XY{X: x, Y: y})
				}
			}
			if len(pts) == 0 {
				continue
			}
			l, err := plotter.NewLine(pts)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = col, vg.Points(2)
			if k == 1 {
				l.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
			}
			p.Add(l)
			drawn++
			name := r.Label + map[int]string{0: " train", 1: " test"}[k]
			if !seen[name] {
				seen[name] = true
				panel.legend.Add(name, l)
			}
		}
	}
	if drawn == 0 {
		return nil, fmt.Errorf("plotting: no finite values to draw")
	}
	return p, nil
}

// A BoundaryPanel is one run's decision regions: the predicted class of
// each cell of a Cols × Rows grid over [Lo, Hi] (row-major, bottom row
// first).
type BoundaryPanel struct {
	Label  string
	Lo, Hi [2]float64
	Cols   int
	Rows   int
	Class  []int
}

// LabeledPoints are 2-D examples (X: n×2, row-major) and their classes.
type LabeledPoints struct {
	X []float64
	Y []int
}

// BoundaryFigure draws small multiples of decision regions, one panel per
// run, with the training points filled and the test points open on top.
func BoundaryFigure(title string, panels []BoundaryPanel, train, test LabeledPoints) (*plot.Plot, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plotting: no runs to draw")
	}
	outer := plot.New()
	outer.HideAxes()
	outer.Title.Text = title
	outer.Title.TextStyle = textStyle(titleSize, color.Black)
	outer.Title.TextStyle.XAlign = draw.XCenter
	outer.Title.TextStyle.YAlign = draw.YTop
	outer.Title.Padding = vg.Points(10)
	t := &tiles{}
	for _, bp := range panels {
		if bp.Cols < 1 || bp.Rows < 1 || len(bp.Class) != bp.Cols*bp.Rows {
			return nil, fmt.Errorf("plotting: boundary %s: %d classes for a %d×%d grid", bp.Label, len(bp.Class), bp.Cols, bp.Rows)
		}
		sub := newPlot(bp.Label, "x0", "x1")
		sub.Title.TextStyle = textStyle(labelSize, color.Black)
		sub.Title.TextStyle.XAlign = draw.XCenter
		sub.Title.TextStyle.YAlign = draw.YTop
		sub.Title.Padding = vg.Points(6)
		sub.X.Tick.Label = textStyle(tickSize-3, color.Black)
		sub.X.Tick.Label.XAlign, sub.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
		sub.Y.Tick.Label = textStyle(tickSize-3, color.Black)
		sub.Y.Tick.Label.XAlign, sub.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
		sub.X.Label.TextStyle = textStyle(labelSize-3, color.Black)
		sub.Y.Label.TextStyle = textStyle(labelSize-3, color.Black)
		sub.X.Min, sub.X.Max = bp.Lo[0], bp.Hi[0]
		sub.Y.Min, sub.Y.Max = bp.Lo[1], bp.Hi[1]
		sub.Add(regions{bp})
		sub.Add(pointLayer{train, true, bp}, pointLayer{test, false, bp})
		t.plots = append(t.plots, sub)
	}
	outer.Add(t)
	return outer, nil
}

// regions fills each grid cell with its class's light colour.
type regions struct{ bp BoundaryPanel }

func (r regions) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	bp := r.bp
	dx := (bp.Hi[0] - bp.Lo[0]) / float64(bp.Cols)
	dy := (bp.Hi[1] - bp.Lo[1]) / float64(bp.Rows)
	for j := 0; j < bp.Rows; j++ {
		for i := 0; i < bp.Cols; i++ {
			x0, y0 := bp.Lo[0]+float64(i)*dx, bp.Lo[1]+float64(j)*dy
			a := vg.Point{X: tx(x0), Y: ty(y0)}
			b := vg.Point{X: tx(x0 + dx), Y: ty(y0 + dy)}
			// A hair of overlap, so anti-aliasing leaves no seams.
			c.SetColor(lighten(RunColor(bp.Class[j*bp.Cols+i]), 0.72))
			var path vg.Path
			path.Move(vg.Point{X: a.X - 0.3, Y: a.Y - 0.3})
			path.Line(vg.Point{X: b.X + 0.3, Y: a.Y - 0.3})
			path.Line(vg.Point{X: b.X + 0.3, Y: b.Y + 0.3})
			path.Line(vg.Point{X: a.X - 0.3, Y: b.Y + 0.3})
			path.Close()
			c.Fill(path)
		}
	}
}

// pointLayer draws examples in their class colour: training points
// filled, test points as open rings; points outside the panel are skipped.
type pointLayer struct {
	pts    LabeledPoints
	filled bool
	bp     BoundaryPanel
}

func (l pointLayer) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	r := vg.Points(2.6)
	for i, y := range l.pts.Y {
		x0, x1 := l.pts.X[2*i], l.pts.X[2*i+1]
		if x0 < l.bp.Lo[0] || x0 > l.bp.Hi[0] || x1 < l.bp.Lo[1] || x1 > l.bp.Hi[1] {
			continue
		}
		pt := vg.Point{X: tx(x0), Y: ty(x1)}
		col := RunColor(y)
		if l.filled {
			c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: r, Shape: draw.CircleGlyph{}}, pt)
			continue
		}
		c.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: r + 1, Shape: draw.CircleGlyph{}}, pt)
		c.DrawGlyph(draw.GlyphStyle{Color: col, Radius: r + 1, Shape: draw.RingGlyph{}}, pt)
	}
}

func lighten(c color.NRGBA, t float64) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*t + 0.5) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// tiles lays sub-plots out in a near-square grid over the whole canvas.
type tiles struct{ plots []*plot.Plot }

func (t *tiles) Plot(c draw.Canvas, _ *plot.Plot) {
	n := len(t.plots)
	cols := int(math.Ceil(math.Sqrt(float64(n))))
	rows := (n + cols - 1) / cols
	w := (c.Max.X - c.Min.X) / vg.Length(cols)
	h := (c.Max.Y - c.Min.Y) / vg.Length(rows)
	for k, sp := range t.plots {
		i, j := k%cols, k/cols
		min := vg.Point{X: c.Min.X + vg.Length(i)*w, Y: c.Max.Y - vg.Length(j+1)*h}
		tile := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Min: min, Max: vg.Point{X: min.X + w, Y: min.Y + h}}}
		pad := vg.Points(6)
		tile.Min.X += pad
		tile.Max.X -= pad
		tile.Max.Y -= pad / 2
		sp.Draw(tile)
	}
}
