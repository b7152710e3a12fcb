package lab

import (
	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/surfaces"
)

// maxLandscapeExamples bounds the examples averaged per grid node when a
// finite-sum landscape is drawn (a 120×120 grid costs 14,400·N evaluations).
const maxLandscapeExamples = 4096

// Landscape is the surface the runs actually descend, for figures: the
// surface itself, or under finite_sum the average of its shifted copies,
// whose minima (MinimaOf) lie elsewhere. Past maxLandscapeExamples examples
// it falls back to the surface, which is then only an approximation.
func (e *Experiment) Landscape() surfaces.Surface {
	if e.Minima == nil || e.Noise == nil || e.Noise.Examples > maxLandscapeExamples {
		return e.Surface
	}
	return averaged{Surface: e.Surface, obj: e.objective(RunSpec{}), minima: e.Minima}
}

// averaged presents a finite-sum objective as a Surface.
type averaged struct {
	surfaces.Surface
	obj    noise.Objective
	minima []surfaces.Minimum
}

func (a averaged) Value(x []float64) float64              { return a.obj.Loss(x) }
func (a averaged) Grad(dst, x []float64)                  { a.obj.TrueGrad(dst, x) }
func (a averaged) Minima() []surfaces.Minimum             { return a.minima }
func (a averaged) Hessian(dst *mat.SymDense, x []float64) { a.obj.Stream(0).Hessian(dst, x) }
