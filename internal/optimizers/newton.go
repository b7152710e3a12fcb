package optimizers

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"
)

// IndefinitePolicy says what Newton does when H + λI is not positive
// definite (but not singular).
type IndefinitePolicy int

const (
	// IndefiniteStop returns ErrIndefiniteHessian and leaves x unchanged;
	// the lab ends the run with status indefinite_hessian at that step.
	// The default: a non-PD model has no minimum, so the "Newton step" is
	// not a descent step, and the run says so instead of wandering.
	IndefiniteStop IndefinitePolicy = iota
	// IndefiniteSolve takes the pure Newton step anyway, solving
	// (H + λI)d = g by LU with partial pivoting (as numpy.linalg.solve).
	// It jumps to the stationary point of the quadratic model, so it is
	// attracted to saddles and maxima — the lecture's point.
	IndefiniteSolve
	// IndefiniteSaddleFree always uses |H + λI| = V|Λ|Vᵀ from the
	// eigen-decomposition, with |λᵢ| floored at 1e-8·maxⱼ|λⱼ| (Dauphin et
	// al. 2014, "Identifying and attacking the saddle point problem"): it
	// moves downhill along negative-curvature directions, away from saddles.
	IndefiniteSaddleFree
)

var indefinitePolicies = []string{"stop", "solve", "saddle_free"}

// String returns the config name: "stop", "solve" or "saddle_free".
func (p IndefinitePolicy) String() string {
	if p < 0 || int(p) >= len(indefinitePolicies) {
		return fmt.Sprintf("IndefinitePolicy(%d)", int(p))
	}
	return indefinitePolicies[p]
}

const (
	// singularTol: H + λI is singular to working precision when its
	// estimated reciprocal condition number (1-norm, after Cholesky) or
	// min|λᵢ|/max|λᵢ| (otherwise) is below it.
	singularTol = 1e-14
	// saddleFreeFloor: saddle-free eigenvalue floor relative to max|λᵢ|.
	saddleFreeFloor = 1e-8
)

// Newton is the damped Newton method with the Hessian from the oracle:
//
//	x ← x − lr·(H + λI)⁻¹g
//
// solved by Cholesky when H + λI is positive definite. Otherwise
// OnIndefinite decides (see IndefinitePolicy): stop (ErrIndefiniteHessian,
// the default), solve (LU, pure Newton) or saddle_free (x ← x − lr·|H + λI|⁻¹g,
// eigen-decomposition, used for every step under that policy). A singular
// H + λI (see singularTol; also a non-finite one) returns ErrSingularHessian
// under every policy, never panics, and leaves x unchanged, as does any
// error. A zero gradient gives a zero step.
//
// Step allocates nothing: it calls the LAPACK routines behind mat.Cholesky,
// mat.LU and mat.EigenSym (lapack64.Potrf/Pocon/Potrs, Getrf/Getrs, Syev)
// on storage allocated by Init, because mat.Cholesky.Factorize itself makes
// three small allocations per call for its pooled workspace.
type Newton struct {
	Damping      float64 // λ ≥ 0
	OnIndefinite IndefinitePolicy

	n          int
	h          *mat.SymDense // the oracle writes H here
	a, d, w    []float64     // n×n work matrix, direction, eigenvalues
	work       []float64
	iwork      []int
	lworkEigen int
}

var _ Optimizer = (*Newton)(nil)

// Init allocates the Hessian, factorisation and LAPACK work storage.
func (nt *Newton) Init(n int) {
	nt.n = n
	if n == 0 {
		return
	}
	nt.h = mat.NewSymDense(n, nil)
	nt.a = make([]float64, n*n)
	nt.d = make([]float64, n)
	nt.w = make([]float64, n)
	nt.iwork = make([]int, n)
	q := make([]float64, 1)
	lapack64.Syev(lapack.EVCompute, nt.sym(), nt.w, q, -1)
	nt.lworkEigen = max(int(q[0]), 3*n-1)
	nt.work = make([]float64, max(nt.lworkEigen, 3*n))
}

func (nt *Newton) sym() blas64.Symmetric {
	return blas64.Symmetric{Uplo: blas.Upper, N: nt.n, Stride: nt.n, Data: nt.a}
}

func (nt *Newton) vec() blas64.General {
	return blas64.General{Rows: nt.n, Cols: 1, Stride: 1, Data: nt.d}
}

// load writes H + λI (both triangles) into a; false if an entry is not finite.
func (nt *Newton) load() bool {
	n := nt.n
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			v := nt.h.At(i, j)
			if i == j {
				v += nt.Damping
			}
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
			nt.a[i*n+j], nt.a[j*n+i] = v, v
		}
	}
	return true
}

// Step applies one (damped) Newton update; see Newton for the errors.
func (nt *Newton) Step(x, g []float64, _ int, lr float64, o Oracle) error {
	ho, ok := o.(HessianOracle)
	if !ok {
		return ErrNoOracle
	}
	if nt.n == 0 {
		return nil
	}
	ho.Hessian(nt.h, x)
	if !nt.load() {
		return ErrSingularHessian
	}
	if nt.OnIndefinite == IndefiniteSaddleFree {
		return nt.saddleFree(x, g, lr)
	}
	sym := nt.sym()
	anorm := lapack64.Lansy(lapack.MaxColumnSum, sym, nt.work)
	if _, ok := lapack64.Potrf(sym); ok {
		if lapack64.Pocon(sym, anorm, nt.work, nt.iwork) < singularTol {
			return ErrSingularHessian
		}
		copy(nt.d, g)
		lapack64.Potrs(blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: nt.n, Stride: nt.n, Data: nt.a}, nt.vec())
		return nt.apply(x, lr)
	}
	// Not positive definite: singular or indefinite? (EVCompute on purpose:
	// gonum v0.17's eigenvalues-only path, Dsterf, panics when it rescales
	// a block of tiny or huge norm; Dsteqr, used with vectors, does not.)
	nt.load()
	if !lapack64.Syev(lapack.EVCompute, sym, nt.w, nt.work, nt.lworkEigen) || nt.singular() {
		return ErrSingularHessian
	}
	if nt.OnIndefinite == IndefiniteStop && nt.w[0] < 0 {
		return ErrIndefiniteHessian
	}
	nt.load()
	ge := blas64.General{Rows: nt.n, Cols: nt.n, Stride: nt.n, Data: nt.a}
	if !lapack64.Getrf(ge, nt.iwork) {
		return ErrSingularHessian
	}
	copy(nt.d, g)
	lapack64.Getrs(blas.NoTrans, ge, nt.vec(), nt.iwork)
	return nt.apply(x, lr)
}

// singular reports min|λᵢ| ≤ singularTol·max|λᵢ| for the eigenvalues in w.
func (nt *Newton) singular() bool {
	lo, hi := math.Inf(1), 0.0
	for _, l := range nt.w {
		lo, hi = math.Min(lo, math.Abs(l)), math.Max(hi, math.Abs(l))
	}
	return lo <= singularTol*hi
}

// saddleFree sets d = V|Λ|⁻¹Vᵀg with |λᵢ| floored, then steps.
func (nt *Newton) saddleFree(x, g []float64, lr float64) error {
	n := nt.n
	if !lapack64.Syev(lapack.EVCompute, nt.sym(), nt.w, nt.work, nt.lworkEigen) || nt.singular() {
		return ErrSingularHessian
	}
	hi := math.Max(math.Abs(nt.w[0]), math.Abs(nt.w[n-1])) // w is ascending
	floor := saddleFreeFloor * hi
	c := nt.work[:n] // c = |Λ|⁻¹Vᵀg; column j of a is eigenvector j
	for j := 0; j < n; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += nt.a[i*n+j] * g[i]
		}
		c[j] = s / math.Max(math.Abs(nt.w[j]), floor)
	}
	for i := 0; i < n; i++ {
		var s float64
		for j := 0; j < n; j++ {
			s += nt.a[i*n+j] * c[j]
		}
		nt.d[i] = s
	}
	return nt.apply(x, lr)
}

func (nt *Newton) apply(x []float64, lr float64) error {
	for i := range x {
		x[i] -= lr * nt.d[i]
	}
	return nil
}

func newtonSpec() Spec {
	return Spec{
		Needs:   Needs{Oracle: true, Hessian: true},
		Name:    "newton",
		Preset:  newtonPreset(),
		Summary: "damped Newton's method with the exact Hessian",
		Rule: []string{
			"x ← x − lr·(H + λI)⁻¹g   (Cholesky)",
			"H + λI not PD: stop | solve (LU, pure Newton: attracted to saddles) | saddle_free (|H + λI| = V|Λ|Vᵀ)",
		},
		Params: []Param{
			lrParam(1),
			{Name: "damping", Default: 0, Doc: "λ added to the Hessian's diagonal", Check: nonNegativeParam},
		},
		Choices: []Choice{{Name: "on_indefinite", Values: indefinitePolicies,
			Doc: "stop: end the run (status indefinite_hessian); solve: pure Newton step; saddle_free: step with |H|"}},
		Notes: "A singular H + λI ends the run (status singular_hessian) under every policy.",
		New: func(h Hyper) (Optimizer, error) {
			p := IndefiniteStop
			for i, name := range indefinitePolicies {
				if h.Choices["on_indefinite"] == name {
					p = IndefinitePolicy(i)
				}
			}
			return &Newton{Damping: h.Values["damping"], OnIndefinite: p}, nil
		},
	}
}

// newtonPreset: the Newton step is scale-free, lr 1 on every surface.
func newtonPreset() Preset {
	return Preset{Fixed: 1}
}
