package presets

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/surfaces"
)

// Power iteration finds the largest |eigenvalue| of the Hessian at the
// points, through HessVec (quadratic, sphere) or differences of the
// gradient (rosenbrock, rastrigin), checked against the eigenvalues of
// the dense Hessian; and a 10⁶-dimensional surface gets its curvature
// without a dense matrix.
func TestLargeCurvature(t *testing.T) {
	for _, name := range []string{"quadratic", "sphere", "rosenbrock", "rastrigin", "styblinskitang"} {
		s, err := surfaces.New(name, map[string]float64{}, 200)
		if err != nil {
			t.Fatal(err)
		}
		pts := [][]float64{s.Start()}
		var want float64
		for _, x := range pts {
			h := mat.NewSymDense(200, nil)
			s.Hessian(h, x)
			var es mat.EigenSym
			if !es.Factorize(h, false) {
				t.Fatal("EigenSym failed")
			}
			ev := es.Values(nil)
			want = math.Max(want, math.Max(math.Abs(ev[0]), math.Abs(ev[len(ev)-1])))
		}
		if got := largeCurvature(s, pts); !(math.Abs(got-want) <= 0.05*want) {
			t.Errorf("%s at n = 200: power iteration %g, eigenvalues give %g", name, got, want)
		}
	}
	s, err := surfaces.New("rosenbrock", nil, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if L := curvature(s); !(L > 100 && L < 1e4) {
		t.Errorf("rosenbrock at n = 10⁶: curvature %g", L)
	}
}
