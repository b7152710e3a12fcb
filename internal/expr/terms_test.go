package expr

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// tapeReference walks the tape instruction by instruction: the value and
// the reverse sweep's gradient that every faster path must reproduce bit
// for bit.
func tapeReference(tp *Tape, x []float64) (float64, []float64) {
	v := make([]float64, tp.slots())
	tp.forward(v, x)
	adj := make([]float64, tp.slots())
	adj[tp.out] = 1
	for i := len(tp.code) - 1; i >= 0; i-- {
		in := tp.code[i]
		da, db, _, _, _ := partials(in, v[in.a], v[in.b], v[tp.n+i])
		adj[in.a] += adj[tp.n+i] * da
		if in.readsB() {
			adj[in.b] += adj[tp.n+i] * db
		}
	}
	return v[tp.out], adj[:tp.n]
}

// Every term shape, alone, in sums, with repeated variables and the
// variable order swapped, takes the closed form; its values and
// gradients are the tape's bit for bit at points from 1e-3 to 1e3.
func TestSumOfTerms(t *testing.T) {
	sums := map[string]int{
		builtins[0].src: 2,
		"x^2":           1,
		"3*y":           1,
		"x^2 + 3*y + 2.5*x^2 + (x+0.3)^2 + (1.7-y)^2 + (x+y)^2 + (y-x)^2 + 7.1*(x-y)^2 + (y-x^2)^2 + 0.3*(x-y^2)^2": 10,
		"(x - x^2)^2 + 5*(x - x^2)^2 + (x - x)^2 + (y + y)^2 + 3*x + 0.1*y":                                         6,
		"(x-1)^2 + 100*(y-x^2)^2 + (y-1)^2 + 100*(z-y^2)^2":                                                         4,
		strings.Repeat("(1-x)^2 + 100*(y-x^2)^2 + ", 20) + "z^2":                                                    41,
	}
	notSums := []string{
		"x + y^2", "(1-x)^2 * 2 + y^2", "sin(x) + y^2", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "x^2 - y^2",
		"(x^2 + y^2) + (x^2 + y^2)", "2*(x^2 + y^2)", "x^2 + (y^2 + x^2)",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	vars := []string{"x", "y", "z"}
	for src, k := range sums {
		tp, err := Parse(src, vars, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(tp.terms) != k {
			t.Errorf("%q: %d terms, want %d", src, len(tp.terms), k)
			continue
		}
		g := make([]float64, 3)
		for p := 0; p < 300; p++ {
			x := make([]float64, 3)
			for i := range x {
				x[i] = (2*rng.Float64() - 1) * math.Pow(10, 6*rng.Float64()-3)
			}
			want, wantG := tapeReference(tp, x)
			if y := tp.Loss(x); y != want {
				t.Fatalf("%q at %v: Loss %.17g, tape %.17g", src, x, y, want)
			}
			tp.Grad(g, x)
			for i := range wantG {
				if g[i] != wantG[i] {
					t.Fatalf("%q at %v: ∂%d %.17g, tape %.17g", src, x, i, g[i], wantG[i])
				}
			}
		}
	}
	for _, src := range notSums {
		tp, err := Parse(src, vars, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tp.terms != nil {
			t.Errorf("%q taken as a sum of %d terms", src, len(tp.terms))
		}
	}
}
