package plotting

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A SweepCurve is one label's objective against a swept value: at each X
// the median over the repeats and its interquartile range, where a repeat
// that failed (diverged, left the bounds, ended non-finite) counts as +Inf:
// a median of +Inf is drawn as a cross on the top edge, a band reaching
// +Inf runs up to it.
type SweepCurve struct {
	Label          string
	X              []float64
	Median, Q1, Q3 []float64
}

// SweepFloor is the smallest objective drawn on a sensitivity figure's log
// axis; smaller values (a run that reached f* to the last bit) sit on it.
const SweepFloor = 1e-16

// Sensitivity draws each curve's median (a line with a dot per value) and
// interquartile band against the swept value, the objective on a log axis:
// the learning-rate sensitivity figure of a sweep. The x axis is log too
// (xlabel gains "(log scale)") unless some value is ≤ 0 (momentum 0).
func Sensitivity(curves []SweepCurve, title, xlabel, ylabel string) (*plot.Plot, error) {
	logX := true
	for _, c := range curves {
		for _, x := range c.X {
			logX = logX && x > 0
		}
	}
	xOf := func(x float64) float64 { return x }
	if logX {
		xlabel += " (log scale)"
		xOf = math.Log10
	}
	p := newPlot(title, xlabel, ylabel)
	p.Y.Tick.Marker = powTicks{}
	if logX {
		p.X.Tick.Marker = powTicks{}
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{0xd8}, color.Gray{0xd8}
	panel := &sidePanel{legend: newLegend()}
	p.Add(grid, panel)
	logOf := func(v float64) float64 { return math.Log10(math.Max(v, SweepFloor)) }
	lo, hi := math.Inf(1), math.Inf(-1)
	floored := false
	for _, c := range curves {
		if len(c.X) != len(c.Median) || len(c.X) != len(c.Q1) || len(c.X) != len(c.Q3) {
			return nil, fmt.Errorf("plotting: sensitivity: %s: %d x values for %d medians", c.Label, len(c.X), len(c.Median))
		}
		for k := range c.X {
			for _, v := range []float64{c.Median[k], c.Q1[k], c.Q3[k]} {
				if finite(v) {
					lo, hi = math.Min(lo, logOf(v)), math.Max(hi, logOf(v))
					floored = floored || v < SweepFloor
				}
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	pad := math.Max((hi-lo)*0.06, 0.2)
	top := hi + pad // where failed medians are marked
	p.Y.Min, p.Y.Max = lo-pad/2, top+pad/2
	yOf := func(v float64) float64 {
		if math.IsInf(v, 1) {
			return top
		}
		return logOf(v)
	}
	anyFailed := false
	for i, c := range curves {
		var failed plotter.XYs // this curve's, in its colour, stacked below the edge by curve
		col := RunColor(i)
		var run plotter.XYs // a stretch of finite medians
		var lows, highs plotter.XYs
		var bands []plotter.XYs
		flush := func() {
			if len(run) > 0 {
				l, _ := plotter.NewLine(run)
				l.Color, l.Width = col, vg.Points(2.2)
				p.Add(l)
				run = nil
			}
			if len(lows) > 1 {
				poly := append(plotter.XYs{}, lows...)
				for k := len(highs) - 1; k >= 0; k-- {
					poly = append(poly, highs[k])
				}
				bands = append(bands, poly)
			}
			lows, highs = nil, nil
		}
		var dots plotter.XYs
		for k, x := range c.X {
			m := c.Median[k]
			if math.IsNaN(m) {
				flush()
				continue
			}
			lx := xOf(x)
			if q1, q3 := c.Q1[k], c.Q3[k]; !math.IsNaN(q1) && !math.IsNaN(q3) && !math.IsInf(q1, 1) {
				lows = append(lows, plotter.XY{X: lx, Y: yOf(q1)})
				highs = append(highs, plotter.XY{X: lx, Y: yOf(q3)})
			}
			if math.IsInf(m, 1) {
				failed = append(failed, plotter.XY{X: lx, Y: top - float64(i%4)*pad*0.12})
				if len(run) > 0 {
					l, _ := plotter.NewLine(run)
					l.Color, l.Width = col, vg.Points(2.2)
					p.Add(l)
					run = nil
				}
				continue
			}
			pt := plotter.XY{X: lx, Y: yOf(m)}
			run = append(run, pt)
			dots = append(dots, pt)
		}
		flush()
		if len(failed) > 0 {
			sc, _ := plotter.NewScatter(failed)
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
			p.Add(sc)
			anyFailed = true
		}
		for _, b := range bands {
			poly, err := plotter.NewPolygon(b)
			if err != nil {
				return nil, err
			}
			poly.Color, poly.LineStyle.Width = withAlpha(col, 0.2), 0
			p.Add(poly)
		}
		if len(dots) > 0 {
			sc, _ := plotter.NewScatter(dots)
			sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
			p.Add(sc)
			line, _ := plotter.NewLine(dots[:1])
			line.Color, line.Width = col, vg.Points(2.2)
			panel.legend.Add(c.Label, line, sc)
		} else {
			panel.legend.Add(c.Label+" (failed everywhere)", &plotter.Line{LineStyle: draw.LineStyle{Color: col, Width: vg.Points(2.2), Dashes: []vg.Length{vg.Points(3), vg.Points(3)}}})
		}
	}
	if anyFailed {
		sc, _ := plotter.NewScatter(plotter.XYs{{}})
		sc.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x30}, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		panel.legend.Add("at the top: median run failed", sc)
		panel.legend.Add("(diverged / out of bounds)", &plotter.Line{})
	}
	if floored {
		p.Y.Label.Text += fmt.Sprintf(" (below %g drawn at it)", SweepFloor)
	}
	return p, nil
}

// A SweepGrid is one label's objective over two swept values: Z[j][i] at
// (X[i], Y[j]), +Inf or NaN where the median run failed. A log axis is
// drawn in log10; any other as evenly spaced cells labelled with the
// values (a list such as momentum 0, 0.5, 0.9, 0.99 gets cells of one size).
type SweepGrid struct {
	Title, XLabel, YLabel string
	X, Y                  []float64
	XLog, YLog            bool
	Z                     [][]float64
}

// SweepHeatMap draws a grid of cells coloured by log10 of the objective
// (the landscapes' palette, lowest darkest), a colour bar beside it and a
// cross on cells without a finite value.
func SweepHeatMap(g SweepGrid) (*plot.Plot, error) {
	if len(g.X) == 0 || len(g.Y) == 0 || len(g.Z) != len(g.Y) {
		return nil, fmt.Errorf("plotting: sweep heat map: %d×%d values for a %d×%d grid", len(g.Z), len(g.Z), len(g.Y), len(g.X))
	}
	coords := func(vs []float64, lg bool) []float64 {
		c := make([]float64, len(vs))
		for i, v := range vs {
			c[i] = float64(i)
			if lg {
				c[i] = math.Log10(v)
			}
		}
		return c
	}
	xc, yc := coords(g.X, g.XLog), coords(g.Y, g.YLog)
	edges := func(c []float64) []float64 { // cell edges halfway between values
		e := make([]float64, len(c)+1)
		for i := 1; i < len(c); i++ {
			e[i] = (c[i-1] + c[i]) / 2
		}
		half := 0.5
		if len(c) > 1 {
			half = (c[1] - c[0]) / 2
		}
		e[0], e[len(c)] = c[0]-half, c[len(c)-1]+half
		if len(c) > 1 {
			e[len(c)] = c[len(c)-1] + (c[len(c)-1]-c[len(c)-2])/2
		}
		return e
	}
	xe, ye := edges(xc), edges(yc)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, row := range g.Z {
		for _, z := range row {
			if finite(z) {
				l := math.Log10(math.Max(z, SweepFloor))
				lo, hi = math.Min(lo, l), math.Max(hi, l)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	} else if lo == hi {
		lo, hi = lo-0.5, hi+0.5
	}
	pal := figurePalette()
	p := newPlot(g.Title, g.XLabel, g.YLabel)
	if g.XLog {
		p.X.Tick.Marker = powTicks{}
	}
	if g.YLog {
		p.Y.Tick.Marker = powTicks{}
	}
	var missing plotter.XYs
	for j, row := range g.Z {
		for i, z := range row {
			cell := plotter.XYs{{X: xe[i], Y: ye[j]}, {X: xe[i+1], Y: ye[j]}, {X: xe[i+1], Y: ye[j+1]}, {X: xe[i], Y: ye[j+1]}}
			poly, err := plotter.NewPolygon(cell)
			if err != nil {
				return nil, err
			}
			poly.LineStyle = draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}
			if finite(z) {
				poly.Color = pal.at((math.Log10(math.Max(z, SweepFloor)) - lo) / (hi - lo))
			} else {
				poly.Color = color.Gray{0xf0}
				missing = append(missing, plotter.XY{X: xc[i], Y: yc[j]})
			}
			p.Add(poly)
		}
	}
	if len(missing) > 0 {
		sc, _ := plotter.NewScatter(missing)
		sc.GlyphStyle = draw.GlyphStyle{Color: color.Gray{0x60}, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		p.Add(sc)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xe[0], xe[len(xe)-1], ye[0], ye[len(ye)-1]
	if !g.XLog {
		p.X.Tick.Marker = valueTicks(g.X)
	}
	if !g.YLog {
		p.Y.Tick.Marker = valueTicks(g.Y)
	}
	p.Add(&sidePanel{bar: &colorBar{pal: pal, min: lo, max: hi, label: "log10 of the median (×: the median run failed)"}})
	return p, nil
}

// valueTicks labels cell i with the i-th swept value (every k-th when
// there are many).
type valueTicks []float64

func (v valueTicks) Ticks(float64, float64) []plot.Tick {
	every := max(1, (len(v)+11)/12)
	ts := make([]plot.Tick, len(v))
	for i, x := range v {
		ts[i] = plot.Tick{Value: float64(i)}
		if i%every == 0 {
			ts[i].Label = strconv.FormatFloat(x, 'g', 4, 64)
		}
	}
	return ts
}
