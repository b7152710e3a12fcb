package sharpness

import (
	"math"
	"testing"
)

// cubic is ½λx₁² + c·x₁³ + ½x₂²: at its minimum 0 the two maxima over a
// small sphere are ±ρe₁, the one on c's side higher by 2|c|ρ³.
type cubic struct{ lambda, c float64 }

func (q cubic) Dim() int { return 2 }
func (q cubic) Loss(x []float64) float64 {
	return 0.5*q.lambda*x[0]*x[0] + q.c*x[0]*x[0]*x[0] + 0.5*x[1]*x[1]
}
func (q cubic) Grad(dst, x []float64) {
	dst[0] = q.lambda*x[0] + 3*q.c*x[0]*x[0]
	dst[1] = x[1]
}

// TestSAMFindsTheHigherAntipode: whichever side a start falls on, the SAM
// sharpness is the higher of the two antipodal maxima, for every seed and
// either sign of the cubic term.
func TestSAMFindsTheHigherAntipode(t *testing.T) {
	const rho = 0.05
	for _, c := range []float64{2, -2} {
		q := cubic{lambda: 10, c: c}
		want := 0.5*q.lambda*rho*rho + math.Abs(c)*rho*rho*rho
		for seed := uint64(0); seed < 12; seed++ {
			got := SAM(q, []float64{0, 0}, rho, Options{Seed: seed, Restarts: 1})
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("c = %g, seed %d: SAM %.12g, want the higher maximum %.12g", c, seed, got, want)
			}
		}
	}
}
