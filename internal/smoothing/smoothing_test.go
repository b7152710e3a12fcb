package smoothing

import (
	"math"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func near(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len %d, want %d", name, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12*(1+math.Abs(want[i])) {
			t.Errorf("%s[%d] = %.15g, want %.15g", name, i, got[i], want[i])
		}
	}
}

// Hand-computed first steps.
func TestSmoothFirstSteps(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5}
	near(t, "EWMA", EWMA(xs[:4], 0.5), []float64{1, 1.5, 2.25, 3.125})
	near(t, "EWMAZeroInit", EWMAZeroInit(xs[:4], 0.5), []float64{0.5, 1.25, 2.125, 3.0625})
	near(t, "EWMABiasCorrected", EWMABiasCorrected(xs[:4], 0.5),
		[]float64{1, 1.25 / 0.75, 2.125 / 0.875, 3.0625 / 0.9375})
	near(t, "SMA", SMA(xs, 3), []float64{1, 1.5, 2, 3, 4})
	near(t, "WMA", WMA(xs[:4], []float64{3, 2, 1}), []float64{1, 8.0 / 5, 14.0 / 6, 20.0 / 6})
	near(t, "WMA newest first", WMA([]float64{0, 10}, []float64{1, 0}), []float64{0, 10})
	near(t, "EWMA α=0.9", EWMA([]float64{10, 0}, 0.9), []float64{10, 9})
	near(t, "bias-corrected α=0.9", EWMABiasCorrected([]float64{10, 0}, 0.9), []float64{10, 9 / 1.9})
	near(t, "SMA k<1", SMA(xs, 0), xs)
	near(t, "WMA no weights", WMA(xs, nil), xs)
}

// The recursions against their closed forms, on arbitrary data.
func TestSmoothFormulas(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		xs := rapid.SliceOfN(rapid.Float64Range(-100, 100), 1, 40).Draw(rt, "xs")
		a := rapid.Float64Range(0, 0.99).Draw(rt, "alpha")
		k := rapid.IntRange(1, 8).Draw(rt, "k")
		ws := rapid.SliceOfN(rapid.Float64Range(0.1, 5), 1, 6).Draw(rt, "weights")
		e, z, bc, s, w := EWMA(xs, a), EWMAZeroInit(xs, a), EWMABiasCorrected(xs, a), SMA(xs, k), WMA(xs, ws)
		for t := 1; t <= len(xs); t++ { // 1-based as in the lecture
			wantE := math.Pow(a, float64(t-1)) * xs[0]
			var wantZ float64
			for j := 1; j <= t; j++ {
				wantZ += (1 - a) * math.Pow(a, float64(t-j)) * xs[j-1]
				if j > 1 {
					wantE += (1 - a) * math.Pow(a, float64(t-j)) * xs[j-1]
				}
			}
			wantBC := wantZ / (1 - math.Pow(a, float64(t)))
			var sum, n, wsum, wnum float64
			for j := max(1, t-k+1); j <= t; j++ {
				sum, n = sum+xs[j-1], n+1
			}
			for j := 0; j < len(ws) && j < t; j++ {
				wnum, wsum = wnum+ws[j]*xs[t-1-j], wsum+ws[j]
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"EWMA", e[t-1], wantE}, {"EWMAZeroInit", z[t-1], wantZ}, {"EWMABiasCorrected", bc[t-1], wantBC},
				{"SMA", s[t-1], sum / n}, {"WMA", w[t-1], wnum / wsum}} {
				if math.Abs(c.got-c.want) > 1e-9*(1+math.Abs(c.want)) {
					rt.Fatalf("%s at t=%d: %.15g, want %.15g", c.name, t, c.got, c.want)
				}
			}
		}
	})
}

// A constant signal: every average but the zero-initialised one reproduces
// it; the zero-initialised one starts at (1 − α)c — the start-up bias.
func TestSmoothConstant(t *testing.T) {
	xs := []float64{2, 2, 2, 2, 2, 2}
	for name, got := range map[string][]float64{
		"EWMA": EWMA(xs, 0.9), "EWMABiasCorrected": EWMABiasCorrected(xs, 0.9),
		"SMA": SMA(xs, 4), "WMA": WMA(xs, []float64{3, 2, 1}),
	} {
		near(t, name, got, xs)
	}
	z := EWMAZeroInit(xs, 0.9)
	for i, v := range z {
		if want := 2 * (1 - math.Pow(0.9, float64(i+1))); math.Abs(v-want) > 1e-12 {
			t.Errorf("zero-init[%d] = %g, want %g", i, v, want)
		}
	}
}

func TestSmoothNonFinite(t *testing.T) {
	for _, f := range []func([]float64) []float64{
		func(x []float64) []float64 { return EWMA(x, 0.9) },
		func(x []float64) []float64 { return EWMABiasCorrected(x, 0.9) },
		func(x []float64) []float64 { return EWMAZeroInit(x, 0.9) },
		func(x []float64) []float64 { return SMA(x, 3) },
		func(x []float64) []float64 { return WMA(x, []float64{3, 2, 1}) },
	} {
		if got := f(nil); len(got) != 0 {
			t.Errorf("empty input gave %v", got)
		}
		f([]float64{math.NaN(), math.Inf(1), 1})
	}
	s := SMA([]float64{1, math.Inf(1), 1, 1, 1, 1}, 3)
	if !math.IsInf(s[3], 1) || s[4] != 1 || s[5] != 1 {
		t.Errorf("SMA should recover once the Inf leaves the window: %v", s)
	}
}

func TestSmoothParse(t *testing.T) {
	xs := []float64{1, 5, 2, 8, 3, 9, 4}
	for spec, want := range map[string][]float64{
		"ewma:0.9":     EWMA(xs, 0.9),
		" EWMA : 0.5 ": EWMA(xs, 0.5),
		"ewma_bc:0.9":  EWMABiasCorrected(xs, 0.9),
		"sma:10":       SMA(xs, 10),
		"wma:3,2,1":    WMA(xs, []float64{3, 2, 1}),
		"wma:1, 0":     xs,
		"none":         xs,
		"":             xs,
	} {
		f, err := Parse(spec)
		if err != nil {
			t.Errorf("%q: %v", spec, err)
			continue
		}
		near(t, spec, f(xs), want)
	}
	for spec, want := range map[string]string{
		"ewma:1.5":   `smoothing "ewma:1.5": alpha must be a number in [0, 1), got "1.5"`,
		"ewma_bc:1":  `alpha must be a number in [0, 1), got "1"`,
		"ewma:x":     `got "x"`,
		"ewma":       `missing parameter (e.g. ewma:0.9)`,
		"sma:0":      `window must be an integer ≥ 1, got "0"`,
		"sma:2.5":    `got "2.5"`,
		"wma:3,-2,1": `weight 2 must be a finite number ≥ 0, got "-2"`,
		"wma:3,,1":   `weight 2 must be a finite number ≥ 0, got ""`,
		"wma:0,1":    `the newest (first) weight must be > 0, got "0"`,
		"ema:0.9":    `unknown method "ema" (want ewma, ewma_bc, sma, wma or none)`,
		"none:3":     `none takes no parameter`,
	} {
		_, err := Parse(spec)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want …%s", spec, err, want)
		}
	}
}
