package surfaces

import "gonum.org/v1/gonum/mat"

// StyblinskiTang is the Styblinski–Tang function in n ≥ 2 dimensions,
//
//	f(x) = ½ Σ_i (x_i⁴ − 16x_i² + 5x_i)
//
// a sum of identical 1-D double wells g(t) = ½(t⁴ − 16t² + 5t) with a deep
// well at t₋ ≈ −2.903534 (g = −39.166166) and a shallow one at t₊ ≈ 2.746803
// (g = −25.029447), the roots of g′(t) = 2t³ − 16t + 2.5 polished by Newton's
// method to full float64 precision. So there are 2ⁿ local minima, the corners
// (t_±, …, t_±), and the global minimum n·g(t₋) ≈ −39.16617·n at (t₋, …, t₋).
// Styblinski, M. A. & Tang, T.-S. (1990), "Experiments in nonconvex
// optimization: stochastic approximation with function smoothing and
// simulated annealing", Neural Networks 3(4):467–483.
// Standard start (0.5, −0.5, 0.5, …): coordinates starting at 0.5 roll into
// the shallow well, so gradient descent ends in a local minimum.
type StyblinskiTang struct {
	N int // dimension; 0 means 2
}

var _ Surface = StyblinskiTang{}

// The two minimisers of g(t) = ½(t⁴ − 16t² + 5t).
const (
	stDeep    = -2.903534027771177
	stShallow = 2.7468027709908371
)

func styblinskiTangSpec() Spec {
	return Spec{
		Name:    "styblinskitang",
		Summary: "separable double wells, 2ⁿ minima; global −39.166·n at x_i = −2.9035",
		Formula: "f(x) = ½ Σ (x_i⁴ − 16x_i² + 5x_i)",
		AnyDim:  true,
		New:     func(_ map[string]float64, dim int) Surface { return StyblinskiTang{N: dim} },
	}
}

func (s StyblinskiTang) dim() int {
	if s.N == 0 {
		return 2
	}
	return s.N
}

func (StyblinskiTang) Name() string { return "styblinskitang" }
func (s StyblinskiTang) Dim() int   { return s.dim() }

func (StyblinskiTang) Loss(x []float64) float64 {
	var f float64
	for _, t := range x {
		t2 := t * t
		f += t2*t2 - 16*t2 + 5*t
	}
	return f / 2
}

func (StyblinskiTang) Grad(dst, x []float64) {
	for i, t := range x {
		dst[i] = 2*t*t*t - 16*t + 2.5
	}
}

func (StyblinskiTang) Hessian(dst *mat.SymDense, x []float64) {
	zeroSym(dst)
	for i, t := range x {
		dst.SetSym(i, i, 6*t*t-16)
	}
}

func (s StyblinskiTang) Start() []float64 { return alternating(s.dim(), 0.5, -0.5) }

func (s StyblinskiTang) Bounds() (lo, hi []float64) { return cube(s.dim(), -5, 5) }

// Minima lists the global minimum first; for n ≤ 3 every other corner
// follows, for larger n only the worst one, (t₊, …, t₊).
func (s StyblinskiTang) Minima() []Minimum {
	n := s.dim()
	corner := func(mask int) Minimum {
		x := make([]float64, n)
		signs := make([]byte, n)
		for i := range x {
			x[i], signs[i] = stDeep, '-'
			if mask&(1<<i) != 0 {
				x[i], signs[i] = stShallow, '+'
			}
		}
		name := "global"
		if mask != 0 {
			name = "local" + string(signs) // e.g. "local+-": x_0 shallow, x_1 deep
		}
		return Minimum{Name: name, X: x, Value: s.Loss(x)}
	}
	all := 1<<n - 1
	if n > 3 {
		return []Minimum{corner(0), corner(all)}
	}
	ms := make([]Minimum, 0, all+1)
	for mask := 0; mask <= all; mask++ {
		ms = append(ms, corner(mask))
	}
	return ms
}
