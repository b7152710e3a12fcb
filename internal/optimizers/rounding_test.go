package optimizers

import (
	"math"
	"testing"
)

// TestCosRoundedMatchesC: cosRounded(π·e/T) is C's cos (Python's math.cos,
// values printed by /usr/bin/python3) on points of a cosine schedule where
// math.Cos is an ulp off.
func TestCosRoundedMatchesC(t *testing.T) {
	for _, c := range []struct {
		e, T int
		want float64
	}{
		{5, 50, 0.9510565162951535}, {7, 50, 0.9048270524660196}, {10, 50, 0.8090169943749475},
		{13, 50, 0.6845471059286886}, {16, 50, 0.5358267949789965}, {17, 50, 0.48175367410171516},
	} {
		x := math.Pi * float64(c.e) / float64(c.T)
		if got := cosRounded(x); got != c.want {
			t.Errorf("cosRounded(π·%d/%d) = %.17g, want %.17g (math.Cos %.17g)", c.e, c.T, got, c.want, math.Cos(x))
		}
	}
}

// TestPowIntMatchesC: powInt is C's pow (Python's beta ** step, values
// printed by /usr/bin/python3) for the bias corrections' powers.
func TestPowIntMatchesC(t *testing.T) {
	for _, c := range []struct {
		b    float64
		t    int
		want float64
	}{
		{0.9, 7, 0.4782969000000001}, {0.999, 123, 0.8842092457380011}, {0.999, 1000, 0.36769542477096373},
		{0.99, 57, 0.5639051904523875}, {0.95, 300, 2.075303347768056e-07}, {0.8, 45, 4.355614296588023e-05},
		{0.9, 0, 1},
	} {
		if got := powInt(c.b, c.t); got != c.want {
			t.Errorf("powInt(%g, %d) = %.17g, want %.17g (math.Pow %.17g)", c.b, c.t, got, c.want, math.Pow(c.b, float64(c.t)))
		}
	}
}

// TestRatesEqualRate: the recursive rates are Rate's closed form up to
// rounding, for every kind, and asking for an earlier update starts over.
func TestRatesEqualRate(t *testing.T) {
	for _, s := range []Schedule{
		{},
		{Warmup: &Warmup{Steps: 30, StartFactor: 0.2}, Decay: &Decay{Kind: "cosine", TotalSteps: 150}},
		{Warmup: &Warmup{Steps: 20, StartFactor: 0.1}, Decay: &Decay{Kind: "step", StepSize: 100, Gamma: 0.5}},
		{Decay: &Decay{Kind: "exp", Gamma: 0.99}},
		{Decay: &Decay{Kind: "cosine", TotalSteps: 100, MinLR: 5e-4}},
	} {
		r := s.Rates(0.02)
		for step := range 400 {
			got, want := r.At(step), s.Rate(0.02, step)
			if math.Abs(got-want) > 1e-13*want {
				t.Fatalf("%+v: update %d: Rates %.17g, Rate %.17g", s, step, got, want)
			}
		}
		if got, want := r.At(3), s.Rates(0.02); got != want.At(3) {
			t.Fatalf("%+v: At(3) after At(399) = %g, fresh %g", s, got, want.At(3))
		}
	}
}
