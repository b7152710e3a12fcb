package surfaces

import "gonum.org/v1/gonum/mat"

// SixHump is the six-hump camel function
//
//	f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²
//
// Two global minima ±(0.0898420, −0.7126564) of value −1.0316285, two local
// minima ±(1.7036067, −0.7960836) of value −0.2154638 and two more
// ±(1.6071048, 0.5686515) of value 2.1042503; the locations below are
// polished by Newton's method to full float64 precision (‖∇f‖ < 1e-14).
// Dixon, L. C. W. & Szegő, G. P. (1978), "The global optimization problem:
// an introduction", in Towards Global Optimisation 2, North-Holland.
// Standard start (−1, 1): gradient descent passes between the local basins
// into the global minimum (−0.0898, 0.7127).
type SixHump struct{}

var _ Surface = SixHump{}

func sixHumpSpec() Spec {
	return Spec{
		Name:    "sixhump",
		Summary: "six-hump camel; two global minima −1.0316, four local ones",
		Formula: "f = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²",
		New:     func(map[string]float64, int) Surface { return SixHump{} },
	}
}

func (SixHump) Name() string { return "sixhump" }
func (SixHump) Dim() int     { return 2 }

func (SixHump) Loss(x []float64) float64 {
	a, b := x[0], x[1]
	a2, b2 := a*a, b*b
	return (4-2.1*a2+a2*a2/3)*a2 + a*b + (-4+4*b2)*b2
}

func (SixHump) Grad(dst, x []float64) {
	a, b := x[0], x[1]
	a2 := a * a
	dst[0] = 8*a - 8.4*a2*a + 2*a2*a2*a + b
	dst[1] = a - 8*b + 16*b*b*b
}

func (SixHump) Hessian(dst *mat.SymDense, x []float64) {
	a2, b2 := x[0]*x[0], x[1]*x[1]
	set2(dst, 8-25.2*a2+10*a2*a2, 1, -8+48*b2)
}

func (SixHump) Start() []float64 { return []float64{-1, 1} }

func (SixHump) Bounds() (lo, hi []float64) {
	return []float64{-2.2, -1.3}, []float64{2.2, 1.3}
}

// Minima: the listed values are f at the listed points.
func (s SixHump) Minima() []Minimum {
	pts := []struct {
		name string
		x, y float64
	}{
		{"global+", 0.089842013100318072, -0.71265640302073963},
		{"global-", -0.089842013100318072, 0.71265640302073963},
		{"local-1+", 1.703606714969981, -0.79608356867262509},
		{"local-1-", -1.703606714969981, 0.79608356867262509},
		{"local-2+", 1.6071047529201972, 0.56865145488413138},
		{"local-2-", -1.6071047529201972, -0.56865145488413138},
	}
	ms := make([]Minimum, len(pts))
	for i, p := range pts {
		x := []float64{p.x, p.y}
		ms[i] = Minimum{Name: p.name, X: x, Value: s.Loss(x)}
	}
	return ms
}
