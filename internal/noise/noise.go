// Package noise turns an objective (a surface) into a stochastic one with
// mini-batches, so the lab can show what noise and batch size do. Without
// noise a run minimises the objective itself: the lab needs no wrapper.
//
// Models (Config.Model): none — the objective itself; gaussian — ĝ = ∇f(x) + (σ/√m)·z,
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

import "github.com/optlab/optlab/internal/problem"

// A Base is what a noise model can wrap: an objective with a dense Hessian
// (an analytic or expression surface).
type Base interface {
	problem.Objective
	problem.Hessianer
}

// An Objective is a noisy objective: the true loss and gradient of
// problem.Objective, the full-batch Hessian, and mini-batch streams whose
// Hessian is the batch's.
type Objective interface {
	problem.Objective
	problem.Hessianer
	problem.Stochastic
	problem.Coster
}

// A Stream is one run's stream of a noisy objective: it also answers
// Hessian queries on the step's batch (Newton under noise).
type Stream interface {
	problem.Stream
	problem.Hessianer
}

// Compile-time checks that both models are complete noisy objectives and
// their streams answer Hessian queries.
var (
	_ Objective = (*gaussian)(nil)
	_ Objective = (*finiteSum)(nil)
	_ Stream    = (*gaussianStream)(nil)
	_ Stream    = (*finiteSumStream)(nil)
)
