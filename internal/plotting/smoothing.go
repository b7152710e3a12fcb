package plotting

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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

// smoothCurve is one line of these figures and its legend entry.
type smoothCurve struct {
	pts    plotter.XYs
	col    color.Color
	width  float64
	dashes []vg.Length
	label  string
}

// seriesXY pairs ys with t = 1, 2, ….
func seriesXY(ys []float64) plotter.XYs {
	pts := make(plotter.XYs, len(ys))
	for t, y := range ys {
		pts[t] = plotter.XY{X: float64(t + 1), Y: y}
	}
	return pts
}

func addSmoothCurves(p *plot.Plot, leg *plot.Legend, cs ...smoothCurve) error {
	for _, c := range cs {
		l, err := plotter.NewLine(c.pts)
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = c.col, vg.Points(c.width), c.dashes
		p.Add(l)
		leg.Add(c.label, l)
	}
	return nil
}

// newSmoothingPlot is newPlot with the legend in a side panel and the y
// label upright (gonum itself turns a vertical axis label by π/2).
func newSmoothingPlot(title, xlabel, ylabel string) (*plot.Plot, *plot.Legend) {
	p := newPlot(title, xlabel, ylabel)
	p.Y.Label.TextStyle.Rotation = 0
	leg := newLegend()
	p.Add(&sidePanel{legend: leg})
	return p, leg
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

var smoothDash = []vg.Length{vg.Points(7), vg.Points(5)}

// SmoothingFigure is the lecture's figure on moving averages: a noisy
// signal (a slow sine plus Gaussian noise, faint) with the clean signal
// dashed, EWMAs (v_1 = x_1) at each α — the larger α, the smoother and the
// more the curve is shifted right (mean lag α/(1 − α) steps) and damped —
// and an SMA and a WMA for comparison, each labelled with its lag.
func SmoothingFigure(o SmoothingOptions) (*plot.Plot, error) {
	o = o.withDefaults()
	wsum, wlag := 0.0, 0.0
	ws := make([]string, len(o.WMA))
	for j, w := range o.WMA {
		if !(w >= 0) || math.IsInf(w, 1) {
			return nil, fmt.Errorf("plotting: WMA weights must be finite and ≥ 0, got %v", o.WMA)
		}
		wsum, wlag, ws[j] = wsum+w, wlag+float64(j)*w, fmtNum(w)
	}
	if wsum == 0 {
		return nil, fmt.Errorf("plotting: WMA weights sum to 0")
	}
	clean, noisy := smoothingSignal(o.Points, 0, o.Noise, true, o.Seed)
	p, leg := newSmoothingPlot("Moving averages of a noisy signal: smoother means later", "step t", "value")
	cs := []smoothCurve{{seriesXY(noisy), color.NRGBA{0x90, 0x90, 0x90, 0x90}, 1, nil,
		fmt.Sprintf("signal + noise (σ = %s)", fmtNum(o.Noise))}}
	for i, a := range o.Alphas {
		if !(a >= 0 && a < 1) {
			return nil, fmt.Errorf("plotting: EWMA α must be in [0, 1), got %g", a)
		}
		w := 2.5
		if a < 0.8 { // the noisy ones thin, so they do not hide the rest
			w = 1.5
		}
		cs = append(cs, smoothCurve{seriesXY(smoothing.EWMA(noisy, a)), RunColor([]int{0, 1, 2, 9, 5}[i%5]), w, nil,
			fmt.Sprintf("EWMA α = %s (lag %s)", fmtNum(a), fmtNum(a/(1-a)))})
	}
	cs = append(cs,
		smoothCurve{seriesXY(smoothing.SMA(noisy, o.SMA)), RunColor(3), 2.5, nil,
			fmt.Sprintf("SMA k = %d (lag %s)", o.SMA, fmtNum(float64(o.SMA-1)/2))},
		smoothCurve{seriesXY(smoothing.WMA(noisy, o.WMA)), RunColor(4), 2.5, nil,
			fmt.Sprintf("WMA %s (lag %s)", strings.Join(ws, ","), fmtNum(wlag/wsum))},
		smoothCurve{seriesXY(clean), color.Black, 2, smoothDash, "clean signal"})
	if err := addSmoothCurves(p, leg, cs...); err != nil {
		return nil, err
	}
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
	p, leg := newSmoothingPlot(fmt.Sprintf("EWMA start-up bias (α = %s)", fmtNum(a)), "step t", "value")
	sc, err := plotter.NewScatter(seriesXY(noisy))
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: color.NRGBA{0x70, 0x70, 0x70, 0xff}, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	p.Add(sc)
	leg.Add(fmt.Sprintf("data: %s + noise (σ = %s)", fmtNum(level), fmtNum(o.Noise)), sc)
	expect := make([]float64, n)
	for t := range expect {
		expect[t] = level * (1 - math.Pow(a, float64(t+1)))
	}
	if err := addSmoothCurves(p, leg,
		smoothCurve{seriesXY(expect), RunColor(3), 2.5, smoothDash, "(1 − α^t)·level: where zero-init is pulled"},
		smoothCurve{seriesXY(smoothing.EWMAZeroInit(noisy, a)), RunColor(3), 2.5, nil, "zero-init v₀ = 0, uncorrected (biased to 0)"},
		smoothCurve{seriesXY(smoothing.EWMABiasCorrected(noisy, a)), RunColor(2), 2.5, nil, "bias-corrected: v(t) / (1 − α^t)"},
		smoothCurve{seriesXY(smoothing.EWMA(noisy, a)), RunColor(0), 2.5, nil, "lecture: v₁ = x₁"},
	); err != nil {
		return nil, err
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, n, 0, math.Ceil(2*max(level, slices.Max(noisy)))/2
	p.X.Tick.Marker, p.Y.Tick.Marker = stepTicks(p.X.Min, p.X.Max), stepTicks(p.Y.Min, p.Y.Max)
	return p, nil
}

// stepTicks labels round steps (1, 2 or 5 × 10^k, about 6 of them) on a
// linear axis from lo to hi, with minor ticks between.
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
	for k := math.Ceil(lo/step*4 - 1e-9); k/4*step <= hi+1e-9*step; k++ {
		t := plot.Tick{Value: k / 4 * step}
		if math.Mod(k, 4) == 0 {
			t.Label = strconv.FormatFloat(k/4*step+0, 'g', 6, 64) // +0: no "-0"
		}
		ts = append(ts, t)
	}
	return ts
}

// log10Ticks are ticks for an axis holding log10 values from lo to hi:
// labelled 1, 2, 5 × 10^k (only 10^k beyond 3 decades), minor ticks at the
// other integers.
func log10Ticks(lo, hi float64) plot.ConstantTicks {
	var ts plot.ConstantTicks
	for e := math.Floor(lo); e <= math.Ceil(hi); e++ {
		for d := 1.0; d < 10; d++ {
			if v := e + math.Log10(d); v >= lo && v <= hi {
				t := plot.Tick{Value: v}
				if d == 1 || (hi-lo <= 3 && (d == 2 || d == 5)) {
					t.Label = strconv.FormatFloat(d*math.Pow(10, e), 'g', 6, 64)
				}
				ts = append(ts, t)
			}
		}
	}
	return ts
}
