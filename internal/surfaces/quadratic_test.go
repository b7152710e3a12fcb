package surfaces_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
	"gonum.org/v1/gonum/mat"
)

// A rotated quadratic's Hessian has exactly the chosen spectrum, is the
// same for the same seed and differs for another one.
func TestRotatedQuadraticKeepsItsSpectrum(t *testing.T) {
	const n = 40
	lambda := surfaces.LogSpectrum(n, 1e3, 5)
	if lambda[0] != 5e-3 || lambda[n-1] != 5 || !slices.IsSorted(lambda) {
		t.Fatalf("LogSpectrum(%d, 1e3, 5) = %v…%v, want 0.005…5 ascending", n, lambda[0], lambda[n-1])
	}
	q := surfaces.NewRotatedQuadratic("quadratic", lambda, 11)
	h := mat.NewSymDense(n, nil)
	q.Hessian(h, nil)
	ev := eigen(t, h)
	for i := range ev {
		if d := math.Abs(ev[i] - lambda[i]); !(d <= 1e-12*lambda[n-1]) {
			t.Errorf("eigenvalue %d = %.17g, want %.17g", i, ev[i], lambda[i])
		}
	}
	// Rotated means not diagonal: the off-diagonal mass is a fair share.
	var off float64
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			off += h.At(i, j) * h.At(i, j)
		}
	}
	if !(off > 0.1) {
		t.Errorf("off-diagonal Σ H_ij² = %g: not rotated", off)
	}
	same := surfaces.NewRotatedQuadratic("quadratic", lambda, 11)
	other := surfaces.NewRotatedQuadratic("quadratic", lambda, 12)
	x := surfaces.Quadratic{Lambda: lambda}.Start()
	x[3] = -2
	if q.Loss(x) != same.Loss(x) {
		t.Error("the same seed gave another rotation")
	}
	if q.Loss(x) == other.Loss(x) {
		t.Error("seeds 11 and 12 gave the same rotation")
	}
	// Loss is ½xᵀHx and Grad is Hx, checked against the matrix itself.
	var hx mat.VecDense
	hx.MulVec(h, mat.NewVecDense(n, x))
	g := make([]float64, n)
	q.Grad(g, x)
	for i := range g {
		if d := math.Abs(g[i] - hx.AtVec(i)); !(d <= 1e-12) {
			t.Errorf("Grad[%d] = %g, Hx = %g", i, g[i], hx.AtVec(i))
		}
	}
	if want := 0.5 * mat.Dot(mat.NewVecDense(n, x), &hx); math.Abs(q.Loss(x)-want) > 1e-12*want {
		t.Errorf("Loss = %.17g, ½xᵀHx = %.17g", q.Loss(x), want)
	}
}

func TestDeepSpectrum(t *testing.T) {
	l := surfaces.DeepSpectrum(100, 1)
	var small, large int
	for _, v := range l {
		switch {
		case v > 0 && v <= 1:
			small++
		case v >= 30 && v < 60:
			large++
		default:
			t.Errorf("eigenvalue %g outside (0, 1] and [30, 60)", v)
		}
	}
	if small != 90 || large != 10 {
		t.Errorf("DeepSpectrum(100): %d small, %d large; want 90 and 10", small, large)
	}
	if l2 := surfaces.DeepSpectrum(100, 2); slices.Equal(l, l2) {
		t.Error("seeds 1 and 2 gave the same spectrum")
	}
	if l2 := surfaces.DeepSpectrum(2, 1); !(l2[0] <= 1 && l2[1] >= 30) {
		t.Errorf("DeepSpectrum(2) = %v, want one small and one large eigenvalue", l2)
	}
}

// The axis-aligned quadratic and the sphere are O(n): a million
// dimensions build and evaluate at once, with the diagonal spectrum's
// gradient exactly λ_i x_i.
func TestDiagonalSurfacesScale(t *testing.T) {
	const n = 1_000_000
	for _, name := range []string{"quadratic", "deepquadratic", "sphere", "rosenbrock", "rastrigin", "styblinskitang"} {
		params := map[string]float64(nil)
		if name == "deepquadratic" {
			params = map[string]float64{"rotate": 0}
		}
		s, err := surfaces.New(name, params, n)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		x := s.Start()
		g := make([]float64, n)
		s.Grad(g, x)
		if f := s.Loss(x); math.IsNaN(f) || math.IsInf(f, 0) || len(x) != n {
			t.Errorf("%s in %d dimensions: f(start) = %g, len %d", name, n, f, len(x))
		}
		if q, ok := s.(surfaces.Quadratic); ok {
			for _, i := range []int{0, n / 2, n - 1} {
				if g[i] != q.Lambda[i]*x[i] {
					t.Errorf("%s: g[%d] = %g, want λx = %g", name, i, g[i], q.Lambda[i]*x[i])
				}
			}
		}
	}
}

func TestRotationLimit(t *testing.T) {
	n := surfaces.MaxRotatedDim + 1
	for _, name := range []string{"quadratic", "deepquadratic"} {
		p := surfaces.Check(name, map[string]float64{"rotate": 1}, n)
		if len(p) != 1 || p[0].Path != "dim" || !strings.Contains(p[0].Msg, "rotate: 0") {
			t.Errorf("Check(%s, rotate 1, dim %d) = %v, want one dim problem naming rotate: 0", name, n, p)
		}
		if p := surfaces.Check(name, map[string]float64{"rotate": 0}, n); len(p) != 0 {
			t.Errorf("Check(%s, rotate 0, dim %d) = %v, want none", name, n, p)
		}
	}
	for _, bad := range []map[string]float64{{"rotate": 2}, {"seed": -1}, {"seed": 1.5}, {"kappa": 0.5}, {"lambda_max": 0}} {
		if p := surfaces.Check("quadratic", bad, 3); len(p) != 1 {
			t.Errorf("Check(quadratic, %v) = %v, want one problem", bad, p)
		}
	}
}
