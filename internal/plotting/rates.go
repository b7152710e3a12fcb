package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// A RateSeries is one optimizer's effective rate on one coordinate per
// update t = 1…len(Rate).
type RateSeries struct {
	Label string
	Rate  []float64
	Dash  bool
	Color int // index into the run palette
}

// EffectiveRates draws per-coordinate effective learning rates (lr/√G for
// AdaGrad, lr/√r for RMSProp) against the update on log–log axes.
func EffectiveRates(title string, series []RateSeries) (*plot.Plot, error) {
	p, leg := newSmoothingPlot(title, "update t", "lr_eff")
	p.X.Tick.Marker, p.Y.Tick.Marker = powTicks{}, powTicks{}
	ymin, ymax, tmax := math.Inf(1), math.Inf(-1), 0
	for _, s := range series {
		var pts plotter.XYs
		for k, r := range s.Rate {
			if r > 0 && finite(r) {
				y := math.Log10(r)
				pts = append(pts, plotter.XY{X: math.Log10(float64(k + 1)), Y: y})
				ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
			}
		}
		if len(pts) < 2 {
			continue
		}
		tmax = max(tmax, len(s.Rate))
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = RunColor(s.Color), vg.Points(2)
		if s.Dash {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		p.Add(l)
		leg.Add(s.Label, l)
	}
	if tmax == 0 {
		return nil, fmt.Errorf("plotting: effective rates: nothing to draw")
	}
	pad := math.Max(0.1*(ymax-ymin), 0.1)
	p.Y.Min, p.Y.Max = ymin-pad, ymax+pad
	p.X.Min, p.X.Max = 0, math.Log10(float64(tmax))
	return p, nil
}
