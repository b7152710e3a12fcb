package noise

import (
	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/problem"
)

// gaussian is the additive-noise model: the loss is f itself and a step's
// gradient is ĝ = ∇f(x) + (σ/√m)·z with z ~ N(0, I) drawn once per step,
// so the noise falls exactly as 1/√m. The Hessian is exact.
type gaussian struct {
	s     Base
	scale float64 // σ/√m
}

func (g *gaussian) Dim() int                 { return g.s.Dim() }
func (g *gaussian) Loss(x []float64) float64 { return g.s.Loss(x) }
func (g *gaussian) Grad(dst, x []float64)    { g.s.Grad(dst, x) }
func (g *gaussian) GradCost() float64        { return 1 }

// Hessian is the exact one: the noise is additive in the gradient only.
func (g *gaussian) Hessian(dst *mat.SymDense, x []float64) { g.s.Hessian(dst, x) }

func (g *gaussian) Stream(seed uint64) problem.Stream {
	return &gaussianStream{g: g, r: newRNG(seed, tagStream), z: make([]float64, g.s.Dim())}
}

type gaussianStream struct {
	g     *gaussian
	r     *rng
	z     []float64 // this step's draw; zero before the first Next
	drawn bool
}

// Next draws this step's z; every query until the next Next adds the same z.
func (st *gaussianStream) Next() {
	st.r.normals(st.z)
	st.drawn = true
}

// Grad writes ∇f(x) + (σ/√m)·z. Before the first Next it is the exact ∇f(x).
func (st *gaussianStream) Grad(dst, x []float64) {
	st.g.s.Grad(dst, x)
	if !st.drawn {
		return
	}
	for i, zi := range st.z {
		dst[i] += float64(st.g.scale * zi) // rounded product: no FMA, same bits everywhere
	}
}

func (st *gaussianStream) Hessian(dst *mat.SymDense, x []float64) { st.g.s.Hessian(dst, x) }
