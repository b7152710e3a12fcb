// Package noise turns a surface into the objective a run minimises: the
// surface itself (exact gradients) or a stochastic version of it with
// mini-batches, so the lab can show what noise and batch size do.
package noise

import (
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// An Objective is what runs minimise.
type Objective interface {
	Dim() int
	// Loss is the true (full) loss recorded and plotted.
	Loss(x []float64) float64
	// TrueGrad writes the true (full-batch) gradient into dst.
	TrueGrad(dst, x []float64)
	// Stream returns a fresh gradient stream for one run. Streams made with
	// equal seeds yield identical batches step after step, whatever the
	// optimizer asks, so every optimizer of an experiment sees the same noise.
	Stream(seed uint64) Stream
}

// A Stream serves the gradient queries of one run, one batch per step.
type Stream interface {
	// Next draws the batch of the next step; the lab calls it exactly once
	// before each update, so all queries of one step share a batch.
	Next()
	optimizers.Oracle
}

// Exact is the noise-free objective: the surface itself. Its streams ignore
// their seed, Next does nothing and Grad and Hessian are the surface's.
func Exact(s surfaces.Surface) Objective { return exact{s} }

type exact struct{ s surfaces.Surface }

func (e exact) Dim() int                  { return e.s.Dim() }
func (e exact) Loss(x []float64) float64  { return e.s.Value(x) }
func (e exact) TrueGrad(dst, x []float64) { e.s.Grad(dst, x) }
func (e exact) Stream(uint64) Stream      { return exactStream{e.s} }

// exactStream serves the surface's own Grad and Hessian.
type exactStream struct{ surfaces.Surface }

func (exactStream) Next() {}
