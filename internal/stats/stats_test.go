package stats

import (
	"math"
	"testing"
)

// Against NumPy's default (linear) quantiles of the same data.
func TestQuantile(t *testing.T) {
	xs := []float64{1, 2, 4, 8, 16}
	for _, c := range []struct{ q, want float64 }{
		{0, 1}, {0.25, 2}, {0.5, 4}, {0.75, 8}, {1, 16}, {0.1, 1.4}, {0.9, 12.8},
	} {
		if got := Quantile(xs, c.q); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if !math.IsNaN(Quantile(nil, 0.5)) {
		t.Error("quantile of no data is not NaN")
	}
	if Quantile([]float64{3}, 0.7) != 3 {
		t.Error("quantile of one value")
	}
}
