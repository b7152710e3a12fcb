package optimizers

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"pgregory.net/rapid"
)

// quad is f(x) = ½xᵀAx: gradient Ax, Hessian A (row-major, symmetric).
type quad struct {
	n int
	a []float64
}

func (q *quad) Grad(dst, x []float64) {
	for i := 0; i < q.n; i++ {
		dst[i] = 0
		for j := 0; j < q.n; j++ {
			dst[i] += q.a[i*q.n+j] * x[j]
		}
	}
}

func (q *quad) Hessian(dst *mat.SymDense, _ []float64) {
	for i := 0; i < q.n; i++ {
		for j := i; j < q.n; j++ {
			dst.SetSym(i, j, q.a[i*q.n+j])
		}
	}
}

func diag(d ...float64) *quad {
	q := &quad{n: len(d), a: make([]float64, len(d)*len(d))}
	for i, v := range d {
		q.a[i*len(d)+i] = v
	}
	return q
}

func newton(p IndefinitePolicy, damping float64) *Newton {
	return &Newton{OnIndefinite: p, Damping: damping}
}

// newtonStep takes one step with lr 1 from x.
func newtonStep(nt *Newton, q *quad, x ...float64) ([]float64, error) {
	g := make([]float64, q.n)
	q.Grad(g, x)
	nt.Init(q.n)
	err := nt.Step(x, g, 1, 1, q)
	return x, err
}

func near(a, b []float64, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return len(a) == len(b)
}

var policies = []IndefinitePolicy{IndefiniteStop, IndefiniteSolve, IndefiniteSaddleFree}

func TestNewtonQuadraticOneStep(t *testing.T) {
	q := &quad{n: 2, a: []float64{4, 1, 1, 3}}
	for _, p := range policies {
		x, err := newtonStep(newton(p, 0), q, 3, -2)
		if err != nil || !near(x, []float64{0, 0}, 1e-14) {
			t.Errorf("%v: %v, %v; want the minimum in one step", p, x, err)
		}
	}
}

func TestNewtonSaddle(t *testing.T) {
	q := diag(1, -1) // f = ½(x² − y²): saddle at 0
	x, err := newtonStep(newton(IndefiniteStop, 0), q, 1, 1)
	if !errors.Is(err, ErrIndefiniteHessian) || !sameFloats(x, []float64{1, 1}) {
		t.Errorf("stop: %v, %v; want ErrIndefiniteHessian and x unchanged", x, err)
	}
	x, err = newtonStep(newton(IndefiniteSolve, 0), q, 1, 1)
	if err != nil || !near(x, []float64{0, 0}, 1e-15) {
		t.Errorf("solve: %v, %v; want a jump onto the saddle", x, err)
	}
	x, err = newtonStep(newton(IndefiniteSaddleFree, 0), q, 1, 1)
	if err != nil || !near(x, []float64{0, 2}, 1e-15) {
		t.Errorf("saddle_free: %v, %v; want (0, 2), downhill away from the saddle", x, err)
	}
}

// TestNewtonSaddleFreeRotated checks the eigenvector layout: for
// A = R diag(2, −1) Rᵀ, |A|⁻¹A = R diag(1, −1) Rᵀ.
func TestNewtonSaddleFreeRotated(t *testing.T) {
	c, s := math.Cos(0.5), math.Sin(0.5)
	rot := func(d0, d1 float64) []float64 { // R diag(d0, d1) Rᵀ
		return []float64{c*c*d0 + s*s*d1, c * s * (d0 - d1), c * s * (d0 - d1), s*s*d0 + c*c*d1}
	}
	q := &quad{n: 2, a: rot(2, -1)}
	m := rot(1, -1)
	x0 := []float64{0.7, -1.3}
	want := []float64{x0[0] - (m[0]*x0[0] + m[1]*x0[1]), x0[1] - (m[2]*x0[0] + m[3]*x0[1])}
	x, err := newtonStep(newton(IndefiniteSaddleFree, 0), q, x0...)
	if err != nil || !near(x, want, 1e-14) {
		t.Errorf("got %v, %v; want %v", x, err, want)
	}
}

func TestNewtonSingular(t *testing.T) {
	nan := math.NaN()
	cases := map[string]*quad{
		"psd":        diag(1, 0),
		"zero":       diag(0, 0),
		"neg-psd":    diag(-1, 0),
		"near":       diag(1, 1e-20),
		"nan":        diag(nan, 1),
		"inf":        diag(math.Inf(1), 1),
		"rank-1 3-D": {n: 3, a: []float64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
	}
	for name, q := range cases {
		for _, p := range policies {
			x0 := make([]float64, q.n)
			for i := range x0 {
				x0[i] = 1
			}
			x, err := newtonStep(newton(p, 0), q, append([]float64(nil), x0...)...)
			if !errors.Is(err, ErrSingularHessian) || !sameFloats(x, x0) {
				t.Errorf("%s, %v: %v, %v; want ErrSingularHessian and x unchanged", name, p, x, err)
			}
		}
	}
}

func TestNewtonDamping(t *testing.T) {
	x, err := newtonStep(newton(IndefiniteStop, 1), diag(1, 0), 2, 3)
	if err != nil || !near(x, []float64{1, 3}, 1e-15) {
		t.Errorf("diag(1, 0) + I: %v, %v; want (1, 3)", x, err)
	}
	// diag(2, −0.5) + I is positive definite: a step, not a stop.
	x, err = newtonStep(newton(IndefiniteStop, 1), diag(2, -0.5), 3, 1)
	if err != nil || !near(x, []float64{1, 2}, 1e-15) {
		t.Errorf("diag(2, −0.5) + I: %v, %v; want (1, 2)", x, err)
	}
	// diag(1, −1) + I = diag(2, 0) is singular.
	for _, p := range policies {
		if _, err := newtonStep(newton(p, 1), diag(1, -1), 1, 1); !errors.Is(err, ErrSingularHessian) {
			t.Errorf("%v: diag(1, −1) + I: %v, want ErrSingularHessian", p, err)
		}
	}
	// Large damping turns Newton into gradient descent with rate lr/λ.
	x, err = newtonStep(newton(IndefiniteStop, 1e6), diag(1, -1), 1, 1)
	if err != nil || !near(x, []float64{1 - 1/(1+1e6), 1 + 1/(1e6-1)}, 1e-15) {
		t.Errorf("heavy damping: %v, %v", x, err)
	}
}

func TestNewtonNoOracle(t *testing.T) {
	nt := newton(IndefiniteStop, 0)
	nt.Init(2)
	if err := nt.Step([]float64{1, 1}, []float64{1, 1}, 1, 1, nil); !errors.Is(err, ErrNoOracle) {
		t.Errorf("got %v, want ErrNoOracle", err)
	}
}

// TestNewtonReferencePathIsPD shows why on_indefinite defaults to stop: the
// Hessian is positive definite at every point of the reference path, so the
// default reproduces it (as does solve).
func TestNewtonReferencePathIsPD(t *testing.T) {
	h := mat.NewSymDense(2, nil)
	for _, row := range readReference(t, "newton_rosenbrock") {
		rosen.Hessian(h, row[1:3])
		var ch mat.Cholesky
		if !ch.Factorize(h) {
			t.Errorf("step %g: Hessian not PD at (%g, %g)", row[0], row[1], row[2])
		}
	}
	cfg := withChoice(lrOnly("newton", 1), "on_indefinite", "solve")
	x, err := run(mustNew(t, cfg), rosen, rosen.Start(), 8, 1)
	if err != nil || !near(x, []float64{1, 1}, 1e-15) {
		t.Errorf("solve policy: %v, %v; want the reference's (1, 1)", x, err)
	}
}

func TestNewtonAllocsEveryBranch(t *testing.T) {
	for _, p := range policies {
		q := diag(1, -1, 2)
		nt := newton(p, 0)
		nt.Init(3)
		var o Oracle = q
		x, g := []float64{1, 1, 1}, make([]float64, 3)
		if a := testing.AllocsPerRun(20, func() {
			q.Grad(g, x)
			_ = nt.Step(x, g, 1, 0.1, o)
		}); a != 0 {
			t.Errorf("%v: %v allocations per indefinite step", p, a)
		}
	}
}

// TestNewtonNeverPanics: random symmetric matrices (singular, indefinite,
// non-finite) give a step or one of the documented errors, x unchanged on
// error; under stop, a step means H + λI was positive definite.
func TestNewtonNeverPanics(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 4).Draw(rt, "n")
		entry := rapid.OneOf(rapid.Float64Range(-10, 10), rapid.SampledFrom([]float64{0, 1, -1, 1e-300, -1e-200, 1e300, math.NaN(), math.Inf(-1)}))
		q := &quad{n: n, a: make([]float64, n*n)}
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				v := entry.Draw(rt, "a")
				q.a[i*n+j], q.a[j*n+i] = v, v
			}
		}
		p := rapid.SampledFrom(policies).Draw(rt, "policy")
		damping := rapid.SampledFrom([]float64{0, 0.5, 100}).Draw(rt, "damping")
		x0 := make([]float64, n)
		for i := range x0 {
			x0[i] = rapid.Float64Range(-5, 5).Draw(rt, "x")
		}
		x, err := newtonStep(newton(p, damping), q, append([]float64(nil), x0...)...)
		switch {
		case err == nil:
			if p == IndefiniteStop {
				a := mat.NewSymDense(n, nil)
				for i := 0; i < n; i++ {
					for j := i; j < n; j++ {
						a.SetSym(i, j, q.a[i*n+j])
					}
					a.SetSym(i, i, a.At(i, i)+damping)
				}
				var ch mat.Cholesky
				if !ch.Factorize(a) {
					rt.Fatalf("stop policy stepped on a non-PD matrix %v", q.a)
				}
			}
		case errors.Is(err, ErrSingularHessian), errors.Is(err, ErrIndefiniteHessian) && p == IndefiniteStop:
			if !sameFloats(x, x0) {
				rt.Fatalf("x moved on error: %v -> %v", x0, x)
			}
		default:
			rt.Fatalf("unexpected error %v", err)
		}
	})
}
