// Package trace holds what a run leaves behind — the recorded path, its
// status and summary — and reads and writes trace.csv and summary.json.
package trace

// Status says how a run ended.
type Status string

const (
	Converged         Status = "converged"          // loss gap or gradient norm under tolerance
	MaxSteps          Status = "max_steps"          // ran every step
	Diverged          Status = "diverged"           // a non-finite loss, gradient or x, or a blow-up (Run.Reason)
	OutOfBounds       Status = "out_of_bounds"      // left the configured bound box
	SingularHessian   Status = "singular_hessian"   // newton: H + λI singular
	IndefiniteHessian Status = "indefinite_hessian" // newton: H + λI not positive definite (on_indefinite: stop)
	Interrupted       Status = "interrupted"        // SIGINT/SIGTERM
)

// A Point is the state after one step (step 0 is the start).
type Point struct {
	Step int
	// LR is the learning rate of the update that produced this point; on
	// step 0 it is the rate the first update will use.
	LR   float64
	Loss float64 // true (full-batch) loss at X
	// GradNorm is ‖∇f(X)‖ of the true loss.
	GradNorm float64
	// NoisyGradNorm is the norm of the stochastic gradient the optimizer
	// used at X (equal to GradNorm without noise).
	NoisyGradNorm float64
	// Metrics are the experiment's extra columns at X, in its Layout's
	// order; NaN where a metric was not evaluated at this step.
	Metrics []float64
	// X is the point, or the coordinates of it that the experiment keeps
	// (its Layout's XIndex).
	X []float64
}

// A Run is one optimizer's recorded path.
type Run struct {
	Label     string // unique within an experiment
	Optimizer string // registry name, e.g. "adam"
	Repeat    int    // 0-based repeat index (noise seeds); 0 when not repeated
	Status    Status
	// StopStep is the last step taken (the step where the run stopped for
	// any status but max_steps).
	StopStep int
	// Reason says why a diverged or out_of_bounds run stopped, with the
	// step ("" for the other statuses and for runs read from trace.csv).
	Reason string
	Points []Point
	// FinalX is the whole last finite point (Points keep only the
	// coordinates the experiment records); nil when there is none or the
	// run was read back from trace.csv.
	FinalX []float64
	// FinalState is the run's state at its last point beside x (a
	// network's batch-norm statistics; problem.StateKeeper), or nil.
	FinalState []float64
	// Cost is what the run's updates cost; zero for runs read back from
	// trace.csv.
	Cost Cost
	// Basin is where the run ended when the experiment classifies end
	// points (lab.BasinOf: a minimum's name, "none" or "diverged"), else "".
	Basin string
}

// Cost is what a run's updates cost: the gradients the method evaluated
// (the one each update is given plus its own further queries: SAM's
// ascent point, Nesterov's lookahead), its Hessians, the examples those
// gradients averaged, and the run's wall time. Seconds is the one figure
// of an output that differs between two runs of the same config.
type Cost struct {
	GradEvals    int64   `json:"grad_evals"`
	HessianEvals int64   `json:"hessian_evals,omitempty"`
	Examples     float64 `json:"examples"`
	Seconds      float64 `json:"seconds"`
}

// Last returns the last recorded point, or false when there is none.
func (r *Run) Last() (Point, bool) {
	if len(r.Points) == 0 {
		return Point{}, false
	}
	return r.Points[len(r.Points)-1], true
}
