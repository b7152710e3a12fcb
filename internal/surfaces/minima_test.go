package surfaces_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// eigen returns the ascending eigenvalues of the Hessian at x.
func eigen(t *testing.T, h *mat.SymDense) []float64 {
	t.Helper()
	var es mat.EigenSym
	if !es.Factorize(h, false) {
		t.Fatal("EigenSym failed")
	}
	return es.Values(nil)
}

func TestMinimaAreStationaryWithListedValues(t *testing.T) {
	for _, c := range allCases(t) {
		for _, m := range c.s.Minima() {
			if len(m.X) != c.s.Dim() {
				t.Errorf("%s: minimum %q has %d coordinates, Dim() = %d", c.label, m.Name, len(m.X), c.s.Dim())
				continue
			}
			scale := math.Max(1, math.Abs(m.Value))
			if f := c.s.Loss(m.X); !(math.Abs(f-m.Value) <= 1e-12*scale) {
				t.Errorf("%s: minimum %q at %v: f = %.17g, listed %.17g", c.label, m.Name, m.X, f, m.Value)
			}
			g := make([]float64, len(m.X))
			c.s.Grad(g, m.X)
			if n := maxAbs(g); !(n <= 1e-8*scale) {
				t.Errorf("%s: minimum %q at %v: ‖∇f‖∞ = %g, want ≤ %g", c.label, m.Name, m.X, n, 1e-8*scale)
			}
		}
	}
}

func TestMinimaKinds(t *testing.T) {
	for _, c := range allCases(t) {
		for _, m := range c.s.Minima() {
			n := len(m.X)
			h := mat.NewSymDense(n, nil)
			c.s.Hessian(h, m.X)
			ev := eigen(t, h)
			big := math.Max(1, math.Max(-ev[0], ev[n-1]))
			switch m.Kind {
			case "", "min":
				if !(ev[0] > 1e-9*big) {
					t.Errorf("%s: minimum %q at %v: Hessian eigenvalues %v, want positive definite", c.label, m.Name, m.X, ev)
				}
				if lower, _ := probe(c.s.Loss, m.X, m.Value, 1e-3); lower {
					t.Errorf("%s: minimum %q at %v: f is lower nearby", c.label, m.Name, m.X)
				}
			case "saddle":
				// Non-degenerate saddles have an indefinite Hessian; a zero
				// Hessian (the monkey saddle) must show both signs nearby.
				degenerate := maxAbs(ev) <= 1e-12
				if !degenerate && !(ev[0] < 0 && ev[n-1] > 0) {
					t.Errorf("%s: saddle %q at %v: Hessian eigenvalues %v, want indefinite", c.label, m.Name, m.X, ev)
				}
				if lower, higher := probe(c.s.Loss, m.X, m.Value, 1e-2); !lower || !higher {
					t.Errorf("%s: saddle %q at %v: nearby values lower %v, higher %v; want both", c.label, m.Name, m.X, lower, higher)
				}
			default:
				t.Errorf("%s: %q has unknown Kind %q", c.label, m.Name, m.Kind)
			}
		}
	}
}

// probe reports whether f takes values below and above f0 on a sphere of
// radius rho around x (sampled along coordinate pairs at 72 angles).
func probe(f func([]float64) float64, x []float64, f0, rho float64) (lower, higher bool) {
	y := make([]float64, len(x))
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			for k := 0; k < 72; k++ {
				a := 2 * math.Pi * float64(k) / 72
				copy(y, x)
				y[i] += rho * math.Cos(a)
				y[j] += rho * math.Sin(a)
				v := f(y)
				lower = lower || v < f0
				higher = higher || v > f0
			}
		}
	}
	return lower, higher
}

// inside reports whether x lies in the window with a margin of 5% of its
// width on every side.
func inside(x, lo, hi []float64) bool {
	for i := range x {
		m := 0.05 * (hi[i] - lo[i])
		if !(x[i] >= lo[i]+m && x[i] <= hi[i]-m) {
			return false
		}
	}
	return true
}

func TestStartAndMinimaInsideBounds(t *testing.T) {
	for _, c := range allCases(t) {
		lo, hi := c.s.Bounds()
		n := c.s.Dim()
		if len(lo) != n || len(hi) != n {
			t.Errorf("%s: Bounds lengths %d, %d, Dim %d", c.label, len(lo), len(hi), n)
			continue
		}
		for i := range lo {
			if !(lo[i] < hi[i]) {
				t.Errorf("%s: empty window %v–%v", c.label, lo, hi)
			}
		}
		if x := c.s.Start(); len(x) != n || !inside(x, lo, hi) {
			t.Errorf("%s: Start %v not inside %v–%v with margin", c.label, x, lo, hi)
		}
		for _, m := range c.s.Minima() {
			if !inside(m.X, lo, hi) {
				t.Errorf("%s: minimum %q at %v not inside %v–%v with margin", c.label, m.Name, m.X, lo, hi)
			}
		}
		if len(c.s.Minima()) == 0 && c.spec.Name != "rosenbrock" {
			t.Errorf("%s: no minima listed", c.label)
		}
	}
}
