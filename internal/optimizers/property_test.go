package optimizers

import (
	"errors"
	"math"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
	"pgregory.net/rapid"
)

// TestGDDecreasesQuadratic: on a quadratic with Hessian eigenvalues 1 and κ,
// gradient descent with lr < 2/λmax lowers the loss at every step.
func TestGDDecreasesQuadratic(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		q := surfaces.Halfpipe{Kappa: rapid.Float64Range(0.05, 200).Draw(rt, "kappa"), Angle: rapid.Float64Range(0, 180).Draw(rt, "angle")}
		lr := rapid.Float64Range(0.01, 0.95).Draw(rt, "c") * 2 / math.Max(1, q.Kappa)
		x := []float64{rapid.Float64Range(-10, 10).Draw(rt, "x0"), rapid.Float64Range(-10, 10).Draw(rt, "x1")}
		o := mustNew(rt, lrOnly("sgd", lr))
		o.Init(2)
		g := make([]float64, 2)
		f := q.Loss(x)
		for step := 1; step <= 100 && f > 1e-200; step++ {
			q.Grad(g, x)
			_ = o.Step(x, g, step, lr, q)
			if fn := q.Loss(x); !(fn < f) {
				rt.Fatalf("step %d: loss %g -> %g", step, f, fn)
			} else {
				f = fn
			}
		}
	})
}

// path runs o for steps updates and returns every iterate and the first error.
func path(o Optimizer, s surfaces.Surface, x0 []float64, steps int, lr float64) ([][]float64, error) {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	o.Init(len(x))
	var xs [][]float64
	for t := 1; t <= steps; t++ {
		s.Grad(g, x)
		if err := o.Step(x, g, t, lr, s); err != nil {
			return xs, err
		}
		xs = append(xs, append([]float64(nil), x...))
	}
	return xs, nil
}

func samePaths(a, b [][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameFloats(a[i], b[i]) {
			return false
		}
	}
	return true
}

func drawStart(rt *rapid.T) []float64 {
	return []float64{rapid.Float64Range(-2, 2).Draw(rt, "x0"), rapid.Float64Range(-1, 3).Draw(rt, "x1")}
}

// TestSAMRhoZeroIsBase: with ρ = 0 the ascent step vanishes and SAM takes
// exactly its base's steps, for every base in the shared table.
func TestSAMRhoZeroIsBase(t *testing.T) {
	var bases []Config
	for _, c := range table() {
		if c.cfg.Name != "sam" {
			bases = append(bases, c.cfg)
		}
	}
	rapid.Check(t, func(rt *rapid.T) {
		base := rapid.SampledFrom(bases).Draw(rt, "base")
		x0 := drawStart(rt)
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		lr := base.Values["lr"]
		want, errW := path(mustNew(rt, base), rosen, x0, steps, lr)
		sam := Config{Name: "sam", Values: map[string]float64{"rho": 0}, Base: &base}
		got, errG := path(mustNew(rt, sam), rosen, x0, steps, lr)
		if !errors.Is(errG, errW) || !samePaths(got, want) {
			rt.Fatalf("sam(rho=0, %s) differs from its base:\n%v (%v)\n%v (%v)", base.Name, got, errG, want, errW)
		}
	})
}

// TestMomentumZeroIsSGD: α = 0 makes the common and ewma forms plain sgd,
// exactly (torch's fused x ← fma(−lr, v, x) with v = g). The standard form
// rounds lr·g before adding it (v ← α·v − lr·g; x ← x + v, NumPy's order),
// so with α = 0 it is exactly the unfused x ← x − lr·g.
func TestMomentumZeroIsSGD(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		form := rapid.SampledFrom(momentumForms).Draw(rt, "form")
		x0 := drawStart(rt)
		lr := rapid.Float64Range(1e-5, 2e-3).Draw(rt, "lr")
		steps := rapid.IntRange(1, 50).Draw(rt, "steps")
		var want [][]float64
		if form == "standard" {
			want = unfusedSGDPath(rosen, x0, steps, lr)
		} else {
			want, _ = path(mustNew(rt, lrOnly("sgd", lr)), rosen, x0, steps, lr)
		}
		m := Config{Name: "momentum", Values: map[string]float64{"lr": lr, "momentum": 0}, Choices: map[string]string{"form": form}}
		got, _ := path(mustNew(rt, m), rosen, x0, steps, lr)
		if !samePaths(got, want) {
			rt.Fatalf("momentum 0 (%s) differs from sgd", form)
		}
	})
}

// unfusedSGDPath is x ← x − float64(lr·g) from x0, written out here.
func unfusedSGDPath(f surfaces.Surface, x0 []float64, steps int, lr float64) [][]float64 {
	x := append([]float64(nil), x0...)
	g := make([]float64, len(x))
	var out [][]float64
	for range steps {
		f.Grad(g, x)
		for i := range x {
			x[i] -= float64(lr * g[i])
		}
		out = append(out, append([]float64(nil), x...))
	}
	return out
}

// TestMomentumFormsCoincide: for a constant lr the common and standard
// forms describe the same path (v_standard = −lr·v_common), up to rounding.
func TestMomentumFormsCoincide(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		q := surfaces.Halfpipe{Kappa: rapid.Float64Range(1, 50).Draw(rt, "kappa"), Angle: rapid.Float64Range(0, 180).Draw(rt, "angle")}
		alpha := rapid.Float64Range(0, 0.99).Draw(rt, "momentum")
		lr := rapid.Float64Range(1e-4, 1).Draw(rt, "c") / q.Kappa
		x0 := []float64{rapid.Float64Range(-5, 5).Draw(rt, "x0"), rapid.Float64Range(-5, 5).Draw(rt, "x1")}
		cfg := func(form string) Config {
			return Config{Name: "momentum", Values: map[string]float64{"lr": lr, "momentum": alpha}, Choices: map[string]string{"form": form}}
		}
		a, _ := path(mustNew(rt, cfg("common")), q, x0, 100, lr)
		b, _ := path(mustNew(rt, cfg("standard")), q, x0, 100, lr)
		for i := range a {
			for j := range a[i] {
				if math.Abs(a[i][j]-b[i][j]) > 1e-9*math.Max(1, math.Abs(a[i][j])) {
					rt.Fatalf("step %d: common %v, standard %v", i+1, a[i], b[i])
				}
			}
		}
	})
}
