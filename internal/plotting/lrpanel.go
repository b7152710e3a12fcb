package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/optlab/optlab/internal/trace"
)

// addLRPanel puts the learning-rate schedules in a strip under the loss
// curves of a figure whose y range is [lo, hi] (log10 of the losses): the
// range is extended downward by 40% and the strip drawn there on its own
// linear scale, 0 at its bottom and the largest rate at its top, each
// label in its colour (the first run of a label: repeats share a
// schedule). The loss axis keeps its ticks above the strip only.
func addLRPanel(p *plot.Plot, runs []trace.Run, lo, hi float64) error {
	span := hi - lo
	bottom := lo - 0.4*span
	top := lo - 0.06*span
	lrMax := 0.0
	for _, r := range runs {
		for _, pt := range r.Points {
			if finite(pt.LR) {
				lrMax = math.Max(lrMax, pt.LR)
			}
		}
	}
	if !(lrMax > 0) {
		return fmt.Errorf("plotting: --lr-panel: the runs record no learning rate")
	}
	sep, err := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: lo - 0.03*span}, {X: p.X.Max, Y: lo - 0.03*span}})
	if err != nil {
		return err
	}
	sep.Color, sep.Width = color.Gray{0x80}, vg.Points(1)
	p.Add(sep)
	for _, g := range groupRuns(runs) {
		var pts plotter.XYs
		for _, pt := range g.Runs[0].Points {
			if finite(pt.LR) {
				pts = append(pts, plotter.XY{X: float64(pt.Step), Y: bottom + (top-bottom)*pt.LR/lrMax})
			}
		}
		if len(pts) < 2 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color, l.Width = RunColor(g.Color), vg.Points(1.8)
		p.Add(l)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{
		XYs:    []plotter.XY{{X: p.X.Min, Y: top}, {X: p.X.Min, Y: bottom}},
		Labels: []string{fmt.Sprintf(" lr (schedule), top = %.3g", lrMax), " lr = 0"},
	})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i] = textStyle(tickSize, color.Gray{0x30})
	}
	p.Add(labels)
	p.Y.Min = bottom - 0.02*span
	p.Y.Tick.Marker = ticksAbove{inner: p.Y.Tick.Marker, lo: lo - 0.01*span}
	return nil
}

// ticksAbove keeps the ticks of inner at or above lo.
type ticksAbove struct {
	inner plot.Ticker
	lo    float64
}

func (t ticksAbove) Ticks(min, max float64) []plot.Tick {
	var out []plot.Tick
	for _, tk := range t.inner.Ticks(t.lo, max) {
		if tk.Value >= t.lo {
			out = append(out, tk)
		}
	}
	return out
}
