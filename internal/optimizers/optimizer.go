// Package optimizers implements the update rules of the course — sgd,
// momentum (three forms), nesterov, adagrad, rmsprop, adam, radam, newton and
// sam — exactly as PyTorch computes them (float64), plus learning-rate
// schedules. One method per file; state lives in flat []float64 slices
// allocated once by Init, so Step allocates nothing.
package optimizers

import (
	"errors"

	"gonum.org/v1/gonum/mat"
)

// An Oracle answers the further gradient queries one optimizer step may
// make. All queries made during one step see the same mini-batch (the lab
// advances the batch between steps), so Nesterov's lookahead and SAM's
// ascent point are evaluated on the batch that produced g.
type Oracle interface {
	// Grad writes the (possibly stochastic) gradient at x into dst.
	Grad(dst, x []float64)
}

// A HessianOracle also answers Hessian queries (newton). An optimizer whose
// spec declares Needs.Hessian is only ever given one.
type HessianOracle interface {
	Oracle
	// Hessian writes the Hessian at x into dst (n×n).
	Hessian(dst *mat.SymDense, x []float64)
}

// Needs declares what an optimizer asks of the problem and the lab beyond
// the gradient g at x, so that the lab, the work limits and config can
// decide without naming optimizers (as gonum/optimize's Method.Needs).
type Needs struct {
	// ExactGradient: g is the true, full-batch gradient even when the
	// problem is stochastic (gd beside sgd under noise).
	ExactGradient bool
	// Oracle: Step makes further gradient queries (lookahead, ascent point).
	Oracle bool
	// Hessian: Step queries dense Hessians (O(n²) memory, O(n³) work).
	Hessian bool
}

// An Optimizer moves x in place, one update at a time.
type Optimizer interface {
	// Init allocates state for an n-dimensional problem and resets it;
	// it must be called before the first Step.
	Init(n int)
	// Step applies update t (t counts from 1) with learning rate lr.
	// g is the gradient at x on this step's batch; implementations may read
	// but never keep or modify it. o serves further queries (lookahead,
	// ascent point, Hessian). A non-nil error stops the run; see
	// ErrIndefiniteHessian and ErrSingularHessian.
	Step(x, g []float64, t int, lr float64, o Oracle) error
}

// Errors that end a run with a named status rather than a crash.
var (
	// ErrSingularHessian: H + λI could not be factorised (singular to
	// working precision).
	ErrSingularHessian = errors.New("optimizers: singular Hessian")
	// ErrIndefiniteHessian: H + λI is not positive definite and the newton
	// optimizer was told to stop (on_indefinite: stop).
	ErrIndefiniteHessian = errors.New("optimizers: indefinite Hessian")
	// ErrNoOracle: the optimizer (nesterov, newton, sam) must query the
	// oracle but Step was given a nil one, or one without the Hessian it
	// needs.
	ErrNoOracle = errors.New("optimizers: nil oracle")
)
