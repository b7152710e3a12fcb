package surfaces

import "gonum.org/v1/gonum/mat"

// Saddle is the hyperbolic paraboloid
//
//	f(x, y) = x² − y²
//
// with a non-degenerate saddle (Hessian diag(2, −2)) at the origin, value 0,
// and no minimum: f is unbounded below along y. Gradient descent from the
// standard start (1, 1e-3), just off the stable manifold y = 0, runs into the
// saddle, slows down, and escapes along y once (1 + 2lr)^t·1e-3 has grown;
// the steps to escape grow like log(1/y₀).
type Saddle struct{}

var _ Surface = Saddle{}

func saddleSpec() Spec {
	return Spec{
		Name:    "saddle",
		Summary: "x² − y²: a saddle at the origin, no minimum",
		Formula: "f = x² − y²",
		New:     func(map[string]float64, int) Surface { return Saddle{} },
	}
}

func (Saddle) Name() string { return "saddle" }
func (Saddle) Dim() int     { return 2 }

func (Saddle) Loss(x []float64) float64 { return x[0]*x[0] - x[1]*x[1] }

func (Saddle) Grad(dst, x []float64) {
	dst[0] = 2 * x[0]
	dst[1] = -2 * x[1]
}

func (Saddle) Hessian(dst *mat.SymDense, _ []float64) { set2(dst, 2, 0, -2) }

func (Saddle) Start() []float64 { return []float64{1, 1e-3} }

func (Saddle) Bounds() (lo, hi []float64) {
	return []float64{-1.5, -1.5}, []float64{1.5, 1.5}
}

// Minima: no minimum; the saddle is listed with Kind "saddle".
func (Saddle) Minima() []Minimum {
	return []Minimum{{Name: "saddle", X: []float64{0, 0}, Value: 0, Kind: saddle}}
}
