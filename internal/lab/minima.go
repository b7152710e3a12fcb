package lab

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/surfaces"
)

// MinimaOf returns the minima of obj: a finite-sum objective averages
// shifted copies of the surface, so its minima move away from the
// surface's. Each listed minimum of s is polished with Newton's method on
// obj's true (full-batch) gradient and Hessian; those that do not converge
// to a point with a positive definite Hessian are dropped. Saddles are kept
// as listed.
func MinimaOf(obj noise.Objective, s surfaces.Surface) []surfaces.Minimum {
	var out []surfaces.Minimum
	n := s.Dim()
	h := mat.NewSymDense(n, nil)
	g := make([]float64, n)
	stream := obj.Stream(0) // before its first Next a stream answers with the full batch
	for _, m := range s.Minima() {
		if m.Kind != "" && m.Kind != "min" {
			out = append(out, m)
			continue
		}
		x := append([]float64(nil), m.X...)
		ok := false
		for it := 0; it < 100; it++ {
			obj.TrueGrad(g, x)
			if norm(g) < 1e-11 {
				ok = true
				break
			}
			stream.Hessian(h, x)
			var chol mat.Cholesky
			if !chol.Factorize(h) {
				break
			}
			var d mat.VecDense
			if err := chol.SolveVecTo(&d, mat.NewVecDense(n, g)); err != nil {
				break
			}
			f0 := obj.Loss(x)
			step := 1.0
			for k := 0; k < 30; k++ { // backtracking on the averaged loss
				trial := make([]float64, n)
				for i := range x {
					trial[i] = x[i] - step*d.AtVec(i)
				}
				if obj.Loss(trial) <= f0 {
					x = trial
					break
				}
				step /= 2
			}
		}
		if !ok || !finiteVec(x) {
			continue
		}
		v := obj.Loss(x)
		if math.IsNaN(v) {
			continue
		}
		out = append(out, surfaces.Minimum{Name: m.Name, X: x, Value: v, Kind: m.Kind})
	}
	return out
}
