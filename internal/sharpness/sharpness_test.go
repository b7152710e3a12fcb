package sharpness

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/nn"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
)

// productsOnly hides a problem's dense Hessian, so Measure takes the path
// of a large network (Lanczos on Hessian-vector products).
type productsOnly struct {
	problem.Objective
	hv problem.HessVecer
}

func (p productsOnly) HessVec(dst, x, v []float64) { p.hv.HessVec(dst, x, v) }

// smallMLP is a tanh MLP on moons (smooth, so central-difference products
// are accurate to about 1e-10) after a few hundred GD steps, so the
// Hessian is the trained net's, with both signs of curvature.
func smallMLP(t *testing.T) (*nn.Problem, []float64) {
	t.Helper()
	spec, _ := data.Lookup("moons")
	set, err := spec.Gen(data.Params{Examples: 80, Noise: 0.2}, 3)
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.New(nn.Spec{Kind: nn.MLP, In: 2, Out: 2, Hidden: []int{6}, Activation: "tanh"})
	if err != nil {
		t.Fatal(err)
	}
	p := nn.NewProblem(net, set, nil, set.N, 0, false, nil, 5)
	x := p.Start()
	g := make([]float64, len(x))
	for k := 0; k < 300; k++ {
		p.Grad(g, x)
		for i := range x {
			x[i] -= 0.5 * g[i]
		}
	}
	return p, x
}

// denseFromProducts is the Hessian from n products with the unit vectors,
// symmetrised, and its eigenvalues from gonum's EigenSym.
func denseFromProducts(t *testing.T, hv problem.HessVecer, x []float64) (lmax, trace float64) {
	t.Helper()
	n := len(x)
	cols := make([][]float64, n)
	e := make([]float64, n)
	for j := range cols {
		e[j] = 1
		cols[j] = make([]float64, n)
		hv.HessVec(cols[j], x, e)
		e[j] = 0
	}
	H := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			H.SetSym(i, j, (cols[j][i]+cols[i][j])/2)
		}
		trace += cols[i][i]
	}
	var eig mat.EigenSym
	if !eig.Factorize(H, false) {
		t.Fatal("EigenSym failed")
	}
	v := eig.Values(nil)
	t.Logf("n = %d, eigenvalues %.6g … %.6g", n, v[0], v[n-1])
	return v[n-1], trace
}

// TestNetworkAgainstDenseHessian: on a small MLP, λmax by Lanczos and the
// trace by products (the path of a network without a dense Hessian) agree
// with the dense Hessian built from products and gonum's EigenSym to 1e-6.
func TestNetworkAgainstDenseHessian(t *testing.T) {
	p, x := smallMLP(t)
	lmax, trace := denseFromProducts(t, p, x)
	r, err := Measure(productsOnly{p, p}, x, Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if r.LambdaMethod != Lanczos || r.TraceMethod != Diagonal {
		t.Fatalf("methods %s/%s, want lanczos/diagonal", r.LambdaMethod, r.TraceMethod)
	}
	t.Logf("λmax %.12g (dense %.12g), %d iterations, residual %.3g; trace %.12g (dense %.12g)",
		r.LambdaMax, lmax, r.Iterations, r.Residual, r.Trace, trace)
	if d := math.Abs(r.LambdaMax-lmax) / max(1, math.Abs(lmax)); d > 1e-6 {
		t.Errorf("Lanczos λmax %.12g, dense %.12g (relative %.3g)", r.LambdaMax, lmax, d)
	}
	if d := math.Abs(r.Trace-trace) / max(1, math.Abs(trace)); d > 1e-6 {
		t.Errorf("trace %.12g, dense %.12g (relative %.3g)", r.Trace, trace, d)
	}
	if r.Residual > 1e-6*max(1, math.Abs(lmax)) {
		t.Errorf("residual ‖Hv − λv‖ = %.3g", r.Residual)
	}
	// The exact path (the net's own dense Hessian) agrees too.
	re, err := Measure(p, x, Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if re.LambdaMethod != Exact || math.Abs(re.LambdaMax-lmax) > 1e-6*max(1, math.Abs(lmax)) ||
		math.Abs(re.Trace-trace) > 1e-6*max(1, math.Abs(trace)) {
		t.Errorf("exact path: %s λmax %.12g trace %.12g, dense %.12g %.12g", re.LambdaMethod, re.LambdaMax, re.Trace, lmax, trace)
	}
}

// TestHutchinson: the estimator is exact on a diagonal Hessian, and on the
// MLP it is within four standard errors of the dense trace, the error
// computed from the Hessian (Var zᵀHz = 2·Σ_{i≠j} H_ij²).
func TestHutchinson(t *testing.T) {
	lambda := []float64{3, -1, 0.5, 7, 2}
	q := quadratic{lambda: lambda, center: make([]float64, 5)}
	got := hutchinson(q, make([]float64, 5), 3, 1)
	if math.Abs(got-11.5) > 1e-12 {
		t.Errorf("diagonal: Hutchinson %.15g, trace 11.5", got)
	}
	p, x := smallMLP(t)
	n := len(x)
	H := mat.NewSymDense(n, nil)
	p.Hessian(H, x)
	var trace, off float64
	for i := 0; i < n; i++ {
		trace += H.At(i, i)
		for j := 0; j < n; j++ {
			if i != j {
				off += H.At(i, j) * H.At(i, j)
			}
		}
	}
	const samples = 400
	est := hutchinson(p, x, samples, 11)
	se := math.Sqrt(2 * off / samples)
	t.Logf("Hutchinson (%d samples) %.6g, trace %.6g, standard error %.3g", samples, est, trace, se)
	if math.Abs(est-trace) > 4*se {
		t.Errorf("Hutchinson %.6g, trace %.6g: more than 4 standard errors (%.3g)", est, trace, se)
	}
}

// quadratic is ½·Σ λ_i (x_i − c_i)² rotated by the fixed rotation rot
// (identity when rot is nil) plus c0: its minimum is center, its Hessian
// RᵀΛR.
type quadratic struct {
	lambda, center []float64
	rot            *mat.Dense
	c0             float64
}

func (q quadratic) Dim() int { return len(q.lambda) }

func (q quadratic) local(x []float64) []float64 {
	d := make([]float64, len(x))
	for i := range x {
		d[i] = x[i] - q.center[i]
	}
	if q.rot == nil {
		return d
	}
	var y mat.VecDense
	y.MulVec(q.rot, mat.NewVecDense(len(d), d))
	return y.RawVector().Data
}

func (q quadratic) Loss(x []float64) float64 {
	f := q.c0
	for i, y := range q.local(x) {
		f += 0.5 * q.lambda[i] * y * y
	}
	return f
}

func (q quadratic) Grad(dst, x []float64) {
	y := q.local(x)
	for i := range y {
		y[i] *= q.lambda[i]
	}
	if q.rot == nil {
		copy(dst, y)
		return
	}
	var g mat.VecDense
	g.MulVec(q.rot.T(), mat.NewVecDense(len(y), y))
	copy(dst, g.RawVector().Data)
}

func (q quadratic) HessVec(dst, x, v []float64) {
	xv := make([]float64, len(v))
	for i := range v {
		xv[i] = q.center[i] + v[i]
	}
	q.Grad(dst, xv)
}

// TestSAMAtQuadraticMinimum: at the minimum of a quadratic, the SAM
// sharpness max over ‖ε‖ ≤ ρ of ½εᵀHε is (ρ²/2)·λmax, to 1e-8.
func TestSAMAtQuadraticMinimum(t *testing.T) {
	// A rotation from a QR factorisation of a fixed matrix.
	a := mat.NewDense(4, 4, []float64{2, 1, 0, 3, -1, 4, 2, 0, 0.5, 1, -3, 1, 1, 0, 1, 2})
	var qr mat.QR
	qr.Factorize(a)
	var rot mat.Dense
	qr.QTo(&rot)
	q := quadratic{lambda: []float64{1, 0.3, 10, 4}, center: []float64{0.4, -1.2, 2, 0.7}, rot: &rot, c0: 0.25}
	for _, rho := range []float64{0.05, 0.3} {
		got := SAM(q, q.center, rho, Options{Seed: 3})
		want := rho * rho / 2 * 10
		t.Logf("ρ = %g: SAM sharpness %.15g, (ρ²/2)·λmax %.15g", rho, got, want)
		if math.Abs(got-want) > 1e-8*want {
			t.Errorf("ρ = %g: SAM sharpness %.15g, want %.15g (relative %.3g)", rho, got, want, math.Abs(got-want)/want)
		}
	}
}

// TestKeskarAtQuadraticMinimum: at a diagonal quadratic's minimum the box
// maximum is at a corner, ½·Σ λ_i·(ε(|x_i|+1))².
func TestKeskarAtQuadraticMinimum(t *testing.T) {
	q := quadratic{lambda: []float64{1, 5, 2}, center: []float64{0.5, -2, 0}, c0: 0.1}
	const eps = 1e-3
	var rise float64
	for i, l := range q.lambda {
		b := eps * (math.Abs(q.center[i]) + 1)
		rise += 0.5 * l * b * b
	}
	want := 100 * rise / (1 + q.c0)
	got := Keskar(q, q.center, eps, Options{Seed: 1})
	if math.Abs(got-want) > 1e-8*want {
		t.Errorf("Keskar %.15g, want %.15g", got, want)
	}
}

// TestSharpFlatRatio: on sharpflat, the reported λmax of the sharp minimum
// is at least 20× the flat one's, and so are its SAM and Keskar values.
func TestSharpFlatRatio(t *testing.T) {
	s, err := surfaces.New("sharpflat", nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Result{}
	for _, m := range s.Minima() {
		r, err := Measure(s, m.X, Options{})
		if err != nil {
			t.Fatal(err)
		}
		got[m.Name] = r
		t.Logf("%s at %v: λmax %.6g, trace %.6g, SAM %.6g, Keskar %.6g", m.Name, m.X, r.LambdaMax, r.Trace, r.SAM, r.Keskar)
	}
	sharp, flat := got["sharp"], got["flat"]
	if sharp.LambdaMax < 20*flat.LambdaMax || flat.LambdaMax <= 0 {
		t.Errorf("λmax sharp %.6g, flat %.6g: ratio %.3g < 20", sharp.LambdaMax, flat.LambdaMax, sharp.LambdaMax/flat.LambdaMax)
	}
	if sharp.SAM <= flat.SAM || sharp.Keskar <= flat.Keskar {
		t.Errorf("SAM %.3g vs %.3g, Keskar %.3g vs %.3g: the sharp minimum is not sharper", sharp.SAM, flat.SAM, sharp.Keskar, flat.Keskar)
	}
}

// TestBadOptions: negative settings are refused, naming the field.
func TestBadOptions(t *testing.T) {
	q := quadratic{lambda: []float64{1}, center: []float64{0}}
	for _, o := range []Options{{Rho: -1}, {Epsilon: -1}, {Restarts: -1}, {Samples: -2}} {
		if _, err := Measure(q, []float64{0}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	if _, err := Measure(q, []float64{0, 1}, Options{}); err == nil {
		t.Error("wrong dimension: no error")
	}
}

// TestDeterministic: equal seeds give the same bits (the random starts
// and probes come from internal/random).
func TestDeterministic(t *testing.T) {
	p, x := smallMLP(t)
	o := Options{Seed: 9, ExactDim: -1, Samples: 4, Restarts: 2, AscentSteps: 10}
	a, _ := Measure(p, x, o)
	b, _ := Measure(p, x, o)
	if a != b {
		t.Errorf("two measurements differ:\n%+v\n%+v", a, b)
	}
}
