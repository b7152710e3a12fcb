package lab

import (
	"context"
	"errors"
	"math"
	"runtime"
	"sync"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
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
	// not depend on it.
	Workers int
}

// Run runs every run of e. A cancelled ctx stops the runs under way within
// a few hundred steps with status interrupted; runs not yet started are
// reported as interrupted at step 0. The error is non-nil only when a
// recorder fails.
func Run(ctx context.Context, e *Experiment, o Options) ([]trace.Run, error) {
	n := e.RunCount()
	runs := make([]trace.Run, n)
	errs := make([]error, n)
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers && w < n; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				runs[i], errs[i] = runOne(ctx, e, i, o)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return runs, errors.Join(errs...)
}

func runOne(ctx context.Context, e *Experiment, i int, o Options) (trace.Run, error) {
	reps := e.repeats()
	spec := e.Runs[i/reps]
	run := trace.Run{Label: spec.Label, Optimizer: spec.Optimizer.Name, Repeat: i % reps}
	var rec Recorder
	if o.NewRecorder != nil {
		var err error
		if rec, err = o.NewRecorder(i); err != nil {
			return run, err
		}
	}
	keep := newKeeper(o.KeepPoints, len(e.Start), e.Steps/e.recordEvery()+2)
	record := func(p trace.Point) error {
		keep.add(p)
		if rec != nil {
			return rec.Record(p)
		}
		return nil
	}
	err := step(ctx, e, spec, noise.DeriveSeed(e.Seed, run.Repeat), &run, record)
	run.Points = keep.points()
	return run, err
}

// step runs one optimizer to its end and sets run.Status and run.StopStep.
func step(ctx context.Context, e *Experiment, spec RunSpec, seed uint64, run *trace.Run, record func(trace.Point) error) error {
	obj := e.objective(spec)
	// gd always descends the exact gradient; the others get the noisy one.
	noisy := e.Noise != nil && spec.Optimizer.Name != "gd"
	stream := obj.Stream(seed)
	n := len(e.Start)
	x := append([]float64(nil), e.Start...)
	tg := make([]float64, n) // true gradient at x
	g := tg                  // gradient the optimizer uses
	if noisy {
		g = make([]float64, n)
	}
	opt, err := optimizers.New(spec.Optimizer)
	if err != nil { // configs are validated first; this is a programming error
		panic(err)
	}
	opt.Init(n)
	fstar, hasMin := e.FStar()
	every := e.recordEvery()

	// measure evaluates x after an update; ok is false when anything is
	// non-finite (the point is then not recorded).
	measure := func(t int, lr float64) (trace.Point, bool) {
		p := trace.Point{Step: t, LR: lr, X: x}
		if !finiteVec(x) {
			return p, false
		}
		p.Loss = obj.Loss(x)
		obj.TrueGrad(tg, x)
		p.GradNorm = norm(tg)
		stream.Next()
		if noisy {
			stream.Grad(g, x)
			p.NoisyGradNorm = norm(g)
		} else {
			p.NoisyGradNorm = p.GradNorm
		}
		ok := isFinite(p.Loss) && isFinite(p.GradNorm) && isFinite(p.NoisyGradNorm)
		return p, ok
	}
	stopped := func(p trace.Point) (trace.Status, bool) {
		switch {
		case e.Stop.Bound > 0 && outside(x, e.Stop.Bound):
			return trace.OutOfBounds, true
		case e.Stop.GradNorm > 0 && p.GradNorm <= e.Stop.GradNorm:
			return trace.Converged, true
		case e.Stop.LossGap > 0 && hasMin && p.Loss-fstar <= e.Stop.LossGap:
			return trace.Converged, true
		}
		return "", false
	}

	p, ok := measure(0, spec.Schedule.Rate(spec.LR, 0))
	if !ok {
		run.Status, run.StopStep = trace.Diverged, 0
		return nil
	}
	if err := record(p); err != nil {
		return err
	}
	if st, done := stopped(p); done {
		run.Status, run.StopStep = st, 0
		return nil
	}
	// last is the last finite point; its X lives in prev once x moves on.
	// It is recorded at the end if the record_every stride skipped it.
	last, lastRecorded := p, true
	prev := make([]float64, n)
	finish := func(st trace.Status) error {
		run.Status, run.StopStep = st, last.Step
		if lastRecorded {
			return nil
		}
		last.X = prev
		return record(last)
	}
	for t := 1; t <= e.Steps; t++ {
		copy(prev, x)
		if t&63 == 0 && ctx.Err() != nil {
			return finish(trace.Interrupted)
		}
		lr := spec.Schedule.Rate(spec.LR, t-1)
		if err := opt.Step(x, g, t, lr, stream); err != nil {
			switch {
			case errors.Is(err, optimizers.ErrSingularHessian):
				return finish(trace.SingularHessian)
			case errors.Is(err, optimizers.ErrIndefiniteHessian):
				return finish(trace.IndefiniteHessian)
			}
			return err
		}
		p, ok := measure(t, lr)
		if !ok {
			return finish(trace.Diverged)
		}
		st, done := stopped(p)
		lastRecorded = t%every == 0 || done || t == e.Steps
		if lastRecorded {
			if err := record(p); err != nil {
				return err
			}
		}
		last = p
		if done {
			run.Status, run.StopStep = st, t
			return nil
		}
	}
	run.Status, run.StopStep = trace.MaxSteps, e.Steps
	return nil
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
