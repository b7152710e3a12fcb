package surfaces

import "gonum.org/v1/gonum/mat"

// Sphere is the sphere function in n ≥ 2 dimensions,
//
//	f(x) = Σ_i x_i²
//
// the perfectly conditioned bowl (Hessian 2I): minimum 0 at the origin.
// De Jong, K. A. (1975), An analysis of the behavior of a class of genetic
// adaptive systems, PhD thesis, University of Michigan (his F1).
// Standard start (1.5, −1, 1.5, −1, …). O(n) in memory and work.
type Sphere struct {
	N int // dimension; 0 means 2
}

var _ Surface = Sphere{}

func sphereSpec() Spec {
	return Spec{
		Name:    "sphere",
		Summary: "the round bowl Σ x_i²; minimum 0 at the origin",
		Formula: "f(x) = Σ x_i²",
		AnyDim:  true,
		New: func(_ map[string]float64, dim int) Surface {
			return Sphere{N: dim}
		},
	}
}

func (s Sphere) dim() int {
	if s.N == 0 {
		return 2
	}
	return s.N
}

func (Sphere) Name() string { return "sphere" }
func (s Sphere) Dim() int   { return s.dim() }

func (Sphere) Loss(x []float64) float64 {
	var f float64
	for _, t := range x {
		f += t * t
	}
	return f
}

func (Sphere) Grad(dst, x []float64) {
	for i, t := range x {
		dst[i] = 2 * t
	}
}

// HessVec is 2v.
func (Sphere) HessVec(dst, _, v []float64) {
	for i, t := range v {
		dst[i] = 2 * t
	}
}

func (Sphere) Hessian(dst *mat.SymDense, x []float64) {
	zeroSym(dst)
	for i := range x {
		dst.SetSym(i, i, 2)
	}
}

func (s Sphere) Start() []float64 { return alternating(s.dim(), 1.5, -1) }

func (s Sphere) Bounds() (lo, hi []float64) { return cube(s.dim(), -2, 2) }

func (s Sphere) Minima() []Minimum {
	return []Minimum{{Name: "global", X: make([]float64, s.dim()), Value: 0}}
}
