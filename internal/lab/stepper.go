package lab

import (
	"errors"
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// A Stepper is one run of an experiment, taken one update at a time: build
// it with NewStepper, call Step until it returns false, and read Point and
// Status between steps; SetLR and SetHyper change the run from the next
// update on. Run drives steppers to the end for whole experiments; the
// playground drives one per frame. A Stepper belongs to one goroutine.
type Stepper struct {
	e       *Experiment
	spec    RunSpec
	obj     problem.Objective
	opt     optimizers.Optimizer
	stream  problem.Stream
	meter   problem.Meter     // the stream, when it measures the run itself
	oracle  optimizers.Oracle // what Step may query: the stream, or the exact problem
	cost    *counter          // what the updates cost (gradients, Hessians, examples)
	noisy   bool              // g comes from the stream, not the true gradient
	fstar   float64
	hasMin  bool
	lr      float64          // base lr, before the schedule
	rates   optimizers.Rates // the schedule's rates from lr, in torch's recursive order
	hyper   optimizers.Config
	x, prev []float64 // x after t updates; prev before the last one
	tg, g   []float64 // true gradient at x; the gradient the optimizer uses
	t       int       // updates taken
	steps   int       // updates to take
	cur     trace.Point
	curX    *[]float64 // where cur.X lives: x, or prev once x is not finite
	status  trace.Status
	reason  string  // why the run stopped, for diverged and out_of_bounds
	f0      float64 // the start's loss, the blow-up rule's reference
	blowup  float64 // the loss gap past which the run is diverged
	done    bool
}

// NewStepper builds run i of e (spec-major, repeat-minor, as RunID) at its
// start, measured: Point is step 0. A start whose loss or gradient is not
// finite ends the run at once with status diverged.
func NewStepper(e *Experiment, i int) (*Stepper, error) {
	reps := e.perSpec()
	if i < 0 || i >= e.RunCount() {
		return nil, fmt.Errorf("lab: run %d of %d", i, e.RunCount())
	}
	spec := e.Runs[i/reps]
	opt, err := optimizers.New(spec.Optimizer)
	if err != nil {
		return nil, fmt.Errorf("lab: run %s: %w", spec.Label, err)
	}
	obj := e.problemOf(spec)
	needs := optimizers.NeedsOf(spec.Optimizer)
	n := len(e.Start)
	s := &Stepper{e: e, spec: spec, obj: obj, opt: opt, lr: spec.LR, rates: spec.Schedule.Rates(spec.LR), hyper: spec.Optimizer, steps: e.stepsOf(spec),
		x: append([]float64(nil), e.startOf(i)...), prev: make([]float64, n), tg: make([]float64, n)}
	s.stream = problem.StreamOf(obj, problem.DeriveSeed(e.Seed, i%reps))
	if st, ok := s.stream.(problem.Starter); ok {
		// The stream's own start: each repeat of a network draws its own init.
		if x := st.Start(); len(x) == n {
			s.x = x
		}
	}
	_, stochastic := obj.(problem.Stochastic)
	s.noisy = stochastic && !needs.ExactGradient
	s.oracle = s.stream
	if !s.noisy {
		// An exact-gradient optimizer under noise queries the whole loss too;
		// its stream still advances, as every run's does.
		s.oracle = problem.StreamOf(exactOf(obj), 0)
	}
	s.cost = newCounter(obj)
	each := s.cost.full
	if s.noisy {
		each = s.cost.batch
	}
	s.oracle = counting(s.oracle, s.cost, each)
	s.g = s.tg
	if s.noisy {
		s.g = make([]float64, n)
		s.meter, _ = s.stream.(problem.Meter)
	}
	if needs.Hessian {
		if _, ok := s.oracle.(optimizers.HessianOracle); !ok {
			return nil, fmt.Errorf("lab: run %s: %s needs a Hessian, which this problem does not have", spec.Label, spec.Optimizer.Name)
		}
	}
	opt.Init(n)
	s.fstar, s.hasMin = e.FStar()
	s.curX = &s.x
	if !s.measure(0, s.rates.At(0)) {
		s.reason = "the start's loss or gradient is not finite"
		s.end(trace.Diverged)
		return s, nil
	}
	s.f0 = s.cur.Loss
	s.blowup = s.blowupGap()
	if st, stop := s.stopRule(); stop {
		s.end(st)
	} else if s.steps <= 0 {
		s.end(trace.MaxSteps)
	}
	return s, nil
}

// exactOf hides obj's streams, so queries see the whole loss.
func exactOf(obj problem.Objective) problem.Objective {
	if _, ok := obj.(problem.Stochastic); !ok {
		return obj
	}
	if h, ok := obj.(problem.Hessianer); ok {
		return struct {
			problem.Objective
			problem.Hessianer
		}{obj, h}
	}
	return struct{ problem.Objective }{obj}
}

// Step takes the next update and measures the new point. It returns false
// when the run has ended (Status says how), before or by this update: a
// non-finite point ends it diverged (Point stays the last finite one), a
// stop rule or the last step ends it after recording the point. An error
// is a failure of the optimizer itself, not a result.
func (s *Stepper) Step() (bool, error) {
	if s.done {
		return false, nil
	}
	t := s.t + 1
	copy(s.prev, s.x)
	s.curX = &s.prev // until x is measured finite
	s.cur.X = s.prev
	lr := s.rates.At(t - 1)
	s.cost.update(s.noisy)
	if err := s.opt.Step(s.x, s.g, t, lr, s.oracle); err != nil {
		switch {
		case errors.Is(err, optimizers.ErrSingularHessian):
			s.end(trace.SingularHessian)
			return false, nil
		case errors.Is(err, optimizers.ErrIndefiniteHessian):
			s.end(trace.IndefiniteHessian)
			return false, nil
		}
		return false, err
	}
	s.t = t
	if !s.measure(t, lr) {
		s.reason = fmt.Sprintf("not finite at step %d (the trace ends at step %d)", t, t-1)
		s.end(trace.Diverged)
		return false, nil
	}
	if st, stop := s.stopRule(); stop {
		s.end(st)
		return false, nil
	}
	if t >= s.steps {
		s.end(trace.MaxSteps)
		return false, nil
	}
	return true, nil
}

// measure evaluates x after update t: the true loss and gradient, then
// the next batch's gradient (draw) and the metrics due at t. It reports
// false (and keeps the last finite point) when anything is not finite.
func (s *Stepper) measure(t int, lr float64) bool {
	x := s.x
	if !finiteVec(x) {
		return false
	}
	p := trace.Point{Step: t, LR: lr, X: x}
	if s.meter != nil {
		p.Loss, p.GradNorm = s.meter.Measure(t, x)
	} else {
		p.Loss = s.obj.Loss(x)
		s.obj.Grad(s.tg, x)
		p.GradNorm = norm(s.tg)
	}
	// Metrics before the draw: drawing the next batch moves a stream's
	// state (batch-norm statistics), which evaluation at x must not see.
	p.Metrics = s.metricsAt(t, x)
	p.NoisyGradNorm = s.draw()
	if !isFinite(p.Loss) || !isFinite(p.GradNorm) || !isFinite(p.NoisyGradNorm) {
		if t == 0 && isFinite(p.Loss) && isFinite(p.GradNorm) {
			// The start itself is finite, only its first noisy gradient is
			// not: the start is the run's one point, and is recorded.
			p.Metrics = s.metricsAt(t, x)
			s.cur, s.curX = p, &s.x
		}
		return false
	}
	s.cur, s.curX = p, &s.x
	return true
}

// draw takes the batch of the next update and, under noise, the gradient
// the optimizer will use on it; it returns that gradient's norm (the true
// one's without noise). Every run's stream advances once per step, so
// runs with equal seeds see equal batches whatever their optimizers ask.
func (s *Stepper) draw() float64 {
	s.stream.Next()
	if !s.noisy {
		return norm(s.tg)
	}
	s.stream.Grad(s.g, s.x)
	return norm(s.g)
}

// metricsAt evaluates the metrics due at step t (NaN for the others).
func (s *Stepper) metricsAt(t int, x []float64) []float64 {
	if len(s.e.Metrics) == 0 {
		return nil
	}
	v := make([]float64, len(s.e.Metrics))
	last := t >= s.steps
	for k, m := range s.e.Metrics {
		v[k] = math.NaN()
		if m.Of != nil {
			v[k] = m.Of(s.stream, x, t, last)
			continue
		}
		if t == 0 || m.Every <= 0 || t%m.Every == 0 || last {
			v[k] = m.Eval(x)
		}
	}
	return v
}

// blowupGap is the loss gap past which the run has blown up: Stop.Blowup
// (or DefaultBlowup) times the start's gap.
func (s *Stepper) blowupGap() float64 {
	k := s.e.Stop.Blowup
	if k <= 0 {
		k = DefaultBlowup
	}
	ref := s.gap(s.f0)
	if !(ref > 0) {
		ref = 1
		if s.hasMin {
			ref = math.Max(math.Abs(s.fstar), 1)
		}
	}
	return k * ref
}

// gap is how far loss f is from where the run should go: f − f* when f*
// is known, else the distance from the start's loss (a problem without a
// minimum runs away downwards).
func (s *Stepper) gap(f float64) float64 {
	if s.hasMin {
		return f - s.fstar
	}
	return math.Abs(f - s.f0)
}

// stopRule applies the stop rules to the current point; it sets the
// reason of the statuses that need one. The blow-up rule is always on: a
// finite loss gap far past the start's is a diverged run, not max_steps.
func (s *Stepper) stopRule() (trace.Status, bool) {
	p, stop := s.cur, s.e.Stop
	switch {
	case stop.Bound > 0 && outside(s.x, stop.Bound):
		s.reason = fmt.Sprintf("|x_i| > stop.bound = %g at step %d", stop.Bound, p.Step)
		return trace.OutOfBounds, true
	case p.Step > 0 && s.gap(p.Loss) > s.blowup:
		s.reason = fmt.Sprintf("blew up at step %d: loss %.3g, its gap %.3g past %.3g (%g× the start's)",
			p.Step, p.Loss, s.gap(p.Loss), s.blowup, s.blowupFactor())
		return trace.Diverged, true
	case stop.GradNorm > 0 && p.GradNorm <= stop.GradNorm:
		return trace.Converged, true
	case stop.LossGap > 0 && s.hasMin && p.Loss-s.fstar <= stop.LossGap:
		return trace.Converged, true
	}
	return "", false
}

func (s *Stepper) blowupFactor() float64 {
	if k := s.e.Stop.Blowup; k > 0 {
		return k
	}
	return DefaultBlowup
}

// end closes the run with status st at the last finite point, whose
// metrics are evaluated there if their cadence skipped it.
func (s *Stepper) end(st trace.Status) {
	s.status, s.done = st, true
	s.cur.X = *s.curX
	for k, m := range s.e.Metrics {
		if k < len(s.cur.Metrics) && math.IsNaN(s.cur.Metrics[k]) {
			if m.Of != nil {
				s.cur.Metrics[k] = m.Of(s.stream, s.cur.X, s.cur.Step, true)
				continue
			}
			s.cur.Metrics[k] = m.Eval(s.cur.X)
		}
	}
}

// Interrupt ends the run at its last finite point with status interrupted.
func (s *Stepper) Interrupt() {
	if !s.done {
		s.end(trace.Interrupted)
	}
}

// Point is the run's current state: the point after the last finite
// update (step 0 at the start). Its X is the stepper's own and is valid
// until the next Step.
func (s *Stepper) Point() trace.Point {
	p := s.cur
	p.X = *s.curX
	return p
}

// Done reports whether the run has ended.
func (s *Stepper) Done() bool { return s.done }

// Status is how the run ended and the last step taken ("" while it runs).
func (s *Stepper) Status() (trace.Status, int) { return s.status, s.cur.Step }

// Reason says why a diverged or out_of_bounds run stopped ("" otherwise).
func (s *Stepper) Reason() string { return s.reason }

// Label is the run's label.
func (s *Stepper) Label() string { return s.spec.Label }

// LR is the base learning rate the schedule scales.
func (s *Stepper) LR() float64 { return s.lr }

// SetLR changes the base learning rate from the next update on; the
// schedule still applies on top of it.
func (s *Stepper) SetLR(lr float64) error {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("lab: lr must be > 0 and finite, got %g", lr)
	}
	s.lr = lr
	s.rates = s.spec.Schedule.Rates(lr)
	return nil
}

// SetHyper changes a numeric hyperparameter other than lr (momentum, beta1,
// rho, …) from the next update on, keeping the optimizer's state (its
// moments, its velocity): see optimizers.Retune.
func (s *Stepper) SetHyper(name string, v float64) error {
	c := s.hyper
	c.Values = make(map[string]float64, len(s.hyper.Values)+1)
	for k, x := range s.hyper.Values {
		c.Values[k] = x
	}
	c.Values[name] = v
	h, err := optimizers.Resolve(c)
	if err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if err := optimizers.Retune(s.opt, h); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	s.hyper = c
	return nil
}

// X is the full current point (all coordinates, whatever Keep says).
func (s *Stepper) X() []float64 { return *s.curX }

// ProblemState is the run's state beside x (problem.StateKeeper), or nil.
func (s *Stepper) ProblemState() []float64 {
	if k, ok := s.stream.(problem.StateKeeper); ok {
		return k.State()
	}
	return nil
}

// OptimizerState is a copy of the optimizer's inner state for display (velocity,
// moments; see optimizers.Stater), with "g" the gradient the next update
// will use; reading it changes nothing.
func (s *Stepper) OptimizerState() map[string][]float64 {
	st := optimizers.StateOf(s.opt)
	if st == nil {
		st = map[string][]float64{}
	}
	st["g"] = append([]float64(nil), s.g...)
	return st
}

// Cost is what the run's updates have cost so far (see trace.Cost; the
// lab's own measurements for the trace are not counted).
func (s *Stepper) Cost() trace.Cost { return s.cost.cost() }

// Hyper is the run's current optimizer config (after SetHyper).
func (s *Stepper) Hyper() optimizers.Config { return s.hyper }
