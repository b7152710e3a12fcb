package surfaces

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Ackley is the Ackley function in n ≥ 2 dimensions,
//
//	f(x) = −a·exp(−b·r) − exp(C) + a + e,  r = √(Σx_i²/n),  C = Σ cos(c·x_i)/n
//
// a nearly flat, rippled plateau with a funnel to the global minimum 0 at the
// origin. Defaults a = 20, b = 0.2, c = 2π.
// Ackley, D. H. (1987), A Connectionist Machine for Genetic Hillclimbing,
// Kluwer; n-D form from Bäck, T. (1996), Evolutionary Algorithms in Theory
// and Practice, Oxford University Press.
//
// The origin is not a smooth point: −a·exp(−b·r) is a cone of slope a·b/√n,
// so the gradient a·b·e^(−br)·x/(n·r) has no limit there and the Hessian of
// the cone term grows like 1/r. At r = 0 exactly, Grad returns the zero
// vector (the minimum-norm subgradient, which makes the minimum stationary)
// and Hessian returns the Hessian of the smooth cosine term only,
// (c²e/n)·I, a finite positive-definite stand-in. Newton steps near the
// origin are therefore unreliable; first-order methods zig-zag into it.
// Standard start (2.2, −1.6, 2.2, …), a few ripples out: gradient descent
// stops in the local minimum near (2, −2).
type Ackley struct {
	A, B, C float64
	N       int // dimension; 0 means 2
}

var _ Surface = Ackley{}

func ackleySpec() Spec {
	return Spec{
		Name:    "ackley",
		Summary: "rippled plateau with a sharp funnel; minimum 0 at the origin",
		Formula: "f(x) = −a exp(−b √(Σx_i²/n)) − exp(Σ cos(c x_i)/n) + a + e",
		Params: []Param{
			{Name: "a", Default: 20, Doc: "depth of the funnel", Check: positive},
			{Name: "b", Default: 0.2, Doc: "steepness of the funnel", Check: positive},
			{Name: "c", Default: 2 * math.Pi, Doc: "frequency of the ripples", Check: positive},
		},
		AnyDim: true,
		New: func(p map[string]float64, dim int) Surface {
			return Ackley{A: p["a"], B: p["b"], C: p["c"], N: dim}
		},
	}
}

func (a Ackley) dim() int {
	if a.N == 0 {
		return 2
	}
	return a.N
}

func (Ackley) Name() string { return "ackley" }
func (a Ackley) Dim() int   { return a.dim() }

// sums returns r = √(Σx²/n) and C = Σcos(c x_i)/n.
func (a Ackley) sums(x []float64) (r, cs float64) {
	var ss float64
	for _, t := range x {
		ss += t * t
		cs += math.Cos(a.C * t)
	}
	n := float64(len(x))
	return math.Sqrt(ss / n), cs / n
}

func (a Ackley) Loss(x []float64) float64 {
	r, cs := a.sums(x)
	return -a.A*math.Exp(-a.B*r) - math.Exp(cs) + a.A + math.E
}

// Grad: ∂f/∂x_i = a·b·e^(−br)·x_i/(n·r) + (c/n)·e^C·sin(c·x_i); the first
// term is taken as 0 at r = 0 (see the type's doc).
func (a Ackley) Grad(dst, x []float64) {
	r, cs := a.sums(x)
	n := float64(len(x))
	var cone, inv float64 // cone·(x_i/r) is the cone term
	if r > 0 {
		cone, inv = a.A*a.B*math.Exp(-a.B*r)/n, 1/r
	}
	rip := a.C / n * math.Exp(cs)
	for i, t := range x {
		dst[i] = cone*(t*inv) + rip*math.Sin(a.C*t)
	}
}

// Hessian: the cone term gives a·b·e^(−br)·[I/(n r) − (1/r + b)·xxᵀ/(n² r²)],
// the ripple term (c²/n)·e^C·[diag(cos c x_i) − s sᵀ/n] with s_i = sin(c x_i).
// At r = 0 the cone term is left out.
func (a Ackley) Hessian(dst *mat.SymDense, x []float64) {
	r, cs := a.sums(x)
	n := float64(len(x))
	var diag, outer, inv float64 // unit vector x/r scaled by inv
	if r > 0 {
		e := a.A * a.B * math.Exp(-a.B*r)
		inv = 1 / r
		diag = e * inv / n
		outer = e * (inv + a.B) / (n * n)
	}
	rip := a.C * a.C / n * math.Exp(cs)
	for i, ti := range x {
		si := math.Sin(a.C * ti)
		for j := i; j < len(x); j++ {
			tj := x[j]
			h := -outer*(ti*inv)*(tj*inv) - rip*si*math.Sin(a.C*tj)/n
			if i == j {
				h += diag + rip*math.Cos(a.C*ti)
			}
			dst.SetSym(i, j, h)
		}
	}
}

func (a Ackley) Start() []float64 { return alternating(a.dim(), 2.2, -1.6) }

func (a Ackley) Bounds() (lo, hi []float64) { return cube(a.dim(), -4, 4) }

func (a Ackley) Minima() []Minimum {
	return []Minimum{{Name: "global", X: make([]float64, a.dim()), Value: 0}}
}
