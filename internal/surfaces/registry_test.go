package surfaces_test

import (
	"math"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
	"gonum.org/v1/gonum/mat"
)

func TestSpecsAndSurfacesAgree(t *testing.T) {
	for _, c := range allCases(t) {
		if c.s.Name() != c.spec.Name {
			t.Errorf("%s: Name() = %q", c.label, c.s.Name())
		}
		if c.spec.Summary == "" || c.spec.Formula == "" || c.spec.New == nil {
			t.Errorf("%s: incomplete Spec", c.label)
		}
		n := c.s.Dim()
		if !c.spec.AnyDim && n != 2 {
			t.Errorf("%s: 2-D family reports Dim %d", c.label, n)
		}
		if got := len(c.s.Start()); got != n {
			t.Errorf("%s: len(Start()) = %d, Dim %d", c.label, got, n)
		}
		// Start returns a fresh slice.
		s := c.s.Start()
		s[0] = math.NaN()
		if math.IsNaN(c.s.Start()[0]) {
			t.Errorf("%s: Start shares its slice", c.label)
		}
		if f := c.s.Loss(c.s.Start()); math.IsNaN(f) || math.IsInf(f, 0) {
			t.Errorf("%s: f(Start) = %g", c.label, f)
		}
	}
	for _, spec := range surfaces.Specs() {
		for _, d := range anyDims {
			if !spec.AnyDim {
				continue
			}
			s, err := surfaces.New(spec.Name, nil, d)
			if err != nil || s.Dim() != d {
				t.Errorf("New(%q, nil, %d): Dim mismatch or error %v", spec.Name, d, err)
			}
		}
		s, err := surfaces.New(spec.Name, nil, 0)
		if err != nil || s.Dim() != 2 {
			t.Errorf("New(%q, nil, 0): want a 2-D surface, got error %v", spec.Name, err)
		}
	}
}

func TestNewAppliesParams(t *testing.T) {
	s, err := surfaces.New("rastrigin", map[string]float64{"A": 5}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s, (surfaces.Rastrigin{A: 5, N: 3}); got != surfaces.Surface(want) {
		t.Errorf("New(rastrigin, A=5, 3) = %#v, want %#v", got, want)
	}
	s, err = surfaces.New("sharpflat", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (surfaces.SharpFlat{Ratio: 25, Flat: 1, Sep: 3}); s != surfaces.Surface(want) {
		t.Errorf("New(sharpflat) = %#v, want defaults %#v", s, want)
	}
	s, err = surfaces.New("ackley", map[string]float64{"c": 1}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (surfaces.Ackley{A: 20, B: 0.2, C: 1, N: 2}); s != surfaces.Surface(want) {
		t.Errorf("New(ackley, c=1) = %#v, want %#v", s, want)
	}
}

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params map[string]float64
		dim    int
		want   []string // substrings of the error
	}{
		{"nosuch", nil, 0, []string{`"nosuch"`}},
		{"beale", nil, 3, []string{"beale", "3"}},
		{"rastrigin", nil, 1, []string{"rastrigin", "1"}},
		{"rosenbrock", map[string]float64{"c": 2.5}, 0, []string{`"c"`, "2.5", "a, b"}},
		{"beale", map[string]float64{"a": 1}, 0, []string{`"a"`, "1", "none"}},
		{"rastrigin", map[string]float64{"A": -2}, 0, []string{"rastrigin.A", "-2"}},
		{"ackley", map[string]float64{"b": 0}, 4, []string{"ackley.b", "got 0"}},
		{"ackley", map[string]float64{"a": math.NaN()}, 0, []string{"ackley.a", "NaN"}},
		{"halfpipe", map[string]float64{"angle": math.Inf(1)}, 0, []string{"halfpipe.angle", "+Inf"}},
		{"halfpipe", map[string]float64{"kappa": -1}, 0, []string{"halfpipe.kappa", "-1"}},
		{"sharpflat", map[string]float64{"ratio": 0.5}, 0, []string{"sharpflat.ratio", "0.5"}},
		{"sharpflat", map[string]float64{"flat": 0}, 0, []string{"sharpflat.flat", "0"}},
		{"sharpflat", map[string]float64{"sep": -3}, 0, []string{"sharpflat.sep", "-3"}},
	} {
		_, err := surfaces.New(tc.name, tc.params, tc.dim)
		if err == nil {
			t.Errorf("New(%q, %v, %d): no error", tc.name, tc.params, tc.dim)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("New(%q, %v, %d) = %q, want it to mention %q", tc.name, tc.params, tc.dim, err, w)
			}
		}
	}
	// Every checked parameter rejects NaN, naming itself.
	for _, spec := range surfaces.Specs() {
		for _, p := range spec.Params {
			_, err := surfaces.New(spec.Name, map[string]float64{p.Name: math.NaN()}, 0)
			if err == nil || !strings.Contains(err.Error(), spec.Name+"."+p.Name) || !strings.Contains(err.Error(), "NaN") {
				t.Errorf("New(%s, %s=NaN) = %v", spec.Name, p.Name, err)
			}
		}
	}
}

func TestNoAllocations(t *testing.T) {
	for _, c := range allCases(t) {
		x := c.s.Start()
		g := make([]float64, len(x))
		h := mat.NewSymDense(len(x), nil)
		var sink float64
		allocs := testing.AllocsPerRun(100, func() {
			sink += c.s.Loss(x)
			c.s.Grad(g, x)
		})
		if allocs != 0 {
			t.Errorf("%s: Value+Grad allocate %g times per call", c.label, allocs)
		}
		if allocs := testing.AllocsPerRun(100, func() { c.s.Hessian(h, x) }); allocs != 0 {
			t.Errorf("%s: Hessian allocates %g times per call", c.label, allocs)
		}
		_ = sink
	}
}

// TestCheckEveryProblem: Check reports every problem of a request at once,
// relative to the surface, and New shows each on a line.
func TestCheckEveryProblem(t *testing.T) {
	problems := surfaces.Check("rastrigin", map[string]float64{"A": -1, "c": 2, "d": math.NaN()}, 1)
	var got []string
	for _, p := range problems {
		got = append(got, p.Error())
	}
	want := []string{
		"dim: rastrigin needs dimension ≥ 2, got 1",
		`params.c: rastrigin has no parameter "c" (got 2; parameters: A)`,
		`params.d: rastrigin has no parameter "d" (got NaN; parameters: A)`,
		"params.A: must be > 0, got -1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Check:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	_, err := surfaces.New("rastrigin", map[string]float64{"A": -1}, 1)
	if want := "surfaces: rastrigin needs dimension ≥ 2, got 1\nsurfaces: rastrigin.A: must be > 0, got -1"; err == nil || err.Error() != want {
		t.Fatalf("New: %v, want %q", err, want)
	}
}
