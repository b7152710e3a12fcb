package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A ScalingSeries is one optimizer's cost against the dimension n, with
// the fitted slope of log cost against log n (NaN: none).
type ScalingSeries struct {
	Label string
	N     []float64
	Cost  []float64
	Slope float64
}

// ScalingFigure draws costs against n on log-log axes, one line with
// points per series, each series' fitted slope in the legend. Costs ≤ 0
// (sgd keeps no state) cannot sit on a log axis: such a series is listed
// in the legend as "none" without a line.
func ScalingFigure(title, ylabel string, series []ScalingSeries) (*plot.Plot, error) {
	p, leg := newSmoothingPlot(title, "dimension n", ylabel)
	p.X.Tick.Marker, p.Y.Tick.Marker = powTicks{}, powTicks{}
	xmin, xmax := math.Inf(1), math.Inf(-1)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, s := range series {
		var pts plotter.XYs
		for k := range s.N {
			if s.N[k] > 0 && s.Cost[k] > 0 && finite(s.N[k], s.Cost[k]) {
				x, y := math.Log10(s.N[k]), math.Log10(s.Cost[k])
				pts = append(pts, plotter.XY{X: x, Y: y})
				xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
		if len(pts) == 0 {
			leg.Add(s.Label + "  none (no state)")
			continue
		}
		col := RunColor(i)
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = col, vg.Points(2.2)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
		label := s.Label
		if !math.IsNaN(s.Slope) {
			label += fmt.Sprintf("  slope %.2f", s.Slope)
		}
		leg.Add(label, l, sc)
	}
	if math.IsInf(xmin, 1) {
		return nil, fmt.Errorf("plotting: scaling: nothing positive to draw")
	}
	// A little room around the data, and at least one decade on each axis
	// so that powTicks has a labelled tick.
	pad := func(lo, hi float64) (float64, float64) {
		lo, hi = lo-0.12, hi+0.12
		if w := hi - lo; w < 1 {
			lo, hi = lo-(1-w)/2, hi+(1-w)/2
		}
		return lo, hi
	}
	p.X.Min, p.X.Max = pad(xmin, xmax)
	p.Y.Min, p.Y.Max = pad(ymin, ymax)
	return p, nil
}
