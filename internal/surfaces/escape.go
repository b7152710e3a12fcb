package surfaces

import "gonum.org/v1/gonum/mat"

// Escape is a saddle with a way out, for the saddle-escape lecture:
//
//	f(x, y) = x² + y⁴/4 − y²/2
//
// Stationary points: a non-degenerate saddle at the origin (Hessian
// diag(2, −1), value 0) and two global minima (0, ±1) of value −1/4
// (Hessian diag(2, 2)). From the standard start (1, 1e-3), just off the
// saddle's stable manifold y = 0, gradient descent first heads for the
// saddle, lingers there while y grows by (1 + lr) per step, then escapes
// to (0, 1). Minima lists the two minima and the saddle.
type Escape struct{}

var _ Surface = Escape{}

func escapeSpec() Spec {
	return Spec{
		Name:    "escape",
		Summary: "saddle at the origin between minima −1/4 at (0, ±1)",
		Formula: "f = x² + y⁴/4 − y²/2",
		New:     func(map[string]float64, int) Surface { return Escape{} },
	}
}

func (Escape) Name() string { return "escape" }
func (Escape) Dim() int     { return 2 }

func (Escape) Loss(x []float64) float64 {
	y2 := x[1] * x[1]
	return x[0]*x[0] + y2*y2/4 - y2/2
}

func (Escape) Grad(dst, x []float64) {
	dst[0] = 2 * x[0]
	dst[1] = x[1]*x[1]*x[1] - x[1]
}

func (Escape) Hessian(dst *mat.SymDense, x []float64) {
	set2(dst, 2, 0, 3*x[1]*x[1]-1)
}

func (Escape) Start() []float64 { return []float64{1, 1e-3} }

func (Escape) Bounds() (lo, hi []float64) {
	return []float64{-1.5, -1.75}, []float64{1.5, 1.75}
}

func (Escape) Minima() []Minimum {
	return []Minimum{
		{Name: "upper", X: []float64{0, 1}, Value: -0.25},
		{Name: "lower", X: []float64{0, -1}, Value: -0.25},
		{Name: "saddle", X: []float64{0, 0}, Value: 0, Kind: saddle},
	}
}
