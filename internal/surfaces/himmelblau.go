package surfaces

import "gonum.org/v1/gonum/mat"

// Himmelblau is Himmelblau's function
//
//	f(x, y) = (x² + y − 11)² + (x + y² − 7)²
//
// with four global minima of value 0, one in each quadrant: (3, 2) exactly
// and three irrational ones, listed to full float64 precision (polished by
// Newton's method, ‖∇f‖ < 1e-13 there). There is also a local maximum near
// (−0.2708, −0.9230) and four saddles between the basins.
// Himmelblau, D. M. (1972), Applied Nonlinear Programming, McGraw-Hill.
// Standard start (−0.5, 0.5), in the middle of the four basins: gradient
// descent goes to (−2.805, 3.131), faster or noisier methods may not.
type Himmelblau struct{}

var _ Surface = Himmelblau{}

func himmelblauSpec() Spec {
	return Spec{
		Name:    "himmelblau",
		Summary: "four global minima of value 0, one per quadrant",
		Formula: "f = (x² + y − 11)² + (x + y² − 7)²",
		New:     func(map[string]float64, int) Surface { return Himmelblau{} },
	}
}

func (Himmelblau) Name() string { return "himmelblau" }
func (Himmelblau) Dim() int     { return 2 }

func (Himmelblau) Loss(x []float64) float64 {
	a := float64(x[0]*x[0]) + x[1] - 11 // float64(): never fused, as Python computes it
	b := x[0] + float64(x[1]*x[1]) - 7
	return float64(a*a) + float64(b*b)
}

func (Himmelblau) Grad(dst, x []float64) {
	a := float64(x[0]*x[0]) + x[1] - 11 // float64(): never fused, as Python computes it
	b := x[0] + float64(x[1]*x[1]) - 7
	dst[0] = float64(4*x[0]*a) + float64(2*b)
	dst[1] = float64(2*a) + float64(4*x[1]*b)
}

func (Himmelblau) Hessian(dst *mat.SymDense, x []float64) {
	a := float64(x[0]*x[0]) + x[1] - 11 // float64(): never fused, as Python computes it
	b := x[0] + float64(x[1]*x[1]) - 7
	set2(dst, 4*a+8*x[0]*x[0]+2, 4*(x[0]+x[1]), 4*b+8*x[1]*x[1]+2)
}

func (Himmelblau) Start() []float64 { return []float64{-0.5, 0.5} }

func (Himmelblau) Bounds() (lo, hi []float64) {
	return []float64{-5, -5}, []float64{5, 5}
}

func (Himmelblau) Minima() []Minimum {
	return []Minimum{
		{Name: "global-1", X: []float64{3, 2}, Value: 0},
		{Name: "global-2", X: []float64{-2.8051180869527448, 3.131312518250573}, Value: 0},
		{Name: "global-3", X: []float64{-3.779310253377747, -3.2831859912861696}, Value: 0},
		{Name: "global-4", X: []float64{3.5844283403304917, -1.8481265269644034}, Value: 0},
	}
}
