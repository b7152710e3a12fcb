package surfaces_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"
)

// nonSmooth reports points too close to a known non-differentiable point
// (Ackley's cone tip at the origin) for finite differences.
func nonSmooth(name string, x []float64) bool {
	if name != "ackley" {
		return false
	}
	var ss float64
	for _, v := range x {
		ss += v * v
	}
	return math.Sqrt(ss) < 0.05
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func symMaxAbs(h *mat.SymDense) float64 {
	var m float64
	n := h.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			m = math.Max(m, math.Abs(h.At(i, j)))
		}
	}
	return m
}

// Tolerances relative to the size of the quantity compared (at least 1).
// Central differences of the value carry truncation O(h²) and rounding
// O(ε|f|/h) (gradient) or O(ε|f|/h²) (Hessian), hence the |f| term.
const (
	gradRelTol = 1e-7
	hessRelTol = 2e-4
)

func TestGradientMatchesFiniteDifferences(t *testing.T) {
	central := &fd.Settings{Formula: fd.Central}
	for _, c := range allCases(t) {
		keep := func(x []float64) bool { return !nonSmooth(c.spec.Name, x) }
		for _, x := range samplePoints(c, 12, keep) {
			n := len(x)
			g := make([]float64, n)
			c.s.Grad(g, x)
			want := fd.Gradient(nil, c.s.Loss, x, central)
			scale := math.Max(1, math.Max(maxAbs(want), math.Abs(c.s.Loss(x))))
			for i := range g {
				if d := math.Abs(g[i] - want[i]); !(d <= gradRelTol*scale) {
					t.Errorf("%s at %v: ∂f/∂x%d = %g, finite differences %g (|Δ| = %.3g, scale %.3g)",
						c.label, x, i, g[i], want[i], d, scale)
				}
			}
		}
	}
}

func TestHessianMatchesFiniteDifferences(t *testing.T) {
	// Step 1e-3 instead of the default √6e-6: Ackley's and Rastrigin's
	// ripples have large fourth derivatives (truncation error ∝ step²).
	central := &fd.Settings{Formula: fd.Central, Step: 1e-3}
	for _, c := range allCases(t) {
		keep := func(x []float64) bool { return !nonSmooth(c.spec.Name, x) }
		for _, x := range samplePoints(c, 12, keep) {
			n := len(x)
			h := mat.NewSymDense(n, nil)
			c.s.Hessian(h, x)
			want := mat.NewSymDense(n, nil)
			fd.Hessian(want, c.s.Loss, x, central)
			scale := math.Max(1, math.Max(symMaxAbs(want), math.Abs(c.s.Loss(x))))
			for i := 0; i < n; i++ {
				for j := i; j < n; j++ {
					if d := math.Abs(h.At(i, j) - want.At(i, j)); !(d <= hessRelTol*scale) {
						t.Errorf("%s at %v: H[%d][%d] = %g, finite differences %g (|Δ| = %.3g, scale %.3g)",
							c.label, x, i, j, h.At(i, j), want.At(i, j), d, scale)
					}
				}
			}
			// Symmetry of the analytic Hessian is built into SymDense; check
			// it is also the Jacobian of the analytic gradient (tighter).
			jac := mat.NewDense(n, n, nil)
			fd.Jacobian(jac, c.s.Grad, x, &fd.JacobianSettings{Formula: fd.Central})
			jscale := math.Max(1, symMaxAbs(h))
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					if d := math.Abs(h.At(i, j) - jac.At(i, j)); !(d <= gradRelTol*jscale) {
						t.Errorf("%s at %v: H[%d][%d] = %g, Jacobian of Grad %g (|Δ| = %.3g)",
							c.label, x, i, j, h.At(i, j), jac.At(i, j), d)
					}
				}
			}
		}
	}
}
