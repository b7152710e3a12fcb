// Package problem is the seam between what is minimised and the lab that
// minimises it. Every kind of problem — an analytic surface, a surface under
// gradient noise, and later an expression or a network trained on data — is
// an Objective; what else it can do is told by the small optional
// interfaces below, which the lab, the work limits and the figures ask for
// with a type assertion instead of naming the kind (the way
// gonum/optimize's functions keep Minima optional).
//
// Implementations hold parameters only and are safe for concurrent use;
// a Stream belongs to one run.
package problem

import "gonum.org/v1/gonum/mat"

// An Objective is a loss on R^n with its gradient: the one thing every
// problem provides.
type Objective interface {
	// Dim is the dimension n of the domain.
	Dim() int
	// Loss is the true (full) loss at x, the value recorded and plotted.
	Loss(x []float64) float64
	// Grad writes the true (full-batch) gradient at x into dst (len n)
	// without allocating.
	Grad(dst, x []float64)
}

// A Hessianer has a dense Hessian. Problems with many parameters offer a
// HessVecer instead; nothing forces them to build an n×n matrix.
type Hessianer interface {
	// Hessian writes ∇²f(x) into dst, which must be n×n.
	Hessian(dst *mat.SymDense, x []float64)
}

// A HessVecer has Hessian-vector products.
type HessVecer interface {
	// HessVec writes ∇²f(x)·v into dst.
	HessVec(dst, x, v []float64)
}

// A Stochastic objective serves its gradient through mini-batch streams.
// Objectives without it are exact: every query sees the whole loss.
type Stochastic interface {
	// Stream returns a fresh gradient stream for one run. Streams made with
	// equal seeds yield identical batches step after step, whatever the
	// optimizer asks, so every optimizer of an experiment sees the same
	// noise.
	Stream(seed uint64) Stream
}

// A Stream serves the gradient queries of one run, one batch per step. A
// stream may also be a Hessianer (the Hessian on the step's batch).
type Stream interface {
	// Next draws the batch of the next step; the lab calls it exactly once
	// before each update, so all queries of one step share a batch. Before
	// the first Next a stream answers for the full batch.
	Next()
	// Grad writes the gradient at x on the current batch into dst.
	Grad(dst, x []float64)
}

// A Coster says what one gradient evaluation costs, in evaluations of the
// underlying function (a mini-batch of m examples costs m), for the work
// limits. Objectives without it cost 1.
type Coster interface {
	GradCost() float64
}

// A Sized problem averages its loss over a known number of examples, so
// one exact (full-batch) gradient costs that many; runs count the examples
// their gradients saw (without it an exact gradient costs GradCost).
type Sized interface {
	ExampleCount() int
}

// A Starter has a standard starting point.
type Starter interface {
	// Start returns the standard start (a fresh slice).
	Start() []float64
}

// A Windowed problem has a default window for its landscape.
type Windowed interface {
	// Bounds is the default plotting window, per coordinate.
	Bounds() (lo, hi []float64)
}

// A Minimaer knows its stationary points worth marking.
type Minimaer interface {
	// Minima lists the known local and global minima and, for problems
	// without minima such as saddles, the stationary points worth marking.
	Minima() []Point
}

// A Kind says what a known stationary point is.
type Kind string

// Kinds of stationary points. The zero Kind is a minimum.
const (
	Min    Kind = "min"
	Saddle Kind = "saddle"
)

// IsMin reports whether k is a minimum (the zero Kind included).
func (k Kind) IsMin() bool { return k == "" || k == Min }

// A Point is a known stationary point.
type Point struct {
	Name  string    // e.g. "global", "sharp", "flat", "saddle"
	X     []float64 // location
	Value float64   // f(X)
	Kind  Kind      // Min (also the zero value) or Saddle
}

// MinimaOf returns p's known stationary points, or nil.
func MinimaOf(p Objective) []Point {
	if m, ok := p.(Minimaer); ok {
		return m.Minima()
	}
	return nil
}

// FStar is the lowest value among the minima (saddles excluded), and
// whether there is one.
func FStar(points []Point) (float64, bool) {
	best, ok := 0.0, false
	for _, m := range points {
		if !m.Kind.IsMin() {
			continue
		}
		if !ok || m.Value < best {
			best, ok = m.Value, true
		}
	}
	return best, ok
}

// exactStream serves an exact objective's own gradient (and Hessian, when
// it has one) as a stream whose batches never change.
type exactStream struct{ Objective }

func (exactStream) Next() {}

type exactHessianStream struct {
	Objective
	Hessianer
}

func (exactHessianStream) Next() {}

// StreamOf returns a gradient stream for one run of p: p's own under noise,
// else one that answers with the exact gradient (and Hessian, if p has one).
func StreamOf(p Objective, seed uint64) Stream {
	if s, ok := p.(Stochastic); ok {
		return s.Stream(seed)
	}
	if h, ok := p.(Hessianer); ok {
		return exactHessianStream{p, h}
	}
	return exactStream{p}
}

// GradCost is what one gradient of p costs (see Coster).
func GradCost(p Objective) float64 {
	if c, ok := p.(Coster); ok {
		return c.GradCost()
	}
	return 1
}

// A Meter is a stream that measures its own run, because what a point is
// worth depends on the run's state (a network's batch-norm running
// statistics) and a full pass over the data costs as much as many steps.
// For a run that takes the stream's gradients the lab records Measure's
// values instead of the problem's true loss and gradient norm, and the
// experiment's stream metrics (lab.Metric.Of) read the same stream.
type Meter interface {
	Stream
	// Measure is the loss and gradient norm recorded after update t, at x,
	// before the next batch is drawn (e.g. the loss of batch t at the
	// parameters before update t, and its gradient's norm; at t = 0 the
	// full loss and gradient).
	Measure(t int, x []float64) (loss, gradNorm float64)
}

// A StateKeeper is a stream with run state beside x that the run's final
// point needs to be evaluated again (a network's batch-norm running
// statistics): the lab keeps State of the last point with the run.
type StateKeeper interface {
	// State is a copy of the run's state, flat.
	State() []float64
}

// A Classifier2D classifies the points of a 2-D input space (a model on
// 2-D data), for the decision-region figure.
type Classifier2D interface {
	// Examples are the training and test inputs (n×2, row-major) and their
	// classes; ok is false when the inputs are not 2-D classes.
	Examples() (train, test []float64, trainY, testY []int, ok bool)
	// Classify writes into dst the class of each point of pts (n×2) under
	// parameters x with run state (StateKeeper.State; nil: the initial).
	Classify(dst []int, x, state, pts []float64)
}
