package lab

import (
	"context"
	"errors"
	"math"
	"sync/atomic"
	"time"

	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/trace"
)

// A Recorder receives the recorded points of one run, in step order. The
// point's X is only valid during the call.
type Recorder interface {
	Record(p trace.Point) error
}

// Options tune how an experiment runs; the zero value is sensible.
type Options struct {
	// NewRecorder, if set, is called once per run before it starts.
	NewRecorder func(run int) (Recorder, error)
	// KeepPoints bounds the points kept in memory per run for figures: past
	// it, every other kept point is dropped and the stride doubles, so
	// memory stays flat however long the run. 0 keeps every recorded point.
	KeepPoints int
	// Workers runs this many runs at once; 0 means GOMAXPROCS. Results do
	// not depend on it. Ignored when Limit is set.
	Workers int
	// Limit, if set, is the worker limit the runs share with the rest of
	// the command's work (figures, encoders).
	Limit *parallel.Limit
	// Progress, if set, counts the steps done across all runs, so that a
	// caller can poll it (a progress bar) while Run runs; a run that ends
	// early adds the steps it will not take, so the count reaches
	// RunCount()·Steps when every run is over. It is updated every 64
	// steps, or every step in high dimension where a step is slow, so
	// that cheap steps pay no atomic operation each.
	Progress *atomic.Int64
}

// Run runs every run of e. A cancelled ctx stops the runs under way within
// a few hundred steps with status interrupted; runs not yet started are
// reported as interrupted at step 0. The error is non-nil only when a
// recorder fails.
func Run(ctx context.Context, e *Experiment, o Options) ([]trace.Run, error) {
	n := e.RunCount()
	runs := make([]trace.Run, n)
	errs := make([]error, n)
	lim := o.Limit
	if lim == nil {
		lim = parallel.New(o.Workers)
	}
	lim.Do(n, func(i int) { runs[i], errs[i] = runOne(ctx, e, i, o, lim) })
	return runs, errors.Join(errs...)
}

func runOne(ctx context.Context, e *Experiment, i int, o Options, lim *parallel.Limit) (trace.Run, error) {
	reps := e.perSpec()
	spec := e.Runs[i/reps]
	run := trace.Run{Label: spec.Label, Optimizer: spec.Optimizer.Name, Repeat: i % reps}
	var rec Recorder
	if o.NewRecorder != nil {
		var err error
		if rec, err = o.NewRecorder(i); err != nil {
			return run, err
		}
	}
	keep := newKeeper(o.KeepPoints, e.keptDim(), e.Steps/e.recordEvery()+2)
	kept := make([]float64, e.keptDim())
	record := func(p trace.Point) error {
		p.X = e.project(kept, p.X)
		keep.add(p)
		if rec != nil {
			return rec.Record(p)
		}
		return nil
	}
	st, err := NewStepper(e, i)
	if err != nil {
		return run, err
	}
	st.ShareLimit(lim)
	began := time.Now()
	err = drive(ctx, e, st, record, o.Progress)
	run.Cost = st.Cost()
	run.Cost.Seconds = time.Since(began).Seconds()
	run.Status, run.StopStep = st.Status()
	run.Reason = st.Reason()
	run.Points = keep.points()
	if len(run.Points) > 0 {
		run.FinalX = append([]float64(nil), st.X()...)
		run.FinalState = st.ProblemState()
	}
	if e.BasinRadius > 0 {
		run.Basin = e.basinOfRun(run)
	}
	return run, err
}

// drive steps st to its end, recording step 0, every record_every-th step,
// and the last finite point; a cancelled ctx interrupts it within 64 steps.
func drive(ctx context.Context, e *Experiment, st *Stepper, record func(trace.Point) error, progress *atomic.Int64) error {
	counted := 0 // the steps already added to progress
	mask := 63
	if len(st.X()) >= slowStepDim {
		mask = 0
	}
	if progress != nil {
		defer func() { progress.Add(int64(e.Steps - counted)) }()
	}
	if st.Done() && st.Point().Step == 0 {
		if status, _ := st.Status(); status == trace.Diverged && st.Point().X == nil {
			return nil // not even the start is finite: nothing to record
		}
	}
	if err := record(st.Point()); err != nil {
		return err
	}
	every := e.recordEvery()
	recorded := 0 // the step of the last recorded point
	for !st.Done() {
		if t := st.Point().Step + 1; t&63 == 0 && ctx.Err() != nil {
			st.Interrupt()
			break
		}
		if _, err := st.Step(); err != nil {
			return err
		}
		p := st.Point()
		if progress != nil && p.Step&mask == 0 {
			progress.Add(int64(p.Step - counted))
			counted = p.Step
		}
		if p.Step == recorded {
			break // the update failed: p is the last point, already recorded
		}
		if p.Step%every == 0 || st.Done() {
			if err := record(p); err != nil {
				return err
			}
			recorded = p.Step
		}
	}
	if p := st.Point(); p.Step != recorded {
		return record(p) // the stride skipped the last finite point
	}
	return nil
}

// slowStepDim is the dimension from which a step costs microseconds or
// more, so that counting every step for progress costs nothing.
const slowStepDim = 256

// project writes the kept coordinates of x into dst (x itself when all
// are kept).
func (e *Experiment) project(dst, x []float64) []float64 {
	switch {
	case e.Keep.None:
		return dst[:0]
	case e.Keep.Index == nil:
		return x
	}
	for k, i := range e.Keep.Index {
		dst[k] = x[i]
	}
	return dst
}

func norm(v []float64) float64 {
	var s float64
	for _, a := range v {
		s += a * a
	}
	return math.Sqrt(s)
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func finiteVec(v []float64) bool {
	for _, a := range v {
		if !isFinite(a) {
			return false
		}
	}
	return true
}

func outside(x []float64, bound float64) bool {
	for _, a := range x {
		if math.Abs(a) > bound {
			return true
		}
	}
	return false
}
