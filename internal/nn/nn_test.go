package nn

import (
	"math"
	"testing"

	"github.com/optlab/optlab/internal/data"
)

func moons(t *testing.T, n int) *data.Set {
	t.Helper()
	spec, _ := data.Lookup("moons")
	s, err := spec.Gen(data.Params{Examples: n, Noise: 0.2}, 7)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustNet(t *testing.T, s Spec) *Net {
	t.Helper()
	n, err := New(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// fdCheck compares grad with central differences of loss, coordinate by
// coordinate, to a relative tolerance.
func fdCheck(t *testing.T, name string, x []float64, loss func([]float64) float64, grad func(dst, x []float64), tol float64) {
	t.Helper()
	g := make([]float64, len(x))
	grad(g, x)
	xp := append([]float64(nil), x...)
	worst := 0.0
	for i := range x {
		h := 1e-6 * max(1, math.Abs(x[i]))
		xp[i] = x[i] + h
		lp := loss(xp)
		xp[i] = x[i] - h
		lm := loss(xp)
		xp[i] = x[i]
		fd := (lp - lm) / (2 * h)
		err := math.Abs(fd-g[i]) / max(1e-3, math.Abs(fd), math.Abs(g[i]))
		worst = max(worst, err)
		if err > tol {
			t.Errorf("%s: ∂/∂x%d = %.10g, central difference %.10g (rel %.2g)", name, i, g[i], fd, err)
		}
	}
	t.Logf("%s: %d coordinates, worst relative error %.2g", name, len(x), worst)
}

func TestGradFiniteDifferences(t *testing.T) {
	set := moons(t, 24)
	reg := &data.Set{N: set.N, D: 2, X: set.X, Y: make([]float64, set.N)}
	for i := range reg.Y {
		reg.Y[i] = 3*set.X[2*i] - set.X[2*i+1] + 0.1*float64(i%3)
	}
	cases := []struct {
		name  string
		spec  Spec
		set   *data.Set
		ghost int
	}{
		{"linear", Spec{Kind: Linear, In: 2, Out: 1}, reg, 0},
		{"logistic", Spec{Kind: Logistic, In: 2, Out: 2}, set, 0},
		{"mlp-tanh", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{5, 4}, Activation: Tanh}, set, 0},
		{"mlp-relu", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{6}, Activation: ReLU}, set, 0},
		{"mlp-tanh-bn", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{5, 4}, Activation: Tanh, BatchNorm: true}, set, 0},
		{"mlp-tanh-ghost", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{5, 4}, Activation: Tanh, BatchNorm: true}, set, 6},
		{"mlp-relu-ghost", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{7}, Activation: ReLU, BatchNorm: true}, set, 8},
	}
	for _, c := range cases {
		net := mustNet(t, c.spec)
		x := net.Init(3)
		// γ, β away from 1, 0 so that their gradients are exercised.
		for i := range x {
			x[i] += 0.05 * math.Sin(float64(i))
		}
		st := net.NewStats()
		for i := range st.Mean {
			for j := range st.Mean[i] {
				st.Mean[i][j], st.Var[i][j] = 0.1*float64(j), 0.5+0.2*float64(j)
			}
		}
		var w Work
		for _, train := range []bool{true, false} {
			mode := map[bool]string{true: "train", false: "eval"}[train]
			loss := func(x []float64) float64 {
				return net.Forward(&w, x, c.set.X, c.set.Y, c.set.N, train, c.ghost, st, false)
			}
			grad := func(dst, x []float64) {
				net.Forward(&w, x, c.set.X, c.set.Y, c.set.N, train, c.ghost, st, false)
				net.Backward(&w, dst, x)
			}
			fdCheck(t, c.name+"/"+mode, x, loss, grad, 1e-5)
		}
	}
}

// TestHessVec checks the product against the exact Hessian of linear
// regression (2/m·XᵀX on [x, 1]) and, for an MLP, against central
// differences of the gradient along v taken independently (symmetry:
// uᵀHv = vᵀHu).
func TestHessVec(t *testing.T) {
	set := moons(t, 30)
	reg := &data.Set{N: set.N, D: 2, X: set.X, Y: set.Y}
	net := mustNet(t, Spec{Kind: Linear, In: 2, Out: 1})
	p := NewProblem(net, reg, nil, 10, 0, false, nil, 1)
	x := net.Init(1)
	v := []float64{0.3, -1.2, 0.7}
	hv := make([]float64, 3)
	p.HessVec(hv, x, v)
	for i := 0; i < 3; i++ {
		var want float64
		for r := 0; r < reg.N; r++ {
			fi := 1.0
			if i < 2 {
				fi = reg.X[2*r+i]
			}
			var fv float64
			for j := 0; j < 3; j++ {
				fj := 1.0
				if j < 2 {
					fj = reg.X[2*r+j]
				}
				fv += fj * v[j]
			}
			want += 2 * fi * fv / float64(reg.N)
		}
		if math.Abs(hv[i]-want) > 1e-8*max(1, math.Abs(want)) {
			t.Errorf("linear: (Hv)_%d = %.12g, exact %.12g", i, hv[i], want)
		}
	}
	mlp := mustNet(t, Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{5}, Activation: Tanh, BatchNorm: true})
	q := NewProblem(mlp, set, nil, 10, 0, false, nil, 1)
	x = mlp.Init(2)
	n := mlp.NumParams()
	u, w := make([]float64, n), make([]float64, n)
	for i := range u {
		u[i], w[i] = math.Sin(float64(i)+1), math.Cos(3*float64(i))
	}
	hu, hw := make([]float64, n), make([]float64, n)
	q.HessVec(hu, x, u)
	q.HessVec(hw, x, w)
	var a, b, s float64
	for i := range u {
		a += w[i] * hu[i]
		b += u[i] * hw[i]
		s += math.Abs(w[i] * hu[i])
	}
	if math.Abs(a-b) > 1e-6*s {
		t.Errorf("mlp: wᵀHu = %.12g, uᵀHw = %.12g", a, b)
	}
	// Against the second difference of the loss along u: uᵀHu.
	var uhu float64
	for i := range u {
		uhu += u[i] * hu[i]
	}
	h := 1e-4
	xp, xm := make([]float64, n), make([]float64, n)
	for i := range x {
		xp[i], xm[i] = x[i]+h*u[i], x[i]-h*u[i]
	}
	sd := (q.Loss(xp) - 2*q.Loss(x) + q.Loss(xm)) / (h * h)
	if math.Abs(sd-uhu) > 1e-5*max(1, math.Abs(uhu)) {
		t.Errorf("mlp: uᵀHu = %.10g, second difference %.10g", uhu, sd)
	}
}

// TestGhostEqualsBatch: ghost batches of the whole batch are plain batch
// norm, bit for bit, statistics included.
func TestGhostEqualsBatch(t *testing.T) {
	set := moons(t, 64)
	net := mustNet(t, Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{8, 8}, Activation: ReLU, BatchNorm: true})
	x := net.Init(5)
	a, b := net.NewStats(), net.NewStats()
	var w1, w2 Work
	g1, g2 := make([]float64, len(x)), make([]float64, len(x))
	l1 := net.Forward(&w1, x, set.X, set.Y, 32, true, 0, a, true)
	net.Backward(&w1, g1, x)
	l2 := net.Forward(&w2, x, set.X, set.Y, 32, true, 32, b, true)
	net.Backward(&w2, g2, x)
	if l1 != l2 {
		t.Fatalf("loss %v vs %v", l1, l2)
	}
	for i := range g1 {
		if g1[i] != g2[i] {
			t.Fatalf("grad %d: %v vs %v", i, g1[i], g2[i])
		}
	}
	for i := range a.Mean {
		for j := range a.Mean[i] {
			if a.Mean[i][j] != b.Mean[i][j] || a.Var[i][j] != b.Var[i][j] {
				t.Fatalf("stats differ at %d,%d", i, j)
			}
		}
	}
	// And ghost batches of 8 are not the same thing.
	l3 := net.Forward(&w2, x, set.X, set.Y, 32, true, 8, b, false)
	if l3 == l1 {
		t.Errorf("ghost 8 gave the plain loss %v", l1)
	}
}

func TestLayout(t *testing.T) {
	net := mustNet(t, Spec{Kind: MLP, In: 3, Out: 2, Hidden: []int{4}, Activation: ReLU, BatchNorm: true})
	// W1 4×3, b1 4, γ 4, β 4, W2 2×4, b2 2.
	if got, want := net.NumParams(), 12+4+4+4+8+2; got != want {
		t.Fatalf("NumParams = %d, want %d", got, want)
	}
	l := net.layers
	if l[0].g != 16 || l[0].be != 20 || l[1].w != 24 || l[1].b != 32 {
		t.Errorf("offsets %+v", l)
	}
	x := net.Init(9)
	for i := 16; i < 20; i++ {
		if x[i] != 1 || x[i+4] != 0 {
			t.Errorf("γ, β init: %v", x[16:24])
		}
	}
	for i := 0; i < 12; i++ {
		if math.Abs(x[i]) > 1/math.Sqrt(3) {
			t.Errorf("W1[%d] = %v outside ±1/√3", i, x[i])
		}
	}
}

// TestStepAllocs: a training step allocates nothing after the first.
func TestStepAllocs(t *testing.T) {
	set := moons(t, 200)
	net := mustNet(t, Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{16, 16}, Activation: ReLU, BatchNorm: true})
	p := NewProblem(net, set, nil, 32, 8, true, nil, 1)
	s := p.NewStream(4)
	x := p.Start()
	g := make([]float64, len(x))
	s.Next()
	s.Grad(g, x)
	if a := testing.AllocsPerRun(50, func() { s.Next(); s.Grad(g, x) }); a != 0 {
		t.Errorf("%v allocations per step", a)
	}
}

// TestStreamSameSeed: equal seeds give equal batches; SAM-like second
// queries leave the statistics alone.
func TestStreamSameSeed(t *testing.T) {
	set := moons(t, 100)
	net := mustNet(t, Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{4}, Activation: Tanh, BatchNorm: true})
	p := NewProblem(net, set, nil, 32, 0, true, nil, 1)
	a, b := p.NewStream(9), p.NewStream(9)
	c := p.NewStream(10)
	x := p.Start()
	g := make([]float64, len(x))
	differ := false
	for k := 0; k < 12; k++ {
		a.Next()
		b.Next()
		c.Next()
		for i := range a.batch {
			if a.batch[i] != b.batch[i] {
				t.Fatalf("step %d: batches differ", k)
			}
			if i < len(c.batch) && a.batch[i] != c.batch[i] {
				differ = true
			}
		}
		a.Grad(g, x)
		m := a.st.Mean[0][0]
		a.Grad(g, x)
		if a.st.Mean[0][0] != m {
			t.Fatalf("a second query moved the running mean")
		}
	}
	if !differ {
		t.Errorf("seeds 9 and 10 drew the same batches")
	}
	// An epoch covers every example once.
	d := p.NewStream(3)
	seen := make([]int, set.N)
	for k := 0; k < p.StepsPerEpoch(); k++ {
		d.Next()
		for _, i := range d.batch {
			seen[i]++
		}
	}
	for i, n := range seen {
		if n != 1 {
			t.Fatalf("example %d drawn %d times in an epoch", i, n)
		}
	}
}
