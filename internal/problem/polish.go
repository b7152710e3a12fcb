package problem

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// A Polishable objective has the true gradient and Hessian that damped
// Newton needs.
type Polishable interface {
	Objective
	Hessianer
}

// Polish moves known minima onto the stationary points of obj: a noisy
// objective such as a finite sum averages shifted copies of a surface, so
// its minima lie away from the surface's. Each minimum in points is
// polished with damped Newton (see polish) on obj's true gradient and
// Hessian; those that do not converge to a stationary point are dropped.
// Saddles are kept as listed.
func Polish(obj Polishable, points []Point) []Point {
	var out []Point
	n := obj.Dim()
	h := mat.NewSymDense(n, nil)
	g := make([]float64, n)
	// Each loss evaluation costs one pass over the examples: bound the
	// evaluations so that polishing stays well under a second.
	evals := 200
	if fs, ok := obj.(Sized); ok {
		evals = max(40, min(2000, int(2e7/float64(fs.ExampleCount()*n))))
	}
	for _, m := range points {
		if !m.Kind.IsMin() {
			out = append(out, m)
			continue
		}
		x, ok := polish(obj, h, g, append([]float64(nil), m.X...), evals)
		if !ok || !finiteVec(x) {
			continue
		}
		v := obj.Loss(x)
		if math.IsNaN(v) {
			continue
		}
		out = append(out, Point{Name: m.Name, X: x, Value: v, Kind: m.Kind})
	}
	return out
}

// polish runs Levenberg–Marquardt-damped Newton on obj from x: the step
// solves (H + μI)d = g with μ raised until H + μI is positive definite and
// the full step lowers the loss, and lowered again after a success.
func polish(obj Polishable, h *mat.SymDense, g, x []float64, evals int) ([]float64, bool) {
	n := len(x)
	trial := make([]float64, n)
	mu := 0.0
	for it := 0; it < 200 && evals > 0; it++ {
		evals -= 3
		obj.Grad(g, x)
		f0 := obj.Loss(x)
		if norm(g) <= 1e-9*math.Max(1, math.Abs(f0)) {
			return x, true
		}
		obj.Hessian(h, x)
		scale := 0.0
		for i := 0; i < n; i++ {
			scale = math.Max(scale, math.Abs(h.At(i, i)))
		}
		scale = math.Max(scale, 1e-12)
		moved := false
		for k := 0; k < 40 && !moved; k++ {
			hm := mat.NewSymDense(n, nil)
			hm.CopySym(h)
			for i := 0; i < n; i++ {
				hm.SetSym(i, i, hm.At(i, i)+mu)
			}
			var chol mat.Cholesky
			var d mat.VecDense
			if chol.Factorize(hm) && chol.SolveVecTo(&d, mat.NewVecDense(n, g)) == nil {
				if norm(d.RawVector().Data) <= 1e-14*(1+norm(x)) {
					return x, true // no longer moves: as stationary as float64 allows
				}
				for i := range x {
					trial[i] = x[i] - d.AtVec(i)
				}
				evals--
				if f := obj.Loss(trial); f < f0 || (f == f0 && mu > 0) {
					copy(x, trial)
					moved = true
					mu /= 10
					break
				}
			}
			mu = math.Max(10*mu, 1e-6*scale)
		}
		if !moved {
			obj.Grad(g, x)
			return x, norm(g) <= 1e-7*math.Max(1, math.Abs(f0))
		}
	}
	return x, false
}

func norm(v []float64) float64 {
	var s float64
	for _, a := range v {
		s += a * a
	}
	return math.Sqrt(s)
}

func finiteVec(v []float64) bool {
	for _, a := range v {
		if math.IsNaN(a) || math.IsInf(a, 0) {
			return false
		}
	}
	return true
}
