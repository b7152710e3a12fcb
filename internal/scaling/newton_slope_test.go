package scaling_test

import (
	"context"
	"math"
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/scaling"
	"github.com/optlab/optlab/internal/surfaces"
)

var newtonDims = []int{100, 300, 1000, 2000}

// Newton's state is its n×n Hessian and factorisation: the state slope
// over 100…2000 is near 2 (1.95: LAPACK's O(n) work vectors weigh at
// n = 100). This is counted, not timed, so it always runs.
func TestNewtonStateSlope(t *testing.T) {
	var dims, bytes []float64
	for _, n := range newtonDims {
		b, err := scaling.PredictStateBytes(optimizers.Config{Name: "newton"}, n)
		if err != nil {
			t.Fatal(err)
		}
		dims, bytes = append(dims, float64(n)), append(bytes, float64(b))
	}
	if s := scaling.Slope(dims, bytes); math.Abs(s-2) > 0.1 {
		t.Errorf("newton's state slope over %v = %.4f, want 2 ± 0.1", newtonDims, s)
	}
}

// Newton's step time over n = 100…2000 on a dense Hessian (the coupled
// quadratic: on a diagonal one gonum skips the zeros) grows as n³ (Cholesky) with O(n²)
// work beside it (the Hessian, its copy, the solve), so the fitted slope
// must lie in [2.5, 3.2]. It is a measurement: skipped with -short, and
// on a shared machine a busy moment can bend one size, so it is taken up
// to three times and passes when one attempt lands in the band. A wrong
// cost (an O(n²) or O(n⁴) step) misses the band every time: it cannot
// pass by luck, only a loaded machine can make it fail, three times over.
func TestNewtonTimeSlope(t *testing.T) {
	if testing.Short() {
		t.Skip("timing newton at n = 2000 takes seconds; run without -short")
	}
	var slopes []float64
	for range 3 {
		ms, err := scaling.Run(context.Background(), scaling.Options{
			Optimizers: []optimizers.Config{{Name: "newton"}},
			Dims:       newtonDims,
			Problem: func(n int) (scaling.Problem, error) {
				return surfaces.Quadratic{Lambda: surfaces.LogSpectrum(n, 10, 1), Coupling: 1}, nil
			},
			Skipped: func(_ string, n int, why string) { t.Fatalf("n = %d skipped: %s", n, why) },
		})
		if err != nil {
			t.Fatal(err)
		}
		f := scaling.Fits(ms)[0]
		t.Logf("seconds per step %v: slope %.3f", f.Seconds, f.TimeSlope)
		if f.TimeSlope >= 2.5 && f.TimeSlope <= 3.2 {
			return
		}
		slopes = append(slopes, f.TimeSlope)
	}
	t.Errorf("newton's time slope over %v = %.3f in three attempts, want within [2.5, 3.2]", newtonDims, slopes)
}
