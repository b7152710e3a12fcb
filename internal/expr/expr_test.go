package expr

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/surfaces"
)

// Builtins are the expression forms of three built-in surfaces; the tests
// and the reference-trajectory test in cli run them side by side.
var builtins = []struct{ name, src string }{
	{"rosenbrock", "(1-x)^2 + 100*(y-x^2)^2"},
	{"beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2"},
	{"himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"},
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func TestMatchesBuiltins(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range builtins {
		s, _ := surfaces.New(c.name, nil, 2)
		e, err := New(Spec{Expr: c.src, Minima: [][]float64{}})
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := s.Bounds()
		g1, g2 := make([]float64, 2), make([]float64, 2)
		h1, h2 := mat.NewSymDense(2, nil), mat.NewSymDense(2, nil)
		for k := 0; k < 500; k++ {
			x := []float64{lo[0] + rng.Float64()*(hi[0]-lo[0]), lo[1] + rng.Float64()*(hi[1]-lo[1])}
			if !relClose(s.Loss(x), e.Loss(x), 1e-12) {
				t.Fatalf("%s loss at %v: %g vs %g", c.name, x, s.Loss(x), e.Loss(x))
			}
			s.Grad(g1, x)
			e.Grad(g2, x)
			s.Hessian(h1, x)
			e.Hessian(h2, x)
			for i := 0; i < 2; i++ {
				if !relClose(g1[i], g2[i], 1e-12) {
					t.Fatalf("%s ∂%d at %v: built-in %.17g, expr %.17g", c.name, i, x, g1[i], g2[i])
				}
				for j := 0; j < 2; j++ {
					if !relClose(h1.At(i, j), h2.At(i, j), 1e-12) {
						t.Fatalf("%s H%d%d at %v: built-in %.17g, expr %.17g", c.name, i, j, x, h1.At(i, j), h2.At(i, j))
					}
				}
			}
		}
	}
}

// Every function and operator of the grammar, differentiated against
// central finite differences of the value (gradient) and of the gradient
// (Hessian), at random points inside each function's domain.
func TestDerivativesAgainstFiniteDifferences(t *testing.T) {
	cases := []string{
		"sin(x*y)", "cos(x+2*y)", "tan(0.3*x - 0.2*y)", "exp(0.5*x*y)", "log(x^2 + y^2 + 1)",
		"sqrt(x^2 + y + 5)", "abs(x - 0.1) * y", "tanh(x*y)", "sinh(x - y)", "cosh(x*y/2)",
		"atan(x*y)", "min(x^2, y) + max(x, y^2)", "min(x, y, x*y)", "max(x, 2*y, x+y)",
		"x/y + y/(x+3)", "(x+3)^(y+2)", "2^(x*y)", "x^3*y^-2 + x^0.5 + 3/x", "-x^2 + -(y)^3",
		"pi*x + e*y", "x - 3 - y", "(x*y)^2 - 4",
		// each fused step of the program (compile.go) on its own
		"(x - y)^2 + 3*x^2*y", "(x + y)^2 * y", "(2 - x*y)^2 + (x*y + 1)^2", "0.5*(x - y^2)^2 + x",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	g, gp, gm := make([]float64, 2), make([]float64, 2), make([]float64, 2)
	h := mat.NewSymDense(2, nil)
	for _, src := range cases {
		tp, err := Parse(src, []string{"x", "y"}, nil)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for k := 0; k < 20; k++ {
			x := []float64{0.3 + 1.2*rng.Float64(), 0.4 + 1.1*rng.Float64()}
			if strings.Contains(src, "min") || strings.Contains(src, "max") || strings.Contains(src, "abs") {
				// away from the kinks, where the derivative is one-sided
				if math.Abs(x[0]*x[0]-x[1]) < 0.05 || math.Abs(x[0]-x[1]*x[1]) < 0.05 || math.Abs(x[0]-x[1]) < 0.05 ||
					math.Abs(x[0]-0.1) < 0.05 || math.Abs(x[0]-2*x[1]) < 0.05 || math.Abs(x[1]) < 0.05 || math.Abs(x[0]*x[1]-x[0]) < 0.05 || math.Abs(x[0]*x[1]-x[1]) < 0.05 {
					continue
				}
			}
			tp.Grad(g, x)
			tp.Hessian(h, x)
			for i := 0; i < 2; i++ {
				const step = 1e-5
				xp := append([]float64(nil), x...)
				xm := append([]float64(nil), x...)
				xp[i] += step
				xm[i] -= step
				fd := (tp.Loss(xp) - tp.Loss(xm)) / (2 * step)
				if !relClose(fd, g[i], 1e-6) {
					t.Errorf("%s: ∂%d at %v: AD %.12g, FD %.12g", src, i, x, g[i], fd)
				}
				tp.Grad(gp, xp)
				tp.Grad(gm, xm)
				for j := 0; j < 2; j++ {
					fd := (gp[j] - gm[j]) / (2 * step)
					if !relClose(fd, h.At(i, j), 1e-5) {
						t.Errorf("%s: H%d%d at %v: AD %.12g, FD %.12g", src, i, j, x, h.At(i, j), fd)
					}
				}
			}
		}
	}
}

func TestGrammar(t *testing.T) {
	for _, c := range []struct {
		src  string
		x    []float64
		want float64
	}{
		{"-x^2", []float64{3, 0}, -9},
		{"2^3^2", nil, 512},
		{"-2^2", nil, -4},
		{"2^-1", nil, 0.5},
		{"1e-3*x", []float64{2, 0}, 0.002},
		{"2.5E+2", nil, 250},
		{"x - y - 1", []float64{5, 1}, 3},
		{"x / y / 2", []float64{8, 2}, 2},
		{"a*x + b", []float64{2, 0}, 7},
		{"pi", nil, math.Pi},
		{"e^x", []float64{1, 0}, math.E},
		{"max(x, y, 7)", []float64{1, 2}, 7},
		{"(x)", []float64{4, 0}, 4},
		{"--x", []float64{4, 0}, 4},
	} {
		tp, err := Parse(c.src, []string{"x", "y"}, map[string]float64{"a": 3, "b": 1})
		if err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		x := c.x
		if x == nil {
			x = []float64{0, 0}
		}
		if got := tp.Loss(x); !relClose(got, c.want, 1e-15) {
			t.Errorf("%s at %v = %g, want %g", c.src, x, got, c.want)
		}
	}
}

func TestErrors(t *testing.T) {
	for _, c := range []struct {
		src, want string
		col       int
	}{
		{"sine(x)", "unknown function \"sine\"", 1},
		{"x + z", "unknown variable \"z\"", 5},
		{"(x + y", "'(' is never closed", 1},
		{"x + y)", "')' without '('", 6},
		{"x +", "trailing operator", 4},
		{"x * * y", "'*' where", 5},
		{"", "empty", 1},
		{"sin x", "needs its argument in parentheses", 1},
		{"min(x)", "two or more", 1},
		{"sin(x, y)", "one argument", 1},
		{"x $ y", "unexpected", 3},
		{"1.2.3", "bad number", 1},
	} {
		_, err := Parse(c.src, []string{"x", "y"}, nil)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: want *Error, got %v", c.src, err)
		}
		if !strings.Contains(e.Error(), c.want) || e.Column() != c.col {
			t.Errorf("%q: got %q at column %d, want %q at column %d", c.src, e.Error(), e.Column(), c.want, c.col)
		}
		lines := strings.Split(e.Error(), "\n")
		if len(lines) != 3 || strings.Index(lines[2], "^")-4 != c.col-1 {
			t.Errorf("%q: caret not under column %d:\n%s", c.src, c.col, e.Error())
		}
	}
	// A domain error at the start points at the operation.
	_, err := New(Spec{Expr: "x + log(y)", Start: []float64{1, -1}})
	var e *Error
	if !errors.As(err, &e) || e.Column() != 5 || !strings.Contains(e.Msg, "log of -1") {
		t.Fatalf("domain error: %v", err)
	}
}

func TestNoAllocation(t *testing.T) {
	if raceEnabled {
		t.Skip("sync.Pool drops items under the race detector")
	}
	for _, src := range []string{builtins[0].src, strings.Repeat("sin(x)*cos(y) + ", 30) + "x"} {
		tp, err := Parse(src, []string{"x", "y"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		x, g := []float64{0.3, 0.7}, make([]float64, 2)
		h := mat.NewSymDense(2, nil)
		tp.Hessian(h, x) // fills the pool
		tp.Grad(g, x)
		if a := testing.AllocsPerRun(100, func() { tp.Loss(x); tp.Grad(g, x) }); a != 0 {
			t.Errorf("%d slots: %v allocations per Loss+Grad", tp.slots(), a)
		}
		if a := testing.AllocsPerRun(100, func() { tp.Hessian(h, x) }); a != 0 {
			t.Errorf("%d slots: %v allocations per Hessian", tp.slots(), a)
		}
	}
}

// The program fuses Rosenbrock's seven instructions into four steps: the
// speed of every expression that is not a sum of terms (terms.go)
// depends on it.
func TestFusion(t *testing.T) {
	tp, err := Parse(builtins[0].src, []string{"x", "y"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if tp.Len() != 7 || len(tp.prog.steps) != 4 {
		t.Errorf("%d instructions in %d steps, want 7 in 4", tp.Len(), len(tp.prog.steps))
	}
}

// One tape used from many goroutines at once: a sum of terms, stack
// scratch for a small tape, the pool for a large one; every gradient is
// the serial one.
func TestConcurrentUse(t *testing.T) {
	for _, src := range []string{builtins[0].src, builtins[1].src, strings.Repeat("sin(x)*cos(y) + ", 30) + "x"} {
		tp, err := Parse(src, []string{"x", "y"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		pts := make([][]float64, 64)
		want := make([][]float64, len(pts))
		for i := range pts {
			pts[i] = []float64{-1 + 0.03*float64(i), 0.5 - 0.02*float64(i)}
			want[i] = make([]float64, 2)
			tp.Grad(want[i], pts[i])
		}
		errs := make(chan string, 8)
		for w := 0; w < 8; w++ {
			go func() {
				g := make([]float64, 2)
				for r := 0; r < 50; r++ {
					for i, x := range pts {
						tp.Grad(g, x)
						if g[0] != want[i][0] || g[1] != want[i][1] {
							errs <- fmt.Sprintf("%d slots at %v: %v, serial %v", tp.slots(), x, g, want[i])
							return
						}
					}
				}
				errs <- ""
			}()
		}
		for w := 0; w < 8; w++ {
			if e := <-errs; e != "" {
				t.Error(e)
			}
		}
	}
}

func TestMinimaSearch(t *testing.T) {
	s, err := New(Spec{Expr: builtins[2].src, Window: [][2]float64{{-5, 5}, {-5, 5}}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.MinimaFound() {
		t.Fatal("minima not marked as found")
	}
	h, _ := surfaces.New("himmelblau", nil, 2)
	want := h.Minima()
	got := s.Minima()
	if len(got) != len(want) {
		t.Fatalf("found %d minima of Himmelblau, want %d: %+v", len(got), len(want), got)
	}
	for _, w := range want {
		ok := false
		for _, g := range got {
			if math.Hypot(g.X[0]-w.X[0], g.X[1]-w.X[1]) < 1e-6 && g.Name == "found global" {
				ok = true
			}
		}
		if !ok {
			t.Errorf("minimum %v not found: %+v", w.X, got)
		}
	}
}

func BenchmarkGrad(b *testing.B) {
	x, g := []float64{-1.2, 1}, make([]float64, 2)
	b.Run("builtin", func(b *testing.B) {
		var s surfaces.Surface = surfaces.Rosenbrock{A: 1, B: 100}
		for b.Loop() {
			s.Grad(g, x)
		}
	})
	b.Run("expr", func(b *testing.B) {
		s, _ := New(Spec{Expr: builtins[0].src, Minima: [][]float64{}})
		var p interface{ Grad(dst, x []float64) } = s
		for b.Loop() {
			p.Grad(g, x)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, c := range builtins {
		f.Add(c.src)
	}
	for _, s := range []string{"-x^2", "sin(x)*cos(y)", "min(x,y,1)", "(((x", "x+", "1e-3", "2^3^-x", "log(-1)", "é + x", "x^2 + 3*y + (x-y)^2 + 2*(y-x^2)^2", "(x - x^2)^2 + 0.5*(y-x)^2 + (y+1)^2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		tp, err := Parse(src, []string{"x", "y"}, map[string]float64{"a": 2})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%q: error without a position: %v", src, err)
			}
			if e.Pos < 0 || e.Pos > len(src) {
				t.Fatalf("%q: position %d outside the text", src, e.Pos)
			}
			return
		}
		x, g := []float64{0.5, -0.25}, make([]float64, 2)
		y := tp.Loss(x)
		tp.Grad(g, x)
		if !tp.konst {
			// The fused program, or the closed form of a sum of terms,
			// against the tape itself, walked instruction by instruction:
			// the same values and the same gradient.
			want, adj := tapeReference(tp, x)
			if y != want && !(math.IsNaN(y) && math.IsNaN(want)) {
				t.Fatalf("%q: Loss %v, tape %v", src, y, want)
			}
			for i := range g {
				// Bit for bit: a fused step stands where its outer
				// instruction did, and its inner one came right before.
				// (Only overflow may differ: (w·2)·a against w·(2a).)
				if g[i] != adj[i] && !bad(g[i]) && !bad(adj[i]) {
					t.Fatalf("%q: ∂%d %v, tape %v", src, i, g[i], adj[i])
				}
			}
		}
		tp.Hessian(mat.NewSymDense(2, nil), x)
		_ = tp.Check(x)
	})
}
