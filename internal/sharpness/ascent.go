package sharpness

import (
	"math"

	"gonum.org/v1/gonum/floats"

	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/random"
)

// SAM is the lecture's sharpness, max over ‖ε‖₂ ≤ rho of L(x+ε) − L(x),
// by projected gradient ascent from o.Restarts starts on the sphere (the
// first along ∇L(x), the others random). At a minimum of a quadratic it is
// (ρ²/2)·λmax, the ascent then being power iteration on the Hessian.
func SAM(p problem.Objective, x []float64, rho float64, o Options) float64 {
	o = o.withDefaults()
	n := len(x)
	project := func(e []float64) {
		if nr := floats.Norm(e, 2); nr > rho {
			floats.Scale(rho/nr, e)
		}
	}
	start := func(e, g []float64, k int, rng *random.RNG) {
		if k == 0 && floats.Norm(g, 2) > 0 {
			copy(e, g)
		} else {
			for i := range e {
				e[i] = rademacher(rng)
			}
		}
		floats.Scale(rho/floats.Norm(e, 2), e)
	}
	return maximise(p, x, n, rho, o, project, start)
}

// Keskar is Keskar et al.'s box sharpness, 100·(max L(x+ε) − L(x))/(1 +
// L(x)) over |ε_i| ≤ eps·(|x_i| + 1), by projected gradient ascent from
// o.Restarts corners of the box (the first along the gradient's signs,
// the others random).
func Keskar(p problem.Objective, x []float64, eps float64, o Options) float64 {
	o = o.withDefaults()
	n := len(x)
	box := make([]float64, n)
	for i := range x {
		box[i] = eps * (math.Abs(x[i]) + 1)
	}
	project := func(e []float64) {
		for i := range e {
			e[i] = math.Max(-box[i], math.Min(box[i], e[i]))
		}
	}
	start := func(e, g []float64, k int, rng *random.RNG) {
		for i := range e {
			s := 1.0
			switch {
			case k == 0 && g[i] < 0:
				s = -1
			case k > 0:
				s = rademacher(rng)
			}
			e[i] = s * box[i]
		}
	}
	rise := maximise(p, x, n, floats.Norm(box, 2), o, project, start)
	return 100 * rise / (1 + p.Loss(x))
}

// maximise is the largest rise L(x+ε) − L(x) (≥ 0: ε = 0 is allowed)
// found by projected gradient ascent with backtracking from o.Restarts
// starts: a step that raises the loss is taken and the next one doubled,
// one that does not is halved, until the step no longer moves ε (relative
// to the set's size), a step raises the rise by less than 1e-10 of it, or
// o.AscentSteps steps are spent. Near a minimum the maxima come in
// antipodal pairs ±ε (the top eigenvector's two signs, told apart by the
// third-order terms), and an ascent finds whichever its start is nearer:
// so when −ε of a start's result is higher, the ascent goes on from there
// too (at most o.AscentSteps more steps).
func maximise(p problem.Objective, x []float64, n int, size float64, o Options,
	project func(e []float64), start func(e, g []float64, k int, rng *random.RNG)) float64 {
	f0 := p.Loss(x)
	g0 := make([]float64, n)
	p.Grad(g0, x)
	rng := random.New(o.Seed, tagAscent)
	e, c, g, xe := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	best := 0.0
	eval := func(e []float64) float64 {
		floats.AddTo(xe, x, e)
		return p.Loss(xe)
	}
	// ascend climbs from e (at loss f, ∇ at x+e in g) and returns the loss
	// it reached, e left at the point.
	ascend := func(f float64) float64 {
		t := size / max(floats.Norm(g, 2), math.SmallestNonzeroFloat64)
		for s := 0; s < o.AscentSteps; s++ {
			floats.AddScaledTo(c, e, t, g)
			project(c)
			if floats.Distance(c, e, 2) <= 1e-15*size {
				break // stationary on the set: no step moves ε
			}
			if fc := eval(c); fc > f {
				copy(e, c)
				gain := fc - f
				f = fc
				if gain <= 1e-10*(f-f0) {
					break // converged: the rise no longer changes in its 10th digit
				}
				p.Grad(g, xe)
				t *= 2
			} else {
				t /= 2
			}
		}
		return f
	}
	keep := func(f float64) {
		if rise := f - f0; rise > best && !math.IsInf(rise, 0) {
			best = rise
		}
	}
	for k := 0; k < o.Restarts; k++ {
		start(e, g0, k, rng)
		project(e)
		f := eval(e)
		if math.IsNaN(f) {
			continue
		}
		p.Grad(g, xe)
		f = ascend(f)
		keep(f)
		floats.Scale(-1, e) // the antipode (the ball and the box are symmetric)
		if fm := eval(e); fm > f && !math.IsNaN(fm) {
			p.Grad(g, xe)
			keep(ascend(fm))
		}
	}
	return best
}
