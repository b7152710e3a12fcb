package landscape

import (
	"math"
	"sync"
	"testing"
)

// quadratic is ½·Σ h_k·x_k², whose slices are known in closed form.
func quadratic(h []float64) Loss {
	return func(x []float64) float64 {
		var s float64
		for k, v := range x {
			s += 0.5 * h[k] * v * v
		}
		return s
	}
}

func parallelDo(jobs int, fn func(i int)) {
	var wg sync.WaitGroup
	for i := 0; i < jobs; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); fn(i) }()
	}
	wg.Wait()
}

// TestDirectionFilterNormalised: each filter of the direction has the norm
// of x's weights there, everything outside the filters is zero, the same
// seed gives the same bits and another k another direction.
func TestDirectionFilterNormalised(t *testing.T) {
	x := []float64{1, -2, 2, 0.5, 3, 0, 4, -1, 7}
	filters := []Filter{{0, 3}, {3, 5}, {6, 8}}
	d, err := Direction(x, filters, 5, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range filters {
		var nd, nx float64
		for i := f.Lo; i < f.Hi; i++ {
			nd += d[i] * d[i]
			nx += x[i] * x[i]
		}
		if math.Abs(math.Sqrt(nd)-math.Sqrt(nx)) > 1e-12*math.Sqrt(nx) {
			t.Errorf("filter %v: ‖d‖ = %g, ‖x‖ = %g", f, math.Sqrt(nd), math.Sqrt(nx))
		}
	}
	if d[5] != 0 || d[8] != 0 {
		t.Errorf("outside the filters d = %g, %g, want 0", d[5], d[8])
	}
	again, _ := Direction(x, filters, 5, 0)
	other, _ := Direction(x, filters, 5, 1)
	same, differ := true, false
	for i := range d {
		same = same && math.Float64bits(d[i]) == math.Float64bits(again[i])
		differ = differ || d[i] != other[i]
	}
	if !same || !differ {
		t.Errorf("same seed same bits: %v; k = 1 differs: %v", same, differ)
	}
	if _, err := Direction(x, []Filter{{7, 12}}, 1, 0); err == nil {
		t.Errorf("a filter past the parameters was accepted")
	}
}

// TestSlicesOfAQuadratic: along a line, between two points and over a
// plane the samples are the quadratic's closed forms, in order and in
// parallel alike.
func TestSlicesOfAQuadratic(t *testing.T) {
	h := []float64{1, 25, 4}
	loss := quadratic(h)
	x := []float64{0.3, -0.1, 0.2}
	d1 := []float64{1, 0, 0}
	d2 := []float64{0, 0.5, 0.5}
	alphas := Range(-0.5, 1.5, 9)
	if alphas[0] != -0.5 || alphas[8] != 1.5 || alphas[2] != 0 {
		t.Fatalf("Range: %v", alphas)
	}
	for _, do := range []Do{nil, parallelDo} {
		line := Line(loss, x, d1, alphas, do)
		for i, a := range alphas {
			want := loss(x) + h[0]*x[0]*a + 0.5*h[0]*a*a
			if math.Abs(line[i]-want) > 1e-14 {
				t.Errorf("line at %g: %g, want %g", a, line[i], want)
			}
		}
		to := []float64{1, 1, 1}
		in := Interpolation(loss, x, to, alphas, do)
		if math.Abs(in[2]-loss(x)) > 1e-15 || math.Abs(in[6]-loss(to)) > 1e-14 {
			t.Errorf("interpolation ends %g, %g; want %g, %g", in[2], in[6], loss(x), loss(to))
		}
		betas := Range(-1, 1, 5)
		pl := Plane(loss, x, d1, d2, alphas, betas, do)
		for j, b := range betas {
			for i, a := range alphas {
				p := []float64{x[0] + a, x[1] + 0.5*b, x[2] + 0.5*b}
				if got, want := pl[j*len(alphas)+i], loss(p); math.Abs(got-want) > 1e-14 {
					t.Errorf("plane at (%g, %g): %g, want %g", a, b, got, want)
				}
			}
		}
	}
}
