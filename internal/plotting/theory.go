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

// A TheoryCurve is an observed loss curve (f − f* per step) with the
// predicted contraction rate ρ of ‖x − x*‖: the prediction drawn over it
// is (f₀ − f*)·ρ^{2k}.
type TheoryCurve struct {
	Label    string
	Observed []float64
	Rate     float64
}

// TheoryRates draws observed loss curves (solid) with their predicted
// envelopes (dashed) on a log axis.
func TheoryRates(title string, curves []TheoryCurve) (*plot.Plot, error) {
	p, leg := newSmoothingPlot(title, "step", "f − f*")
	p.Y.Tick.Marker = powTicks{}
	ymin, ymax := math.Inf(1), math.Inf(-1)
	xmax := 0.0
	for i, c := range curves {
		if len(c.Observed) == 0 || !(c.Observed[0] > 0) {
			return nil, fmt.Errorf("plotting: theory: %s has no positive start loss", c.Label)
		}
		col := RunColor(i)
		var obs, pred plotter.XYs
		f0 := c.Observed[0]
		for k, v := range c.Observed {
			if !(v > 0) || !finite(v) {
				break
			}
			obs = append(obs, plotter.XY{X: float64(k), Y: math.Log10(v)})
			pv := math.Log10(f0) + 2*float64(k)*math.Log10(c.Rate)
			pred = append(pred, plotter.XY{X: float64(k), Y: pv})
			ymin, ymax = math.Min(ymin, math.Min(math.Log10(v), pv)), math.Max(ymax, math.Log10(v))
		}
		if len(obs) < 2 {
			continue
		}
		xmax = math.Max(xmax, obs[len(obs)-1].X)
		lo, err := plotter.NewLine(obs)
		if err != nil {
			return nil, err
		}
		lo.Color, lo.Width = col, vg.Points(2.2)
		lp, err := plotter.NewLine(pred)
		if err != nil {
			return nil, err
		}
		lp.Color, lp.Width, lp.Dashes = color.Black, vg.Points(1.2), []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(lo, lp)
		leg.Add(c.Label+" observed", lo)
		leg.Add(fmt.Sprintf("predicted ρ = %.4g", c.Rate), lp)
	}
	if math.IsInf(ymin, 1) {
		return nil, fmt.Errorf("plotting: theory: nothing to draw")
	}
	ymin = math.Max(ymin, ymax-30) // 30 decades are plenty
	p.Y.Min, p.Y.Max = ymin-0.3, ymax+0.3
	p.X.Min, p.X.Max = 0, xmax
	return p, nil
}

// TheorySweep draws GD's final loss against the learning rate (both log
// axes) with the stability limit 2/λmax and the optimal step marked;
// diverged runs are drawn at the top edge as crosses.
func TheorySweep(title string, lr, final []float64, stable, optimal float64) (*plot.Plot, error) {
	if len(lr) != len(final) || len(lr) < 2 || !(stable > 0) || !(optimal > 0) {
		return nil, fmt.Errorf("plotting: theory sweep: need ≥ 2 rates and positive limits")
	}
	p, leg := newSmoothingPlot(title, "learning rate", "final f − f*")
	p.X.Tick.Marker, p.Y.Tick.Marker = powTicks{}, powTicks{}
	var ok, bad plotter.XYs
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, f := range final {
		if f > 0 && finite(f) && (len(ok) == 0 || math.Log10(f) <= ok[0].Y+6) {
			y := math.Log10(f)
			ok = append(ok, plotter.XY{X: math.Log10(lr[i]), Y: y})
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	if len(ok) == 0 {
		return nil, fmt.Errorf("plotting: theory sweep: every run diverged")
	}
	// Diverged runs reach 1e30 and more: the axis stops 6 decades above
	// the smallest rate's loss (about the start's) and larger ones sit on
	// its top edge.
	top := math.Min(ymax, ok[0].Y+6) + 0.5
	for i, f := range final {
		if !(f > 0 && finite(f)) || math.Log10(f) > ok[0].Y+6 {
			bad = append(bad, plotter.XY{X: math.Log10(lr[i]), Y: top})
		}
	}
	l, err := plotter.NewLine(ok)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = RunColor(0), vg.Points(2)
	sc, err := plotter.NewScatter(ok)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: RunColor(0), Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
	p.Add(l, sc)
	leg.Add("GD, final loss", sc)
	if len(bad) > 0 {
		bs, err := plotter.NewScatter(bad)
		if err != nil {
			return nil, err
		}
		bs.GlyphStyle = draw.GlyphStyle{Color: RunColor(3), Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		p.Add(bs)
		leg.Add("diverged (or off the top)", bs)
	}
	for _, m := range []struct {
		x     float64
		col   color.Color
		label string
	}{
		{stable, RunColor(3), fmt.Sprintf("stability limit 2/λmax = %.4g", stable)},
		{optimal, RunColor(2), fmt.Sprintf("optimal 2/(λmin+λmax) = %.4g", optimal)},
	} {
		v, err := plotter.NewLine(plotter.XYs{{X: math.Log10(m.x), Y: ymin - 0.5}, {X: math.Log10(m.x), Y: top + 0.5}})
		if err != nil {
			return nil, err
		}
		v.Color, v.Width, v.Dashes = m.col, vg.Points(1.6), []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(v)
		leg.Add(m.label, v)
	}
	p.Y.Min, p.Y.Max = ymin-0.5, top+0.5
	p.X.Min, p.X.Max = math.Log10(lr[0])-0.05, math.Log10(lr[len(lr)-1])+0.05
	return p, nil
}
