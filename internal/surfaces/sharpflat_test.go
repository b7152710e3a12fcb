package surfaces

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSharpFlatSharpness(t *testing.T) {
	for _, s := range []SharpFlat{
		{Ratio: 25, Flat: 1, Sep: 3}, // the defaults
		{Ratio: 50, Flat: 0.3, Sep: 2},
		{Ratio: 20, Flat: 4, Sep: 6},
	} {
		ms := s.Minima()
		if len(ms) != 3 || ms[0].Name != "sharp" || ms[1].Name != "flat" || ms[2].Kind != "saddle" {
			t.Fatalf("%+v: minima %v, want sharp, flat and the saddle", s, ms)
		}
		lmax := func(x []float64) float64 {
			h := mat.NewSymDense(2, nil)
			s.Hessian(h, x)
			var es mat.EigenSym
			if !es.Factorize(h, false) {
				t.Fatal("EigenSym failed")
			}
			return es.Values(nil)[1]
		}
		sharp, flat := lmax(ms[0].X), lmax(ms[1].X)
		if !(sharp >= 20*flat) {
			t.Errorf("%+v: λmax sharp %g < 20 × λmax flat %g", s, sharp, flat)
		}
		// The ratio is exact by construction.
		if r := sharp / flat; math.Abs(r-s.Ratio) > 1e-12*s.Ratio {
			t.Errorf("%+v: λmax ratio %.15g, want %g", s, r, s.Ratio)
		}
		if ms[0].Value != 0 || ms[1].Value != 0 {
			t.Errorf("%+v: minima values %g, %g, want 0, 0", s, ms[0].Value, ms[1].Value)
		}
	}
}

// The documented saddle between the basins is stationary and indefinite,
// and f is 0 only at the two minima (f > 0 on a grid over the window).
func TestSharpFlatLandscape(t *testing.T) {
	s := SharpFlat{Ratio: 25, Flat: 1, Sep: 3}
	x := s.saddle()
	g := make([]float64, 2)
	s.Grad(g, x)
	if math.Hypot(g[0], g[1]) > 1e-12 {
		t.Errorf("saddle %v: ∇f = %v", x, g)
	}
	h := mat.NewSymDense(2, nil)
	s.Hessian(h, x)
	var es mat.EigenSym
	es.Factorize(h, false)
	if ev := es.Values(nil); !(ev[0] < 0 && ev[1] > 0) {
		t.Errorf("saddle %v: eigenvalues %v", x, ev)
	}
	lo, hi := s.Bounds()
	for i := 0; i <= 40; i++ {
		for j := 0; j <= 40; j++ {
			p := []float64{lo[0] + (hi[0]-lo[0])*float64(i)/40 + 1e-3, lo[1] + (hi[1]-lo[1])*float64(j)/40}
			if f := s.Loss(p); !(f > 0) {
				t.Errorf("f(%v) = %g, want > 0", p, f)
			}
		}
	}
}

// Gradient descent from the standard start ends in the sharp minimum for a
// step below 2/λmax(sharp) and in the flat one for a large step.
func TestSharpFlatTeachingPicture(t *testing.T) {
	s := SharpFlat{Ratio: 25, Flat: 1, Sep: 3}
	run := func(lr float64) []float64 {
		x, g := s.Start(), make([]float64, 2)
		for k := 0; k < 5000; k++ {
			s.Grad(g, x)
			x[0] -= lr * g[0]
			x[1] -= lr * g[1]
		}
		return x
	}
	if x := run(0.05); math.Hypot(x[0]+1.5, x[1]) > 1e-6 {
		t.Errorf("lr 0.05 ends at %v, want the sharp minimum", x)
	}
	if x := run(0.5); math.Hypot(x[0]-1.5, x[1]) > 1e-6 {
		t.Errorf("lr 0.5 ends at %v, want the flat minimum", x)
	}
}
