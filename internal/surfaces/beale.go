package surfaces

import "gonum.org/v1/gonum/mat"

// Beale is Beale's function
//
//	f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²
//
// with minimum 0 at (3, 0.5), at the end of a narrow curved valley, and flat
// plateaus (f → 14.2 along x = 0) that stall plain gradient descent.
// Beale, E. M. L. (1958), "On an iterative method for finding a local minimum
// of a function of more than one variable", Tech. Rep. 25, Statistical
// Techniques Research Group, Princeton University.
// Standard start (1, 1): ∂f/∂x = 0 there, so the path first drops towards the
// valley and then bends along it to the minimum.
type Beale struct{}

var _ Surface = Beale{}

// bealeC are the constants c_k of the residuals r_k = c_k − x + x·y^k.
var bealeC = [3]float64{1.5, 2.25, 2.625}

func bealeSpec() Spec {
	return Spec{
		Name:    "beale",
		Summary: "curved valley with plateaus; minimum 0 at (3, 0.5)",
		Formula: "f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
		New:     func(map[string]float64, int) Surface { return Beale{} },
	}
}

func (Beale) Name() string { return "beale" }
func (Beale) Dim() int     { return 2 }

func (Beale) Loss(x []float64) float64 {
	var f float64
	yk := 1.0
	for _, c := range bealeC {
		yk *= x[1]
		r := c - x[0] + float64(x[0]*yk) // float64(): never fused, as Python computes it
		f += float64(r * r)
	}
	return f
}

// Grad: ∇f = 2Σ r_k ∇r_k, ∇r_k = (y^k − 1, k·x·y^(k−1)).
func (Beale) Grad(dst, x []float64) {
	var gx, gy float64
	ykm1 := 1.0 // y^(k−1)
	for k, c := range bealeC {
		kk := float64(k + 1)
		yk := ykm1 * x[1]
		r := c - x[0] + float64(x[0]*yk) // float64(): never fused, as Python computes it
		gx += float64(2 * r * (yk - 1))
		gy += float64(2 * r * kk * x[0] * ykm1)
		ykm1 = yk
	}
	dst[0], dst[1] = gx, gy
}

// Hessian: 2Σ ∇r_k∇r_kᵀ + r_k∇²r_k, ∇²r_k = [[0, k y^(k−1)], [k y^(k−1), k(k−1) x y^(k−2)]].
func (Beale) Hessian(dst *mat.SymDense, x []float64) {
	var hxx, hxy, hyy float64
	ykm2, ykm1 := 0.0, 1.0 // y^(k−2) (unused for k = 1), y^(k−1)
	for k, c := range bealeC {
		kk := float64(k + 1)
		yk := ykm1 * x[1]
		r := c - x[0] + x[0]*yk
		rx, ry := yk-1, kk*x[0]*ykm1
		hxx += 2 * rx * rx
		hxy += 2 * (rx*ry + r*kk*ykm1)
		hyy += 2 * (ry*ry + r*kk*(kk-1)*x[0]*ykm2)
		ykm2, ykm1 = ykm1, yk
	}
	set2(dst, hxx, hxy, hyy)
}

func (Beale) Start() []float64 { return []float64{1, 1} }

func (Beale) Bounds() (lo, hi []float64) {
	return []float64{-1, -1.5}, []float64{4.5, 2}
}

func (Beale) Minima() []Minimum {
	return []Minimum{{Name: "global", X: []float64{3, 0.5}, Value: 0}}
}
