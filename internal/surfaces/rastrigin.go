package surfaces

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Rastrigin is the Rastrigin function in n ≥ 2 dimensions,
//
//	f(x) = A·n + Σ_i (x_i² − A·cos(2πx_i))
//
// a bowl covered by a regular egg-crate of local minima near the integer
// lattice; global minimum 0 at the origin, Hessian (2 + 4π²A)·I there.
// Rastrigin, L. A. (1974), Systems of Extremal Control, Nauka, Moscow;
// generalised to n dimensions by Mühlenbein, Schomisch & Born (1991).
// Standard start (2.2, −2.2, 2.2, …): gradient descent stops in the local
// minimum near (2, −2, …); only noise or momentum get further.
type Rastrigin struct {
	A float64 // amplitude of the ripples
	N int     // dimension; 0 means 2
}

var _ Surface = Rastrigin{}

func rastriginSpec() Spec {
	return Spec{
		Name:    "rastrigin",
		Summary: "egg-crate of local minima on a bowl; minimum 0 at the origin",
		Formula: "f(x) = A·n + Σ (x_i² − A cos 2πx_i)",
		Params: []Param{
			{Name: "A", Default: 10, Doc: "amplitude of the ripples", Check: positive},
		},
		AnyDim: true,
		New: func(p map[string]float64, dim int) Surface {
			return Rastrigin{A: p["A"], N: dim}
		},
	}
}

func (r Rastrigin) dim() int {
	if r.N == 0 {
		return 2
	}
	return r.N
}

func (Rastrigin) Name() string { return "rastrigin" }
func (r Rastrigin) Dim() int   { return r.dim() }

func (r Rastrigin) Loss(x []float64) float64 {
	f := r.A * float64(len(x))
	for _, t := range x {
		f += t*t - r.A*math.Cos(2*math.Pi*t)
	}
	return f
}

func (r Rastrigin) Grad(dst, x []float64) {
	for i, t := range x {
		dst[i] = 2*t + 2*math.Pi*r.A*math.Sin(2*math.Pi*t)
	}
}

func (r Rastrigin) Hessian(dst *mat.SymDense, x []float64) {
	zeroSym(dst)
	for i, t := range x {
		dst.SetSym(i, i, 2+4*math.Pi*math.Pi*r.A*math.Cos(2*math.Pi*t))
	}
}

func (r Rastrigin) Start() []float64 { return alternating(r.dim(), 2.2, -2.2) }

func (r Rastrigin) Bounds() (lo, hi []float64) { return cube(r.dim(), -5.12, 5.12) }

// Minima lists the global minimum only (the local ones are not at integers
// exactly and there are 11ⁿ of them in the window).
func (r Rastrigin) Minima() []Minimum {
	return []Minimum{{Name: "global", X: make([]float64, r.dim()), Value: 0}}
}
