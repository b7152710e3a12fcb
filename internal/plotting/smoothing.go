package plotting

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/smoothing"
)

// SmoothingOptions configures the teaching figures of `optlab plot
// smoothing`. Zero fields take the defaults given.
type SmoothingOptions struct {
	Seed      uint64    // noise of the signal (0 is a seed like any other)
	Points    int       // length of the signal (300)
	Noise     float64   // standard deviation of the noise (0.4)
	Alphas    []float64 // EWMA α values (0.5, 0.9, 0.98)
	SMA       int       // SMA window (10)
	WMA       []float64 // WMA weights, newest first (k, k−1, …, 1 for the SMA window k)
	BiasAlpha float64   // α of the start-up bias figure (0.9)
}

func (o SmoothingOptions) withDefaults() SmoothingOptions {
	if o.Points <= 0 {
		o.Points = 300
	}
	if !(o.Noise > 0) {
		o.Noise = 0.4
	}
	if len(o.Alphas) == 0 {
		o.Alphas = []float64{0.5, 0.9, 0.98}
	}
	if o.SMA <= 0 {
		o.SMA = 10
	}
	if len(o.WMA) == 0 {
		for w := o.SMA; w >= 1; w-- {
			o.WMA = append(o.WMA, float64(w))
		}
	}
	if !(o.BiasAlpha > 0 && o.BiasAlpha < 1) {
		o.BiasAlpha = 0.9
	}
	return o
}

// smoothingSignal is level + sin(2πt/120) (level 0) plus N(0, σ²) noise,
// t = 0 … n−1, deterministic in seed; it returns the clean and noisy series.
func smoothingSignal(n int, level, sigma float64, wave bool, seed uint64) (clean, noisy []float64) {
	r := rand.New(rand.NewPCG(seed, 0x5eed5eed))
	clean, noisy = make([]float64, n), make([]float64, n)
	for t := range n {
		clean[t] = level
		if wave {
			clean[t] += math.Sin(2 * math.Pi * float64(t) / 120)
		}
		noisy[t] = clean[t] + sigma*r.NormFloat64()
	}
	return clean, noisy
}

func seriesXY(ys []float64) plotter.XYs {
	pts := make(plotter.XYs, 0, len(ys))
	for t, y := range ys {
		if finite(y) {
			pts = append(pts, plotter.XY{X: float64(t + 1), Y: y})
		}
	}
	return pts
}

// addCurve draws ys against t = 1, 2, … and adds it to the legend.
func addCurve(p *plot.Plot, leg *plot.Legend, ys []float64, c color.Color, width float64, dashes []vg.Length, label string) error {
	l, err := plotter.NewLine(seriesXY(ys))
	if err != nil {
		return err
	}
	l.Color, l.Width, l.Dashes = c, vg.Points(width), dashes
	p.Add(l)
	if label != "" {
		leg.Add(label, l)
	}
	return nil
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

func fmtWeights(ws []float64) string {
	s := make([]string, len(ws))
	for i, w := range ws {
		s[i] = fmtNum(w)
	}
	return strings.Join(s, ",")
}

// SmoothingFigure is the lecture's figure on moving averages: a noisy
// signal (a slow sine plus Gaussian noise, faint) with the clean signal
// dashed, EWMAs (v_1 = x_1) at each α — the larger α, the smoother and the
// more the curve is shifted right (mean lag α/(1 − α) steps) and damped —
// and an SMA and a WMA for comparison, each labelled with its lag.
func SmoothingFigure(o SmoothingOptions) (*plot.Plot, error) {
	o = o.withDefaults()
	for _, a := range o.Alphas {
		if !(a >= 0 && a < 1) {
			return nil, fmt.Errorf("plotting: EWMA α must be in [0, 1), got %g", a)
		}
	}
	wsum, wlag := 0.0, 0.0
	for j, w := range o.WMA {
		if !(w >= 0) || math.IsInf(w, 1) {
			return nil, fmt.Errorf("plotting: WMA weights must be finite and ≥ 0, got %v", o.WMA)
		}
		wsum, wlag = wsum+w, wlag+float64(j)*w
	}
	if wsum == 0 {
		return nil, fmt.Errorf("plotting: WMA weights sum to 0")
	}
	clean, noisy := smoothingSignal(o.Points, 0, o.Noise, true, o.Seed)
	p := newSmoothingPlot("Moving averages of a noisy signal: smoother means later", "step t", "value")
	leg := newLegend()
	type curve struct {
		ys     []float64
		c      color.Color
		w      float64
		dashes []vg.Length
		label  string
	}
	steps := []curve{
		{noisy, color.NRGBA{0x90, 0x90, 0x90, 0x90}, 1, nil, fmt.Sprintf("signal + noise (σ = %s)", fmtNum(o.Noise))},
	}
	ewmaColors := []int{0, 1, 2, 9, 5}
	for i, a := range o.Alphas {
		w := 2.5
		if a < 0.8 { // the noisy ones thin, so they do not hide the rest
			w = 1.5
		}
		steps = append(steps, curve{smoothing.EWMA(noisy, a), RunColor(ewmaColors[i%len(ewmaColors)]), w, nil,
			fmt.Sprintf("EWMA α = %s (lag %s)", fmtNum(a), fmtNum(a/(1-a)))})
	}
	steps = append(steps,
		curve{smoothing.SMA(noisy, o.SMA), RunColor(3), 2.5, nil,
			fmt.Sprintf("SMA k = %d (lag %s)", o.SMA, fmtNum(float64(o.SMA-1)/2))},
		curve{smoothing.WMA(noisy, o.WMA), RunColor(4), 2.5, nil,
			fmt.Sprintf("WMA %s (lag %s)", fmtWeights(o.WMA), fmtNum(wlag/wsum))},
		curve{clean, color.Black, 2, []vg.Length{vg.Points(7), vg.Points(5)}, "clean signal"})
	for _, s := range steps {
		if err := addCurve(p, leg, s.ys, s.c, s.w, s.dashes, s.label); err != nil {
			return nil, err
		}
	}
	p.Add(&sidePanel{legend: leg})
	p.X.Min, p.X.Max = 0, float64(o.Points)
	p.X.Tick.Marker = stepTicks(p.X.Min, p.X.Max)
	return p, nil
}

// SmoothingBiasFigure shows the start-up of an EWMA on a noisy constant
// level: started from v_0 = 0 and left uncorrected it creeps up from 0 like
// (1 − α^t)·level (the start-up bias); bias-corrected, v_t/(1 − α^t), it
// follows the data from the first step; the lecture's v_1 = x_1 has no
// bias but starts on whatever the first sample happens to be.
func SmoothingBiasFigure(o SmoothingOptions) (*plot.Plot, error) {
	o = o.withDefaults()
	const level, n = 2.0, 60
	a := o.BiasAlpha
	_, noisy := smoothingSignal(n, level, o.Noise, false, o.Seed)
	p := newSmoothingPlot(fmt.Sprintf("EWMA start-up bias (α = %s)", fmtNum(a)), "step t", "value")
	leg := newLegend()
	pts, err := plotter.NewScatter(seriesXY(noisy))
	if err != nil {
		return nil, err
	}
	pts.GlyphStyle = draw.GlyphStyle{Color: color.NRGBA{0x70, 0x70, 0x70, 0xff}, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	p.Add(pts)
	leg.Add(fmt.Sprintf("data: %s + noise (σ = %s)", fmtNum(level), fmtNum(o.Noise)), pts)
	expect := make([]float64, n)
	for t := range expect {
		expect[t] = level * (1 - math.Pow(a, float64(t+1)))
	}
	dash := []vg.Length{vg.Points(6), vg.Points(4)}
	for _, c := range []struct {
		ys     []float64
		col    color.Color
		dashes []vg.Length
		label  string
	}{
		{expect, RunColor(3), dash, "(1 − α^t)·level: where zero-init is pulled"},
		{smoothing.EWMAZeroInit(noisy, a), RunColor(3), nil, "zero-init v₀ = 0, uncorrected (biased to 0)"},
		{smoothing.EWMABiasCorrected(noisy, a), RunColor(2), nil, "bias-corrected: v(t) / (1 − α^t)"},
		{smoothing.EWMA(noisy, a), RunColor(0), nil, "lecture: v₁ = x₁"},
	} {
		if err := addCurve(p, leg, c.ys, c.col, 2.5, c.dashes, c.label); err != nil {
			return nil, err
		}
	}
	p.Add(&sidePanel{legend: leg})
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, n, 0, math.Ceil(2*max(level, slicesMax(noisy)))/2
	p.X.Tick.Marker, p.Y.Tick.Marker = stepTicks(p.X.Min, p.X.Max), stepTicks(p.Y.Min, p.Y.Max)
	return p, nil
}

// NoiseFigure draws what `optlab noise` measured: the noise level
// (RMS ‖ĝ − ∇f‖) against the batch size on log-log axes, the least-squares
// line with its slope, a reference line of slope −1/2 through the first
// point and, for finite_sum, the without-replacement prediction
// √((N − m)/(m(N − 1))) that bends down as m approaches N. Batch sizes with
// zero noise (m = N) cannot sit on a log axis: the legend lists them.
func NoiseFigure(m noise.Measurement) (*plot.Plot, error) {
	var pts plotter.XYs
	var zero []string
	for k, b := range m.Batches {
		if k >= len(m.Std) {
			break
		}
		switch s := m.Std[k]; {
		case s > 0 && finite(s) && b >= 1:
			pts = append(pts, plotter.XY{X: float64(b), Y: s})
		case s == 0:
			zero = append(zero, strconv.Itoa(b))
		}
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("plotting: no batch size with noise > 0 to draw")
	}
	model := m.Model
	if model == "" {
		model = "none"
	}
	title := fmt.Sprintf("Gradient noise vs batch size (%s, %d samples each)", model, m.Samples)
	p := newSmoothingPlot(title, "batch size m", "noise: RMS of ‖ĝ − g‖,  g = true gradient")
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	leg := newLegend()
	lo, hi := pts[0].X, pts[0].X
	ylo, yhi := pts[0].Y, pts[0].Y
	for _, q := range pts {
		lo, hi, ylo, yhi = math.Min(lo, q.X), math.Max(hi, q.X), math.Min(ylo, q.Y), math.Max(yhi, q.Y)
	}
	curve := func(f func(x float64) float64, x0, x1 float64, c color.Color, dashes []vg.Length, label string) {
		var xy plotter.XYs
		for i := range 65 {
			x := x0 * math.Pow(x1/x0, float64(i)/64)
			if y := f(x); y > 0 && finite(y) {
				xy = append(xy, plotter.XY{X: x, Y: y})
			}
		}
		if l, err := plotter.NewLine(xy); err == nil && len(xy) > 1 {
			l.Color, l.Width, l.Dashes = c, vg.Points(2.5), dashes
			p.Add(l)
			leg.Add(label, l)
		}
	}
	x0, x1 := lo/1.3, hi*1.3
	if finite(m.Slope, m.Intercept) {
		curve(func(x float64) float64 { return math.Exp(m.Intercept) * math.Pow(x, m.Slope) }, x0, x1,
			RunColor(0), nil, "least-squares fit: slope "+strings.Replace(fmt.Sprintf("%.3f", m.Slope), "-", "−", 1))
	}
	curve(func(x float64) float64 { return pts[0].Y * math.Sqrt(pts[0].X/x) }, x0, x1,
		color.NRGBA{0x40, 0x40, 0x40, 0xff}, []vg.Length{vg.Points(8), vg.Points(5)}, "reference: slope −1/2")
	if n := float64(m.Examples); n > 1 && pts[0].X < n {
		c0 := pts[0].Y / math.Sqrt((n-pts[0].X)/(pts[0].X*(n-1)))
		curve(func(x float64) float64 { return c0 * math.Sqrt((n-x)/(x*(n-1))) }, x0, math.Min(x1, n),
			RunColor(1), []vg.Length{vg.Points(2), vg.Points(4)}, fmt.Sprintf("without replacement, N = %d", m.Examples))
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
	p.Add(&sidePanel{legend: leg})
	p.X.Min, p.X.Max = x0, x1
	p.Y.Min, p.Y.Max = ylo/1.5, yhi*1.5
	p.X.Tick.Marker = batchTicks(pts)
	p.Y.Tick.Marker = logTicks125{}
	if math.Log10(p.Y.Max/p.Y.Min) > 3 {
		p.Y.Tick.Marker = logTicks{}
	}
	return p, nil
}

// logTicks125 labels 1, 2 and 5 × 10^k with minor ticks at the other
// integers, for log axes spanning a few decades.
type logTicks125 struct{}

// Ticks implements plot.Ticker.
func (logTicks125) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		for d := 1.0; d < 10; d++ {
			v := d * math.Pow(10, e)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if d == 1 || d == 2 || d == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 6, 64)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// newSmoothingPlot is newPlot with the y label upright: gonum already turns
// a vertical axis label by π/2, so its own rotation must be 0.
func newSmoothingPlot(title, xlabel, ylabel string) *plot.Plot {
	p := newPlot(title, xlabel, ylabel)
	p.Y.Label.TextStyle.Rotation = 0
	return p
}

func slicesMax(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		if finite(x) {
			m = math.Max(m, x)
		}
	}
	return m
}

// stepTicks labels round steps (1, 2 or 5 × 10^k, about 6 of them) on a
// linear axis from lo to hi, with 4 or 5 minor ticks between.
func stepTicks(lo, hi float64) plot.ConstantTicks {
	raw := (hi - lo) / 6
	step := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*step >= raw {
			step *= f
			break
		}
	}
	var ts plot.ConstantTicks
	minor := step / 5
	if math.Abs(step/math.Pow(10, math.Floor(math.Log10(step)))-2) < 1e-9 {
		minor = step / 4
	}
	for k := math.Ceil(lo/minor - 1e-9); k*minor <= hi+1e-9*step; k++ {
		v := k * minor
		t := plot.Tick{Value: v}
		if r := v / step; math.Abs(r-math.Round(r)) < 1e-6 {
			lv := math.Round(r) * step
			if lv == 0 {
				lv = 0 // not "-0"
			}
			t.Label = strconv.FormatFloat(lv, 'g', 6, 64)
		}
		ts = append(ts, t)
	}
	return ts
}

// batchTicks labels the measured batch sizes (at most ~12), else decades.
func batchTicks(pts plotter.XYs) plot.Ticker {
	if len(pts) > 12 {
		return logTicks{}
	}
	var ts plot.ConstantTicks
	for _, q := range pts {
		ts = append(ts, plot.Tick{Value: q.X, Label: strconv.FormatFloat(q.X, 'g', -1, 64)})
	}
	return ts
}
