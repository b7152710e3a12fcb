package surfaces

import "gonum.org/v1/gonum/mat"

// Matyas is the Matyas function, a flat, ill-conditioned convex quadratic:
//
//	f(x, y) = 0.26(x² + y²) − 0.48xy
//
// Minimum 0 at the origin; constant Hessian [[0.52, −0.48], [−0.48, 0.52]]
// with eigenvalue 1 across the diagonal and 0.04 along it (condition number
// 25): gradient descent quickly reaches the diagonal, then crawls along it.
// Jamil & Yang (2013), see Booth.
// Standard start (−5, −2).
type Matyas struct{}

var _ Surface = Matyas{}

func matyasSpec() Spec {
	return Spec{
		Name:    "matyas",
		Summary: "flat diagonal valley, condition number 25; minimum 0 at the origin",
		Formula: "f = 0.26(x² + y²) − 0.48xy",
		New:     func(map[string]float64, int) Surface { return Matyas{} },
	}
}

func (Matyas) Name() string { return "matyas" }
func (Matyas) Dim() int     { return 2 }

func (Matyas) Loss(x []float64) float64 {
	return 0.26*(x[0]*x[0]+x[1]*x[1]) - 0.48*x[0]*x[1]
}

func (Matyas) Grad(dst, x []float64) {
	dst[0] = 0.52*x[0] - 0.48*x[1]
	dst[1] = 0.52*x[1] - 0.48*x[0]
}

func (Matyas) Hessian(dst *mat.SymDense, _ []float64) { set2(dst, 0.52, -0.48, 0.52) }

func (Matyas) Start() []float64 { return []float64{-5, -2} }

func (Matyas) Bounds() (lo, hi []float64) {
	return []float64{-6, -6}, []float64{6, 6}
}

func (Matyas) Minima() []Minimum {
	return []Minimum{{Name: "global", X: []float64{0, 0}, Value: 0}}
}
