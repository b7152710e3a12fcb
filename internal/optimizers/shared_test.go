package optimizers

import (
	"math"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
)

// tableCase is one optimizer configuration of the shared table.
type tableCase struct {
	label string
	cfg   Config
	lr    float64 // a rate that makes progress on 5-D Rosenbrock
}

func lrOnly(name string, lr float64) Config {
	return Config{Name: name, Values: map[string]float64{"lr": lr}}
}

func withChoice(c Config, k, v string) Config {
	c.Choices = map[string]string{k: v}
	return c
}

func epsInside(c Config) Config {
	c.Flags = map[string]bool{"eps_inside_sqrt": true}
	return c
}

func samOver(base Config) Config {
	return Config{Name: "sam", Values: map[string]float64{"rho": 0.05}, Base: &base}
}

// table lists every form/policy/flag of the optimizers, sam over several
// bases, and every other registered optimizer at its defaults (a wrapper
// over its default base), so a new optimizer is in the table by being in
// the registry.
func table() []tableCase {
	cases := variants()
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.cfg.Name] = true
	}
	for _, spec := range Specs() {
		if listed[spec.Name] {
			continue
		}
		c := Config{Name: spec.Name}
		if spec.HasBase {
			c.Base = &Config{Name: spec.DefaultBase}
		}
		h, err := Resolve(c)
		if err != nil {
			panic(err)
		}
		cases = append(cases, tableCase{spec.Name, c, h.LR()})
	}
	return cases
}

// variants are the hand-picked cases: every form, policy and flag.
func variants() []tableCase {
	return []tableCase{
		{"sgd", lrOnly("sgd", 1e-3), 1e-3},
		{"gd", lrOnly("gd", 1e-3), 1e-3},
		{"momentum/common", withChoice(lrOnly("momentum", 1e-4), "form", "common"), 1e-4},
		{"momentum/ewma", withChoice(lrOnly("momentum", 1e-3), "form", "ewma"), 1e-3},
		{"momentum/standard", withChoice(lrOnly("momentum", 1e-4), "form", "standard"), 1e-4},
		{"nesterov", lrOnly("nesterov", 1e-4), 1e-4},
		{"adagrad", lrOnly("adagrad", 0.1), 0.1},
		{"adagrad/eps_inside", epsInside(lrOnly("adagrad", 0.1)), 0.1},
		{"rmsprop", lrOnly("rmsprop", 1e-2), 1e-2},
		{"rmsprop/eps_inside", epsInside(lrOnly("rmsprop", 1e-2)), 1e-2},
		{"adam", lrOnly("adam", 1e-2), 1e-2},
		{"adam/eps_inside", epsInside(lrOnly("adam", 1e-2)), 1e-2},
		{"radam", lrOnly("radam", 1e-4), 1e-4}, // first steps are lr·ŝ: SGD-sized
		{"radam/eps_inside", epsInside(lrOnly("radam", 1e-4)), 1e-4},
		{"newton/stop", lrOnly("newton", 1), 1},
		{"newton/solve", withChoice(lrOnly("newton", 1), "on_indefinite", "solve"), 1},
		{"newton/saddle_free", withChoice(lrOnly("newton", 0.5), "on_indefinite", "saddle_free"), 0.5},
		{"newton/damped", Config{Name: "newton", Values: map[string]float64{"lr": 1, "damping": 10}}, 1},
		{"sam/sgd", samOver(lrOnly("sgd", 1e-3)), 1e-3},
		{"sam/momentum", samOver(lrOnly("momentum", 1e-4)), 1e-4},
		{"sam/nesterov", samOver(lrOnly("nesterov", 1e-4)), 1e-4},
		{"sam/adam", samOver(lrOnly("adam", 1e-2)), 1e-2},
		{"sam/newton", samOver(withChoice(lrOnly("newton", 1), "on_indefinite", "saddle_free")), 1},
	}
}

// fataler is the part of testing.TB and *rapid.T that mustNew needs.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

func mustNew(t fataler, c Config) Optimizer {
	t.Helper()
	o, err := New(c)
	if err != nil {
		t.Fatalf("New(%+v): %v", c, err)
	}
	return o
}

// run takes steps updates from x0 on s with a constant lr; it returns the
// path's last point and the first error.
func run(o Optimizer, s surfaces.Surface, x0 []float64, steps int, lr float64) ([]float64, error) {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	o.Init(len(x))
	for t := 1; t <= steps; t++ {
		s.Grad(g, x)
		if err := o.Step(x, g, t, lr, s); err != nil {
			return x, err
		}
	}
	return x, nil
}

func TestTableCoversEveryOptimizer(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range table() {
		seen[c.cfg.Name] = true
	}
	for _, name := range Names() {
		if !seen[name] {
			t.Errorf("optimizer %s missing from the shared test table", name)
		}
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	var s Oracle = &surfaces.Rosenbrock{A: 1, B: 100, N: 5} // no conversion per call
	for _, c := range table() {
		t.Run(c.label, func(t *testing.T) {
			o := mustNew(t, c.cfg)
			x := []float64{0.9, 0.8, 0.7, 0.5, 0.3}
			g := make([]float64, len(x))
			o.Init(len(x))
			step := 0
			allocs := testing.AllocsPerRun(50, func() {
				step++
				s.Grad(g, x)
				_ = o.Step(x, g, step, c.lr*0.01, s)
			})
			if allocs != 0 {
				t.Errorf("Step allocates %v times per call", allocs)
			}
		})
	}
}

func TestInitResetsState(t *testing.T) {
	for _, c := range table() {
		t.Run(c.label, func(t *testing.T) {
			o := mustNew(t, c.cfg)
			a, errA := run(o, rosen, rosen.Start(), 30, c.lr)
			b, errB := run(o, rosen, rosen.Start(), 30, c.lr) // run calls Init again
			if errA != errB || !sameFloats(a, b) {
				t.Errorf("second run after Init: %v (%v), first %v (%v)", b, errB, a, errA)
			}
		})
	}
}

func TestStaysAtMinimum(t *testing.T) {
	s := surfaces.Rosenbrock{A: 1, B: 100, N: 4}
	for _, c := range table() {
		t.Run(c.label, func(t *testing.T) {
			x, err := run(mustNew(t, c.cfg), s, []float64{1, 1, 1, 1}, 10, c.lr)
			if err != nil || !sameFloats(x, []float64{1, 1, 1, 1}) {
				t.Errorf("from the minimum: %v, %v", x, err)
			}
		})
	}
}

// TestMakesProgress runs every optimizer on 5-D Rosenbrock from its standard
// start: the path stays finite and the loss goes down.
func TestMakesProgress(t *testing.T) {
	s := surfaces.Rosenbrock{A: 1, B: 100, N: 5}
	x0 := s.Start()
	for _, c := range table() {
		t.Run(c.label, func(t *testing.T) {
			x, err := run(mustNew(t, c.cfg), s, x0, 200, c.lr)
			if err != nil {
				t.Fatal(err)
			}
			f0, f := s.Loss(x0), s.Loss(x)
			if math.IsNaN(f) || !(f < f0) {
				t.Errorf("loss %g after 200 steps, start %g (x = %v)", f, f0, x)
			}
		})
	}
}

func TestSpecsConsistent(t *testing.T) {
	names := Names()
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Errorf("Names not sorted and unique: %v", names)
		}
	}
	for _, s := range Specs() {
		if s.Summary == "" || len(s.Rule) == 0 || s.New == nil {
			t.Errorf("%s: incomplete spec", s.Name)
		}
		hasLR := false
		for _, p := range s.Params {
			hasLR = hasLR || p.Name == "lr"
			if p.Check != nil {
				if err := p.Check(p.Default); err != nil {
					t.Errorf("%s.%s: default %g fails its check: %v", s.Name, p.Name, p.Default, err)
				}
			}
		}
		if hasLR == s.HasBase {
			t.Errorf("%s: has lr %v, has base %v: exactly one expected", s.Name, hasLR, s.HasBase)
		}
		for _, ch := range s.Choices {
			if len(ch.Values) == 0 {
				t.Errorf("%s.%s: no values", s.Name, ch.Name)
			}
		}
		if got, ok := Lookup(s.Name); !ok || got.Name != s.Name {
			t.Errorf("Lookup(%q) failed", s.Name)
		}
	}
}

func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}
