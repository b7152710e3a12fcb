package surfaces

import "gonum.org/v1/gonum/mat"

// GoldsteinPrice is the Goldstein–Price function
//
//	f(x, y) = [1 + (x + y + 1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]
//	        · [30 + (2x − 3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]
//
// It factors through u = x + y + 1 and w = 2x − 3y as f = A(u)·B(w),
//
//	A(u) = 1 + 36u² − 20u³ + 3u⁴,  A′ = 12u(u − 2)(u − 3)
//	B(w) = 30 + 18w² − 16w³ + 3w⁴, B′ = 12w(w − 1)(w − 3)
//
// (A ≥ 1, B ≥ 3), which gives every stationary point exactly: minima where
// u ∈ {0, 3} and w ∈ {0, 3}, namely the global minimum 3 at (0, −1) and local
// minima 30 at (−0.6, −0.4), 84 at (1.8, 0.2) and 840 at (1.2, 0.8); four
// saddles and a local maximum (1155 at (0.8, 0.2)) where u = 2 or w = 1.
// The value spans six decades over the window: plot it on a log scale.
// Goldstein, A. A. & Price, J. F. (1971), "On descent from local minima",
// Mathematics of Computation 25(115):569–574.
// Standard start (−1.5, 1.5): plain gradient descent ends in the local
// minimum 30 at (−0.6, −0.4), not the global one.
type GoldsteinPrice struct{}

var _ Surface = GoldsteinPrice{}

func goldsteinPriceSpec() Spec {
	return Spec{
		Name:    "goldsteinprice",
		Summary: "steep multimodal; global minimum 3 at (0, −1), local minima 30, 84, 840",
		Formula: "f = [1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]",
		New:     func(map[string]float64, int) Surface { return GoldsteinPrice{} },
	}
}

func (GoldsteinPrice) Name() string { return "goldsteinprice" }
func (GoldsteinPrice) Dim() int     { return 2 }

// gpParts returns A, A′, A″ at u = x + y + 1 and B, B′, B″ at w = 2x − 3y.
func gpParts(x []float64) (a, a1, a2, b, b1, b2 float64) {
	u := x[0] + x[1] + 1
	w := 2*x[0] - 3*x[1]
	u2, w2 := u*u, w*w
	a = 1 + u2*(36-20*u+3*u2)
	a1 = u * (72 - 60*u + 12*u2)
	a2 = 72 - 120*u + 36*u2
	b = 30 + w2*(18-16*w+3*w2)
	b1 = w * (36 - 48*w + 12*w2)
	b2 = 36 - 96*w + 36*w2
	return
}

func (GoldsteinPrice) Loss(x []float64) float64 {
	a, _, _, b, _, _ := gpParts(x)
	return a * b
}

// Grad: ∇f = A′B·(1, 1) + AB′·(2, −3).
func (GoldsteinPrice) Grad(dst, x []float64) {
	a, a1, _, b, b1, _ := gpParts(x)
	p, q := a1*b, a*b1
	dst[0] = p + 2*q
	dst[1] = p - 3*q
}

// Hessian: A″B·eeᵀ + A′B′·(edᵀ + deᵀ) + AB″·ddᵀ, e = (1, 1), d = (2, −3).
func (GoldsteinPrice) Hessian(dst *mat.SymDense, x []float64) {
	a, a1, a2, b, b1, b2 := gpParts(x)
	p, m, q := a2*b, a1*b1, a*b2
	set2(dst, p+4*m+4*q, p-m-6*q, p-6*m+9*q)
}

func (GoldsteinPrice) Start() []float64 { return []float64{-1.5, 1.5} }

func (GoldsteinPrice) Bounds() (lo, hi []float64) {
	return []float64{-2, -2}, []float64{2, 2}
}

func (GoldsteinPrice) Minima() []Minimum {
	return []Minimum{
		{Name: "global", X: []float64{0, -1}, Value: 3},
		{Name: "local-30", X: []float64{-0.6, -0.4}, Value: 30},
		{Name: "local-84", X: []float64{1.8, 0.2}, Value: 84},
		{Name: "local-840", X: []float64{1.2, 0.8}, Value: 840},
	}
}
