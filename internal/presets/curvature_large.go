package presets

import (
	"math"

	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
)

// denseCurvatureDim is the largest dimension whose curvature is read off
// a dense Hessian (8n² bytes: 2 MB at 512); past it curvature would
// allocate terabytes at n = 10⁶, so largeCurvature iterates on products.
const denseCurvatureDim = 512

// powerIterations bounds largeCurvature's work: that many Hessian-vector
// products (O(n) each) per point.
const powerIterations = 40

// largeCurvature estimates the largest |Hessian eigenvalue| over the
// given points by power iteration on H·v: the surface's own HessVec when
// it has one, else central differences of its gradient. Power iteration
// approaches |λ|max from below (Gershgorin, used for small n, bounds it
// from above); floored at 1e-3 as curvature is.
func largeCurvature(s surfaces.Surface, pts [][]float64) float64 {
	n := s.Dim()
	v, hv := make([]float64, n), make([]float64, n)
	gp, gm, y := make([]float64, n), make([]float64, n), make([]float64, n)
	hvec := func(dst, x, v []float64) {
		if h, ok := s.(problem.HessVecer); ok {
			h.HessVec(dst, x, v)
			return
		}
		const eps = 1e-5
		for i := range y {
			y[i] = x[i] + eps*v[i]
		}
		s.Grad(gp, y)
		for i := range y {
			y[i] = x[i] - eps*v[i]
		}
		s.Grad(gm, y)
		for i := range dst {
			dst[i] = (gp[i] - gm[i]) / (2 * eps)
		}
	}
	L := 1e-3
	for _, x := range pts {
		// A start with no symmetry to be orthogonal to the top eigenvector.
		for i := range v {
			v[i] = 1 + float64(i%7)/7
		}
		normalize(v)
		var lam float64
		for range powerIterations {
			hvec(hv, x, v)
			lam = norm(hv)
			if !(lam > 0) || math.IsInf(lam, 0) {
				break
			}
			for i := range v {
				v[i] = hv[i] / lam
			}
		}
		if lam > 0 && !math.IsInf(lam, 0) {
			L = math.Max(L, lam)
		}
	}
	return L
}

func norm(v []float64) float64 {
	var s float64
	for _, t := range v {
		s += t * t
	}
	return math.Sqrt(s)
}

func normalize(v []float64) {
	if m := norm(v); m > 0 {
		for i := range v {
			v[i] /= m
		}
	}
}
