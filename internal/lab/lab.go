// Package lab runs experiments: every optimizer from the same start on the
// same problem, step by step, with stop rules, divergence detection and
// recording. A run is a Stepper that can be driven from outside (the
// playground steps it per frame, sweeps by the thousand); Run is a worker
// loop over steppers. The lab never names an optimizer, a noise model or a
// problem kind: it asks a problem what it can do (the problem package's
// capabilities) and an optimizer what it needs (optimizers.Needs). It knows
// nothing of files, flags or figures: points go to a Recorder, and the
// runs go back to the writers and plotters.
package lab

import (
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/sharpness"
	"github.com/optlab/optlab/internal/trace"
)

// An Experiment is a validated, fully resolved experiment.
type Experiment struct {
	Name string
	// Problem is what the runs minimise (a run may have its own, see
	// RunSpec.Problem). A problem.Stochastic one gives each run a stream
	// of mini-batch gradients.
	Problem problem.Objective
	// Minima are the known stationary points of Problem when they differ
	// from its own (a finite sum's polished minima); nil asks Problem
	// (problem.MinimaOf). They give f*, the loss-gap stop rule and
	// distance_to_min.
	Minima []problem.Point
	Start  []float64
	Steps  int
	Seed   uint64
	// Starts, if set, runs every RunSpec from each of these points instead
	// of Start (a grid or a random cloud of starts for basins of
	// attraction); Start is then only the problem's dimension and the
	// first start. A label's runs are its starts × Repeats, start-major.
	Starts [][]float64
	// BasinRadius > 0 classifies each run's end point: the nearest known
	// minimum within this distance, else BasinNone (BasinOf); summary.json
	// then has each label's basin fractions.
	BasinRadius float64
	// Repeats runs every RunSpec (from every start) with this many stream
	// seeds derived from Seed (0 means 1).
	Repeats int
	// RecordEvery keeps every k-th step (and step 0 and the last); 0 means 1.
	RecordEvery int
	Stop        Stop
	Runs        []RunSpec
	// Metrics are extra columns recorded beside the loss (test loss,
	// accuracy), each with its own cadence.
	Metrics []Metric
	// Keep is what of x each recorded point keeps (zero: all of it).
	Keep Keep
	// Columns, if set, are trace.csv's columns after run and step, named
	// by the problem: Metrics by name and "lr" (trace.Layout.Columns).
	Columns []string
	// Report is carried to summary.json as it is, and Landscape to the
	// figures (the problem as the user named it, with its window and
	// marks; nil when there is none to draw): the engine never reads
	// either to decide anything.
	Report    Report
	Landscape problem.Objective
	// Sharpness, if set, is how the runner measures each run's end point
	// for summary.json (nil: not measured); the engine never reads it.
	Sharpness *sharpness.Options
}

// Report is what summary.json says of an experiment beyond its runs.
type Report struct {
	Problem       string             // the surface's name
	ProblemParams map[string]float64 // its resolved parameters
	Noise         *trace.NoiseSummary
	LRScaling     *trace.LRScaling
	Starts        *trace.StartsSummary // how Experiment.Starts were made
	TestShift     []float64            // the test loss is f(x − TestShift)
}

// A RunSpec is one optimizer of the experiment.
type RunSpec struct {
	Label     string
	Optimizer optimizers.Config // resolved by optimizers.New for every run
	LR        float64           // base learning rate, before the schedule
	Schedule  optimizers.Schedule
	// Problem, if set, replaces the experiment's for this run (a noisy
	// objective with this run's own batch size).
	Problem problem.Objective
	Batch   int // this run's batch size under noise (for summary.json)
	// Steps, if > 0, replaces the experiment's Steps for this run (epochs
	// of its own batch size); Experiment.Steps is then the most of any.
	Steps int
	// Data, if set, is summary.json's data fields of the run, completed
	// from the final point's metrics by name (trace.DataSummary.With).
	Data *trace.DataSummary
}

// Stop holds the optional stop rules; a zero field is off.
type Stop struct {
	// LossGap: converged when f(x) − f* ≤ LossGap, f* the lowest known minimum.
	LossGap float64
	// GradNorm: converged when ‖∇f(x)‖ ≤ GradNorm (true gradient).
	GradNorm float64
	// Bound: out_of_bounds when some |x_i| > Bound.
	Bound float64
	// Blowup: diverged when the loss gap grows past Blowup times the
	// start's (0 takes DefaultBlowup). The gap is f − f* when f* is known
	// and |f − f(x₀)| otherwise; a start with no gap measures against
	// max(|f*|, 1). A factor this large lets a temporary overshoot (Newton's
	// first step on Rosenbrock is about 40× the start's loss) pass.
	Blowup float64
}

// DefaultBlowup is the blow-up factor when Stop.Blowup is 0: a run whose
// loss gap is 10¹⁰ times its start's has run away while staying finite.
const DefaultBlowup = 1e10

// A Metric is an extra trace column: Eval(x) at step 0, every Every steps
// and at the run's last point (Every 0: at every recorded step). Eval must
// be safe for concurrent use.
type Metric struct {
	Name  string
	Every int
	Eval  func(x []float64) float64
	// Of, if set, replaces Eval and Every: the metric read through the
	// run's stream (a network evaluates with its run's batch-norm
	// statistics), at x after update t, before the next batch is drawn.
	// It keeps its own cadence, returning NaN where it is not due, except
	// at the run's last point (last), where it is always evaluated.
	Of func(s problem.Stream, x []float64, t int, last bool) float64
}

// Keep says which coordinates of x the recorded points keep, so that a
// problem with 10⁵ parameters does not write 10⁵ columns per row.
type Keep struct {
	// None keeps no coordinate (the summary still has the final x).
	None bool
	// Index keeps these coordinates, in this order (a 2-D projection);
	// nil keeps all of them.
	Index []int
}

// problemOf is what run spec minimises.
func (e *Experiment) problemOf(spec RunSpec) problem.Objective {
	if spec.Problem != nil {
		return spec.Problem
	}
	return e.Problem
}

// stepsOf is the number of updates run spec takes.
func (e *Experiment) stepsOf(spec RunSpec) int {
	if spec.Steps > 0 {
		return spec.Steps
	}
	return e.Steps
}

// KnownMinima are the known stationary points of what the runs minimise.
func (e *Experiment) KnownMinima() []problem.Point {
	if e.Minima != nil {
		return e.Minima
	}
	return problem.MinimaOf(e.Problem)
}

// FStar is the lowest known minimum value of what the runs minimise.
func (e *Experiment) FStar() (float64, bool) { return problem.FStar(e.KnownMinima()) }

// Stochastic reports whether some run's gradient comes from mini-batch
// streams (trace.csv then has a noisy_grad_norm column).
func (e *Experiment) Stochastic() bool {
	if _, ok := e.Problem.(problem.Stochastic); ok {
		return true
	}
	for _, r := range e.Runs {
		if _, ok := r.Problem.(problem.Stochastic); ok {
			return true
		}
	}
	return false
}

// Layout is the columns of the experiment's trace.csv.
func (e *Experiment) Layout() trace.Layout {
	l := trace.Layout{Dim: len(e.Start), Noisy: e.Stochastic(), XIndex: e.Keep.Index, Columns: e.Columns}
	if e.Keep.None {
		l.XIndex = []int{}
	}
	for _, m := range e.Metrics {
		l.Metrics = append(l.Metrics, m.Name)
	}
	return l
}

// keptDim is the number of coordinates each recorded point keeps.
func (e *Experiment) keptDim() int {
	switch {
	case e.Keep.None:
		return 0
	case e.Keep.Index != nil:
		return len(e.Keep.Index)
	}
	return len(e.Start)
}

func (e *Experiment) repeats() int {
	if e.Repeats < 1 {
		return 1
	}
	return e.Repeats
}

func (e *Experiment) recordEvery() int {
	if e.RecordEvery < 1 {
		return 1
	}
	return e.RecordEvery
}

// RunCount is the number of runs: len(Runs) × starts × repeats.
func (e *Experiment) RunCount() int { return len(e.Runs) * e.perSpec() }

// RunID names run i (spec-major, then start, then repeat) as trace.csv
// does: label#k, k counting a label's runs from 1.
func (e *Experiment) RunID(i int) string {
	r := e.perSpec()
	return trace.RunID(e.Runs[i/r].Label, i%r, r)
}
