package plotting

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// NoiseMeasurement is what NoiseFigure draws: the noise level of a
// stochastic gradient measured at several batch sizes, and the line
// fitted to it. It is plain data, filled by the caller from its own
// measurement.
type NoiseMeasurement struct {
	Surface  string    // for the title ("" leaves it out)
	At       []float64 // the point measured at, for the title
	Model    string    // the noise model, for the title ("" is "none")
	Samples  int       // draws per batch size, for the title
	Examples int       // finite-sum's N, 0 for other models
	Batches  []int     // the batch sizes m
	// Std[k] is the noise level at Batches[k]: the root-mean-square of
	// ‖ĝ − g‖ over the samples (0 when there is none, as at m = N).
	Std []float64
	// Slope and Intercept are the least-squares line
	// ln Std ≈ Intercept + Slope·ln m (NaN when not fitted).
	Slope, Intercept float64
}

// NoiseFigure draws what `optlab noise` measured: the noise level
// (RMS ‖ĝ − ∇f‖) against the batch size on log-log axes, the least-squares
// line with its slope, a reference line of slope −1/2 through the first
// point and, for finite_sum, the without-replacement prediction
// ∝ √((N − m)/(m(N − 1))) that bends down as m approaches N. Batch sizes
// with zero noise (m = N) cannot sit on a log axis: the legend lists them.
// Both axes hold log10 values (labelled with the plain numbers), which
// keeps gonum's log-scale label placement out of the way.
func NoiseFigure(m NoiseMeasurement) (*plot.Plot, error) {
	var pts plotter.XYs
	var zero []string
	var xticks plot.ConstantTicks
	for k, b := range m.Batches[:min(len(m.Batches), len(m.Std))] {
		if s := m.Std[k]; s > 0 && finite(s) && b >= 1 {
			pts = append(pts, plotter.XY{X: math.Log10(float64(b)), Y: math.Log10(s)})
			xticks = append(xticks, plot.Tick{Value: math.Log10(float64(b)), Label: strconv.Itoa(b)})
		} else if s == 0 {
			zero = append(zero, strconv.Itoa(b))
		}
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("plotting: no batch size with noise > 0 to draw")
	}
	model := cmp.Or(m.Model, "none")
	title := fmt.Sprintf("Gradient noise vs batch size (%s, %d samples each)", model, m.Samples)
	if m.Surface != "" {
		title = fmt.Sprintf("%s at %s: gradient noise vs batch size (%s, %d samples each)", m.Surface, fmtPoint(m.At), model, m.Samples)
	}
	// In words, not "‖ĝ − g‖": in the sans-serif fonts a double bar
	// reads as "ll" ("llĝ − gll").
	p, leg := newSmoothingPlot(title, "batch size m", "noise: RMS of the norm of ĝ − g  (g: true gradient)")
	x0, x1, y0, y1 := pts[0].X, pts[0].X, pts[0].Y, pts[0].Y
	for _, q := range pts {
		x0, x1, y0, y1 = min(x0, q.X), max(x1, q.X), min(y0, q.Y), max(y1, q.Y)
	}
	x0, x1, y0, y1 = x0-0.1, x1+0.1, y0-0.15, y1+0.15
	// curve samples f (batch size -> noise) on [x0, xmax] in log10 units.
	curve := func(f func(b float64) float64, xmax float64) plotter.XYs {
		var xy plotter.XYs
		for i := range 129 {
			x := x0 + (xmax-x0)*float64(i)/128
			if y := f(math.Pow(10, x)); y > 0 && finite(y) {
				xy = append(xy, plotter.XY{X: x, Y: math.Log10(y)})
			}
		}
		return xy
	}
	b0, s0 := math.Pow(10, pts[0].X), math.Pow(10, pts[0].Y)
	var cs []smoothCurve
	if finite(m.Slope, m.Intercept) {
		cs = append(cs, smoothCurve{curve(func(b float64) float64 { return math.Exp(m.Intercept) * math.Pow(b, m.Slope) }, x1),
			RunColor(0), 2.5, nil, "least-squares fit: slope " + strings.Replace(fmt.Sprintf("%.3f", m.Slope), "-", "−", 1)})
	}
	cs = append(cs, smoothCurve{curve(func(b float64) float64 { return s0 * math.Sqrt(b0/b) }, x1),
		color.NRGBA{0x40, 0x40, 0x40, 0xff}, 2.5, smoothDash, "reference: slope −1/2"})
	if n := float64(m.Examples); n > 1 && b0 < n {
		fpc := func(b float64) float64 { return math.Sqrt((n - b) / (b * (n - 1))) }
		cs = append(cs, smoothCurve{curve(func(b float64) float64 { return s0 / fpc(b0) * fpc(b) }, min(x1, math.Log10(n))),
			RunColor(1), 2.5, []vg.Length{vg.Points(2), vg.Points(4)}, fmt.Sprintf("without replacement, N = %d", m.Examples)})
	}
	if err := addSmoothCurves(p, leg, cs...); err != nil {
		return nil, err
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: RunColor(3), Radius: vg.Points(5), Shape: draw.CircleGlyph{}}
	p.Add(sc)
	leg.Add("measured", sc)
	if len(zero) > 0 {
		leg.Add(fmt.Sprintf("noise exactly 0 at m = %s (not on log axes)", strings.Join(zero, ", ")))
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
	p.X.Tick.Marker, p.Y.Tick.Marker = xticks, log10Ticks(y0, y1)
	if len(xticks) > 12 {
		p.X.Tick.Marker = log10Ticks(x0, x1)
	}
	return p, nil
}

// fmtPoint formats a point for a title: "(-1, 1)".
func fmtPoint(x []float64) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = strconv.FormatFloat(v, 'g', 4, 64)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
