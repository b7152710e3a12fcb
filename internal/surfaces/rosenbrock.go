package surfaces

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Rosenbrock is the (extended) Rosenbrock banana valley in n ≥ 2 dimensions:
//
//	f(x) = Σ_{i=0}^{n-2} b·(x_{i+1} − x_i²)² + (a − x_i)²
//
// For n = 2 this is the classic (a − x)² + b(y − x²)², minimum 0 at (a, a²);
// with a = 1 the minimum is 0 at (1, …, 1) in every dimension.
// Rosenbrock, H. H. (1960), "An automatic method for finding the greatest or
// least value of a function", The Computer Journal 3(3):175–184.
// Standard start (−1.2, 1, −1.2, 1, …).
type Rosenbrock struct {
	A, B float64
	N    int // dimension; 0 means 2
}

var _ Surface = Rosenbrock{}

func rosenbrockSpec() Spec {
	return Spec{
		Name:    "rosenbrock",
		Summary: "banana-shaped valley; minimum 0 at (1, …, 1)",
		Formula: "f(x) = Σ b(x_{i+1} − x_i²)² + (a − x_i)²",
		Params: []Param{
			{Name: "a", Default: 1, Doc: "position of the minimum along x_0"},
			{Name: "b", Default: 100, Doc: "steepness of the valley walls", Check: positive},
		},
		AnyDim: true,
		New: func(p map[string]float64, dim int) Surface {
			return Rosenbrock{A: p["a"], B: p["b"], N: dim}
		},
	}
}

func (r Rosenbrock) dim() int {
	if r.N == 0 {
		return 2
	}
	return r.N
}

func (Rosenbrock) Name() string { return "rosenbrock" }
func (r Rosenbrock) Dim() int   { return r.dim() }

func (r Rosenbrock) Loss(x []float64) float64 {
	var f float64
	for i := 0; i+1 < len(x); i++ {
		d := x[i+1] - float64(x[i]*x[i]) // float64(): never fused, as Python computes it
		e := r.A - x[i]
		f += float64(r.B*d*d) + float64(e*e)
	}
	return f
}

func (r Rosenbrock) Grad(dst, x []float64) {
	for i := range dst {
		dst[i] = 0
	}
	for i := 0; i+1 < len(x); i++ {
		// Rounded as torch autograd rounds ∂/∂x of b·(y − x²)² + (a − x)²
		// (bit for bit on the 2-D form), so that paths match the
		// PyTorch reference runs to the last bit: 2b·d once, then times 2x.
		d := x[i+1] - float64(x[i]*x[i]) // float64(): never fused (Go may, Python does not)
		tbd := float64(2 * r.B * d)
		dst[i] += -float64(tbd*(2*x[i])) - float64(2*(r.A-x[i]))
		dst[i+1] += tbd
	}
}

func (r Rosenbrock) Hessian(dst *mat.SymDense, x []float64) {
	n := len(x)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, 0)
		}
	}
	for i := 0; i+1 < n; i++ {
		dst.SetSym(i, i, dst.At(i, i)+12*r.B*x[i]*x[i]-4*r.B*x[i+1]+2)
		dst.SetSym(i, i+1, -4*r.B*x[i])
		dst.SetSym(i+1, i+1, dst.At(i+1, i+1)+2*r.B)
	}
}

func (r Rosenbrock) Start() []float64 {
	s := make([]float64, r.dim())
	for i := range s {
		if i%2 == 0 {
			s[i] = -1.2
		} else {
			s[i] = 1
		}
	}
	return s
}

func (r Rosenbrock) Bounds() (lo, hi []float64) {
	lo, hi = make([]float64, r.dim()), make([]float64, r.dim())
	for i := range lo {
		lo[i], hi[i] = -2, 2
		if i%2 == 1 {
			lo[i], hi[i] = -1, 3
		}
	}
	return lo, hi
}

// Minima: for a ≠ 1 in n > 2 the chain x_{i+1} = x_i² gives (a, a², a⁴, …)
// only approximately, so the exact point is listed for n = 2 and for a = 1.
func (r Rosenbrock) Minima() []Minimum {
	n := r.dim()
	x := make([]float64, n)
	x[0] = r.A
	for i := 1; i < n; i++ {
		x[i] = x[i-1] * x[i-1]
	}
	if n > 2 && r.A != 1 {
		return nil
	}
	return []Minimum{{Name: "global", X: x, Value: 0}}
}

func positive(v float64) error {
	if !(v > 0) {
		return fmt.Errorf("must be > 0, got %g", v)
	}
	return nil
}
