package surfaces

import "gonum.org/v1/gonum/mat"

// MonkeySaddle is the monkey saddle
//
//	f(x, y) = x³ − 3xy² = r³·cos 3θ
//
// with a degenerate saddle at the origin: gradient and Hessian both vanish
// there, and three valleys (θ = π/3, π, 5π/3) alternate with three ridges.
// No minimum; f is unbounded below. From the standard start (1, 1e-3), on the
// ridge θ ≈ 0, gradient descent creeps towards the origin (x_t ~ 1/(3·lr·t),
// no exponential escape as at a non-degenerate saddle) while y grows only
// polynomially, until it slides off into the valley θ = π/3 or 5π/3.
type MonkeySaddle struct{}

var _ Surface = MonkeySaddle{}

func monkeySaddleSpec() Spec {
	return Spec{
		Name:    "monkeysaddle",
		Summary: "x³ − 3xy²: a degenerate (zero-Hessian) saddle at the origin",
		Formula: "f = x³ − 3xy²",
		New:     func(map[string]float64, int) Surface { return MonkeySaddle{} },
	}
}

func (MonkeySaddle) Name() string { return "monkeysaddle" }
func (MonkeySaddle) Dim() int     { return 2 }

func (MonkeySaddle) Loss(x []float64) float64 {
	return x[0]*x[0]*x[0] - 3*x[0]*x[1]*x[1]
}

func (MonkeySaddle) Grad(dst, x []float64) {
	a, b := x[0], x[1]
	dst[0] = 3*a*a - 3*b*b
	dst[1] = -6 * a * b
}

func (MonkeySaddle) Hessian(dst *mat.SymDense, x []float64) {
	set2(dst, 6*x[0], -6*x[1], -6*x[0])
}

func (MonkeySaddle) Start() []float64 { return []float64{1, 1e-3} }

func (MonkeySaddle) Bounds() (lo, hi []float64) {
	return []float64{-1.5, -1.5}, []float64{1.5, 1.5}
}

// Minima: no minimum; the degenerate saddle is listed with Kind "saddle".
func (MonkeySaddle) Minima() []Minimum {
	return []Minimum{{Name: "saddle", X: []float64{0, 0}, Value: 0, Kind: saddle}}
}
