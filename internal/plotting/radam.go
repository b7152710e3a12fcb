package plotting

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// A RAdamCurve is RAdam's schedule for one β2: ρt/ρ∞ and the
// rectification term r_t per update t = 1…len, and the first adaptive t.
type RAdamCurve struct {
	Beta2  float64
	RhoInf float64
	Rho    []float64 // ρt, t = 1, 2, …
	Rect   []float64 // r_t (0 while not adaptive)
	Switch int       // 0: never adaptive
}

// RAdamTerms draws r_t (solid) and ρt/ρ∞ (dashed) against t on a log t
// axis, with a vertical line where RAdam switches from SGD with momentum
// to the rectified adaptive step.
func RAdamTerms(curves []RAdamCurve) (*plot.Plot, error) {
	p, leg := newSmoothingPlot("RAdam: rectification r_t and ρ_t/ρ∞ against t", "update t", "")
	p.X.Tick.Marker = powTicks{}
	tmax := 0
	for i, c := range curves {
		if len(c.Rho) != len(c.Rect) || len(c.Rho) < 2 {
			return nil, fmt.Errorf("plotting: radam: curve %d has %d ρ and %d r values", i, len(c.Rho), len(c.Rect))
		}
		tmax = max(tmax, len(c.Rho))
		col := RunColor(i)
		var rect, rho plotter.XYs
		for k := range c.Rho {
			t := math.Log10(float64(k + 1))
			rho = append(rho, plotter.XY{X: t, Y: math.Max(c.Rho[k], 0) / c.RhoInf})
			if c.Switch > 0 && k+1 >= c.Switch {
				rect = append(rect, plotter.XY{X: t, Y: c.Rect[k]})
			}
		}
		lr, err := plotter.NewLine(rho)
		if err != nil {
			return nil, err
		}
		lr.Color, lr.Width, lr.Dashes = col, vg.Points(1.4), []vg.Length{vg.Points(5), vg.Points(3)}
		p.Add(lr)
		leg.Add(fmt.Sprintf("β2 = %g: ρ_t/ρ∞ (ρ∞ = %.4g)", c.Beta2, c.RhoInf), lr)
		if len(rect) > 1 {
			l, err := plotter.NewLine(rect)
			if err != nil {
				return nil, err
			}
			l.Color, l.Width = col, vg.Points(2.4)
			p.Add(l)
			leg.Add(fmt.Sprintf("β2 = %g: r_t", c.Beta2), l)
		}
		if c.Switch > 0 {
			x := math.Log10(float64(c.Switch))
			v, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: 1.05}})
			if err != nil {
				return nil, err
			}
			v.Color, v.Width, v.Dashes = withAlpha(col, 0.6), vg.Points(1), []vg.Length{vg.Points(2), vg.Points(2)}
			p.Add(v)
			leg.Add(fmt.Sprintf("β2 = %g: adaptive from t = %d (SGD with momentum before)", c.Beta2, c.Switch), v)
		}
	}
	p.X.Min, p.X.Max = 0, math.Log10(float64(tmax))
	p.Y.Min, p.Y.Max = 0, 1.05
	return p, nil
}
