package surfaces

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Quadratic is the n-D quadratic with a chosen spectrum,
//
//	f(x) = ½ xᵀHx,  H = Q·diag(λ)·Qᵀ + (c/n)·11ᵀ
//
// minimum 0 at the origin, standard start (1, …, 1). The coupling c ≥ 0
// adds a rank-one term that makes H dense (every entry ≠ 0) while the
// gradient stays O(n): Newton's Cholesky factorisation then does its full
// n³/3 work, where on a diagonal or banded H gonum's kernels skip the
// zeros (`optlab scaling` uses c = 1 for that reason). With c > 0 the
// eigenvalues μ of H interlace the λ (λ_i ≤ μ_i ≤ λ_{i+1}, μ_n ≤ λ_n + c). The zero value of
// the rotation (Q = I) keeps H diagonal: O(n) memory and work, so n = 10⁷
// runs; a random rotation (NewRotatedQuadratic) stores the dense H, n²
// floats, and is limited to MaxRotatedDim dimensions. The `quadratic`
// family takes log-spaced eigenvalues for a condition number (LogSpectrum),
// `deepquadratic` DeepOBS's spectrum (DeepSpectrum). theory.Observe runs
// on it as well (`optlab theory --spectrum`).
type Quadratic struct {
	// Lambda are the eigenvalues of H (all > 0 for a minimum).
	Lambda []float64
	// Family is the registry name ("" means "quadratic").
	Family string
	// Coupling is c of the rank-one term (c/n)·11ᵀ; 0 leaves it out.
	Coupling float64

	h []float64 // dense H, row-major n×n, when rotated; nil when diagonal
}

var _ Surface = Quadratic{}

// MaxRotatedDim bounds the dimension of a rotated quadratic: its dense H
// takes 8n² bytes (72 MB at 3000) and building it (a QR factorisation and
// QΛQᵀ, about 2n³ operations) takes seconds at that size.
const MaxRotatedDim = 3000

// NewRotatedQuadratic is the quadratic with eigenvalues lambda rotated by
// an orthogonal Q drawn from seed (QR of a Gaussian matrix, signs fixed by
// R's diagonal, so Q is uniformly (Haar) distributed). It panics past
// MaxRotatedDim; surfaces.Check refuses such a dimension first.
func NewRotatedQuadratic(family string, lambda []float64, seed uint64) Quadratic {
	n := len(lambda)
	if n > MaxRotatedDim {
		panic(fmt.Sprintf("surfaces: rotated quadratic in %d dimensions (at most %d)", n, MaxRotatedDim))
	}
	q := randomOrthogonal(n, seed)
	// H = Q·diag(λ)·Qᵀ: scale Q's columns, then one matrix product.
	ql := mat.DenseCopyOf(q)
	for j, l := range lambda {
		for i := 0; i < n; i++ {
			ql.Set(i, j, ql.At(i, j)*l)
		}
	}
	var h mat.Dense
	h.Mul(ql, q.T())
	raw := h.RawMatrix()
	hs := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			// Symmetrise exactly: rounding leaves H[i][j] ≠ H[j][i] by an ulp.
			v := 0.5 * (raw.Data[i*raw.Stride+j] + raw.Data[j*raw.Stride+i])
			hs[i*n+j], hs[j*n+i] = v, v
		}
	}
	return Quadratic{Lambda: append([]float64(nil), lambda...), Family: family, h: hs}
}

// LogSpectrum is n eigenvalues log-spaced from lambdaMax/kappa up to
// lambdaMax, ascending (n ≥ 2).
func LogSpectrum(n int, kappa, lambdaMax float64) []float64 {
	l := make([]float64, n)
	for i := range l {
		l[i] = lambdaMax * math.Pow(kappa, float64(i)/float64(n-1)-1)
	}
	l[n-1] = lambdaMax
	return l
}

// Rotated reports whether H is dense (a random rotation).
func (q Quadratic) Rotated() bool { return q.h != nil }

func (q Quadratic) Name() string {
	if q.Family == "" {
		return "quadratic"
	}
	return q.Family
}

func (q Quadratic) Dim() int { return len(q.Lambda) }

func (q Quadratic) gemv(dst, x []float64) {
	n := len(x)
	blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: n, Cols: n, Stride: n, Data: q.h},
		blas64.Vector{N: n, Inc: 1, Data: x}, 0, blas64.Vector{N: n, Inc: 1, Data: dst})
}

// coupled is (c/n)·Σx, the rank-one term's share of each gradient entry.
func (q Quadratic) coupled(x []float64) float64 {
	if q.Coupling == 0 {
		return 0
	}
	var s float64
	for _, t := range x {
		s += t
	}
	return q.Coupling / float64(len(x)) * s
}

func (q Quadratic) Loss(x []float64) float64 {
	var f float64
	if q.h == nil {
		for i, l := range q.Lambda {
			f += 0.5 * l * x[i] * x[i]
		}
	} else {
		n := len(x)
		xv := blas64.Vector{N: n, Inc: 1, Data: x}
		for i := 0; i < n; i++ {
			f += 0.5 * x[i] * blas64.Dot(blas64.Vector{N: n, Inc: 1, Data: q.h[i*n : (i+1)*n]}, xv)
		}
	}
	if q.Coupling != 0 {
		var s float64
		for _, t := range x {
			s += t
		}
		f += 0.5 * q.Coupling / float64(len(x)) * s * s
	}
	return f
}

func (q Quadratic) Grad(dst, x []float64) {
	c := q.coupled(x)
	if q.h != nil {
		q.gemv(dst, x)
		for i := range dst {
			dst[i] += c
		}
		return
	}
	for i, l := range q.Lambda {
		dst[i] = l*x[i] + c
	}
}

// HessVec is H·v, without building a matrix when H is diagonal.
func (q Quadratic) HessVec(dst, _, v []float64) { q.Grad(dst, v) }

func (q Quadratic) Hessian(dst *mat.SymDense, _ []float64) {
	n := len(q.Lambda)
	c := q.Coupling / float64(n)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := c
			switch {
			case q.h != nil:
				v += q.h[i*n+j]
			case i == j:
				v += q.Lambda[i]
			}
			dst.SetSym(i, j, v)
		}
	}
}

func (q Quadratic) Start() []float64 { return filled(q.Dim(), 1) }

func (q Quadratic) Bounds() (lo, hi []float64) { return cube(q.Dim(), -2, 2) }

func (q Quadratic) Minima() []Minimum {
	return []Minimum{{Name: "global", X: make([]float64, q.Dim()), Value: 0}}
}

func quadraticSpec() Spec {
	return Spec{
		Name:    "quadratic",
		Summary: "n-D quadratic with log-spaced eigenvalues (condition number kappa); minimum 0 at the origin",
		Formula: "f(x) = ½ xᵀQΛQᵀx + ½(c/n)(Σx_i)², λ_i = lambda_max·kappa^(i/(n−1) − 1)",
		Params: []Param{
			{Name: "kappa", Default: 10, Doc: "condition number λmax/λmin", Check: atLeast(1)},
			{Name: "lambda_max", Default: 1, Doc: "largest eigenvalue", Check: positive},
			rotateParam(0),
			seedParam(),
			couplingParam(),
		},
		AnyDim:   true,
		CheckDim: checkRotatedDim,
		New: func(p map[string]float64, dim int) Surface {
			l := LogSpectrum(dim, p["kappa"], p["lambda_max"])
			q := Quadratic{Lambda: l}
			if p["rotate"] == 1 {
				q = NewRotatedQuadratic("quadratic", l, uint64(p["seed"]))
			}
			q.Coupling = p["coupling"]
			return q
		},
	}
}

func rotateParam(def float64) Param {
	return Param{Name: "rotate", Default: def, Check: zeroOrOne,
		Doc: fmt.Sprintf("1: rotate by a random orthogonal matrix from seed (dense, n ≤ %d); 0: axis-aligned (diagonal, any n)", MaxRotatedDim)}
}

func couplingParam() Param {
	return Param{Name: "coupling", Default: 0, Check: atLeast(0),
		Doc: "c of the rank-one term (c/n)·11ᵀ: a dense Hessian with an O(n) gradient"}
}

func seedParam() Param {
	return Param{Name: "seed", Default: 1, Check: seedCheck,
		Doc: "the surface's own seed (rotation, random spectrum): the landscape does not change with the run's seed"}
}

// checkRotatedDim refuses a rotation in more than MaxRotatedDim dimensions.
func checkRotatedDim(p map[string]float64, dim int) error {
	if p["rotate"] == 1 && dim > MaxRotatedDim {
		return fmt.Errorf("a rotated quadratic stores its dense %d×%d Hessian (%.3g GB); use at most %d dimensions or rotate: 0 (diagonal, any dimension)",
			dim, dim, 8*float64(dim)*float64(dim)/1e9, MaxRotatedDim)
	}
	return nil
}

func zeroOrOne(v float64) error {
	if v != 0 && v != 1 {
		return fmt.Errorf("must be 0 or 1, got %g", v)
	}
	return nil
}

func seedCheck(v float64) error {
	if !(v >= 0 && v <= 1<<53) || v != math.Trunc(v) {
		return fmt.Errorf("must be an integer in [0, 2^53], got %g", v)
	}
	return nil
}
