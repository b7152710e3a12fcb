package surfaces

import "gonum.org/v1/gonum/mat"

// Booth is Booth's function, a plain convex quadratic:
//
//	f(x, y) = (x + 2y − 7)² + (2x + y − 5)²
//
// Minimum 0 at (1, 3); constant Hessian [[10, 8], [8, 10]] with eigenvalues
// 18 and 2 (condition number 9), so gradient descent is stable for lr < 1/9.
// Jamil, M. & Yang, X.-S. (2013), "A literature survey of benchmark functions
// for global optimisation problems", Int. J. Math. Model. Numer. Optim. 4(2).
// Standard start (−4, −3).
type Booth struct{}

var _ Surface = Booth{}

func boothSpec() Spec {
	return Spec{
		Name:    "booth",
		Summary: "convex quadratic, condition number 9; minimum 0 at (1, 3)",
		Formula: "f = (x + 2y − 7)² + (2x + y − 5)²",
		New:     func(map[string]float64, int) Surface { return Booth{} },
	}
}

func (Booth) Name() string { return "booth" }
func (Booth) Dim() int     { return 2 }

func (Booth) Loss(x []float64) float64 {
	u := x[0] + 2*x[1] - 7
	v := 2*x[0] + x[1] - 5
	return u*u + v*v
}

func (Booth) Grad(dst, x []float64) {
	u := x[0] + 2*x[1] - 7
	v := 2*x[0] + x[1] - 5
	dst[0] = 2*u + 4*v
	dst[1] = 4*u + 2*v
}

func (Booth) Hessian(dst *mat.SymDense, _ []float64) { set2(dst, 10, 8, 10) }

func (Booth) Start() []float64 { return []float64{-4, -3} }

func (Booth) Bounds() (lo, hi []float64) {
	return []float64{-6, -5}, []float64{5, 6}
}

func (Booth) Minima() []Minimum {
	return []Minimum{{Name: "global", X: []float64{1, 3}, Value: 0}}
}
