// Package lab runs experiments: every optimizer from the same start on the
// same objective, step by step, with stop rules, divergence detection and
// recording. It knows nothing of files, flags or figures: points go to a
// Recorder, and the Result carries the runs for the writers and plotters.
package lab

import (
	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// An Experiment is a validated, fully resolved experiment.
type Experiment struct {
	Name          string
	Surface       surfaces.Surface
	SurfaceParams map[string]float64
	// Objective is what runs minimise: noise.Exact(Surface) or a stochastic
	// version of it. Nil means noise.Exact(Surface).
	Objective noise.Objective
	Noise     *trace.NoiseSummary // nil without noise
	LRScaling *trace.LRScaling    // nil when learning rates are not scaled
	Start     []float64
	Steps     int
	Seed      uint64
	// Repeats runs every RunSpec with this many noise seeds derived from
	// Seed (0 means 1).
	Repeats int
	// RecordEvery keeps every k-th step (and step 0 and the last); 0 means 1.
	RecordEvery int
	Stop        Stop
	Runs        []RunSpec
	// Minima of the objective when they differ from the surface's (see
	// MinimaOf); nil means Surface.Minima(). Used for f*, the loss-gap stop
	// rule and distance_to_min.
	Minima []surfaces.Minimum
}

// minima are the known minima of what the runs minimise.
func (e *Experiment) minima() []surfaces.Minimum {
	if e.Minima != nil {
		return e.Minima
	}
	return e.Surface.Minima()
}

// FStar is the lowest known minimum value of what the runs minimise.
func (e *Experiment) FStar() (float64, bool) { return fstar(e.minima()) }

// A RunSpec is one optimizer of the experiment.
type RunSpec struct {
	Label     string
	Optimizer optimizers.Config // resolved by optimizers.New for every run
	LR        float64           // base learning rate, before the schedule
	Schedule  optimizers.Schedule
	Hyper     map[string]any // resolved hyperparameters, for summary.json
	// Objective, if set, replaces the experiment's for this run (a noisy
	// objective with this run's own batch size).
	Objective noise.Objective
	Batch     int // this run's batch size under noise (for summary.json)
}

// Stop holds the optional stop rules; a zero field is off.
type Stop struct {
	// LossGap: converged when f(x) − f* ≤ LossGap, f* the lowest known minimum.
	LossGap float64
	// GradNorm: converged when ‖∇f(x)‖ ≤ GradNorm (true gradient).
	GradNorm float64
	// Bound: out_of_bounds when some |x_i| > Bound.
	Bound float64
}

func (e *Experiment) objective(spec RunSpec) noise.Objective {
	if spec.Objective != nil {
		return spec.Objective
	}
	if e.Objective != nil {
		return e.Objective
	}
	return noise.Exact(e.Surface)
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

// RunCount is the number of runs: len(Runs) × repeats.
func (e *Experiment) RunCount() int { return len(e.Runs) * e.repeats() }

// RunID names run i (spec-major, repeat-minor) as trace.csv does.
func (e *Experiment) RunID(i int) string {
	r := e.repeats()
	return trace.RunID(e.Runs[i/r].Label, i%r, r)
}

// FStar is the lowest listed minimum value of the surface, and whether
// there is one.
func FStar(s surfaces.Surface) (float64, bool) { return fstar(s.Minima()) }

func fstar(minima []surfaces.Minimum) (float64, bool) {
	best, ok := 0.0, false
	for _, m := range minima {
		if m.Kind != "" && m.Kind != "min" {
			continue
		}
		if !ok || m.Value < best {
			best, ok = m.Value, true
		}
	}
	return best, ok
}
