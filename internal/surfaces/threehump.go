package surfaces

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// ThreeHump is the three-hump camel function
//
//	f(x, y) = 2x² − 1.05x⁴ + x⁶/6 + xy + y²
//
// Global minimum 0 at the origin and two local minima ±(x*, −x*/2) of value
// ≈ 0.2986, where x*² = 2.1 + √0.91 (∂f/∂y = 0 gives y = −x/2, and then
// ∂f/∂x = x(x⁴ − 4.2x² + 3.5) = 0); the saddles between them sit at
// x² = 2.1 − √0.91. All stationary points are thus known in closed form.
// Jamil & Yang (2013), see Booth.
// Standard start (2, −1.5), in the basin of a local minimum.
type ThreeHump struct{}

var _ Surface = ThreeHump{}

func threeHumpSpec() Spec {
	return Spec{
		Name:    "threehump",
		Summary: "three-hump camel; global 0 at the origin, two local minima",
		Formula: "f = 2x² − 1.05x⁴ + x⁶/6 + xy + y²",
		New:     func(map[string]float64, int) Surface { return ThreeHump{} },
	}
}

func (ThreeHump) Name() string { return "threehump" }
func (ThreeHump) Dim() int     { return 2 }

func (ThreeHump) Loss(x []float64) float64 {
	a, b := x[0], x[1]
	a2 := a * a
	return 2*a2 - 1.05*a2*a2 + a2*a2*a2/6 + a*b + b*b
}

func (ThreeHump) Grad(dst, x []float64) {
	a, b := x[0], x[1]
	a2 := a * a
	dst[0] = 4*a - 4.2*a2*a + a2*a2*a + b
	dst[1] = a + 2*b
}

func (ThreeHump) Hessian(dst *mat.SymDense, x []float64) {
	a2 := x[0] * x[0]
	set2(dst, 4-12.6*a2+5*a2*a2, 1, 2)
}

func (ThreeHump) Start() []float64 { return []float64{2, -1.5} }

func (ThreeHump) Bounds() (lo, hi []float64) {
	return []float64{-2.5, -2}, []float64{2.5, 2}
}

func (t ThreeHump) Minima() []Minimum {
	a := math.Sqrt(2.1 + math.Sqrt(0.91))
	p, m := []float64{a, -a / 2}, []float64{-a, a / 2}
	return []Minimum{
		{Name: "global", X: []float64{0, 0}, Value: 0},
		{Name: "local+", X: p, Value: t.Loss(p)},
		{Name: "local-", X: m, Value: t.Loss(m)},
	}
}
