// Package noise turns a surface into the objective a run minimises: the
// surface itself (exact gradients) or a stochastic version of it with
// mini-batches, so the lab can show what noise and batch size do.
//
// Models (Config.Model): none — Exact; gaussian — ĝ = ∇f(x) + (σ/√m)·z,
// z ~ N(0, I) once per step; finite_sum — F(x) = (1/N)Σ f(x − δ_i) with
// δ_i ~ N(0, s²I) drawn from the experiment seed, mini-batches of m
// examples without replacement, epoch by epoch (see finitesum.go).
//
// Fair comparisons: the lab gives every optimizer of one experiment a
// stream made with the same seed, DeriveSeed(seed, repeat), and calls Next
// exactly once before each update. A stream's randomness is consumed by
// Next only, so its batches do not depend on the queries an optimizer makes
// (Nesterov's lookahead, SAM's ascent point, Newton's Hessian all see the
// step's batch), and the bits are the same on every machine (see rng.go).
// Before the first Next a stream answers with the exact, full-batch
// gradient and Hessian. Streams allocate their scratch once; Next, Grad and
// Hessian allocate nothing. An Objective is safe for concurrent use; a
// Stream belongs to one run.
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
