// Package play is the model of `optlab play`: a live playground in which
// the lab's own runs (lab.Stepper, built from a config.File exactly as
// `optlab run` builds them) are stepped a few updates per frame and drawn
// over the surface's contours in terminal cells. The Bubble Tea model is
// in model.go (state changes only in Update), the renderer in render.go
// (a pure function of plain data) and the YAML writer in yaml.go.
package play

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// A session is one built experiment and its live runs.
type session struct {
	file config.File // the setup the runs were built from (what `s` saves)
	exp  *lab.Experiment
	land plotting.Landscape
	runs []*liveRun
	// changed says a setting was changed after the runs had started, which
	// a YAML config cannot express: saving then writes a fresh start.
	changed bool
}

// A liveRun is one stepper and what has been drawn of it.
type liveRun struct {
	st    *lab.Stepper
	label string
	color color.NRGBA
	spec  int          // index into file.Optimizers
	path  [][2]float64 // finite points so far, step 0 first
	loss  []float64
	err   error // an optimizer failure (not a divergence)
}

// newSession validates and builds f as `optlab run` does and makes one
// stepper per run at the start.
func newSession(f config.File) (*session, error) {
	f = cloneFile(f)
	if err := f.Validate(); err != nil {
		return nil, err
	}
	e, err := f.Build()
	if err != nil {
		return nil, err
	}
	if e.Landscape == nil || e.Landscape.Dim() != 2 {
		return nil, errors.New("play: the playground draws 2-D surfaces only")
	}
	if len(e.Starts) > 0 {
		return nil, errors.New("play: a basin experiment (starts:) runs hundreds of starts; play one start's runs (a config with start:)")
	}
	land, err := runner.LandscapeOf(e.Landscape)
	if err != nil {
		return nil, fmt.Errorf("play: %w", err)
	}
	s := &session{file: f, exp: e, land: land}
	reps := max(e.Repeats, 1)
	for i := 0; i < e.RunCount(); i++ {
		st, err := lab.NewStepper(e, i)
		if err != nil {
			return nil, err
		}
		// Labelled as trace.csv names the run (label#k for repeats).
		r := &liveRun{st: st, label: e.RunID(i), color: plotting.RunColor(i / reps), spec: i / reps}
		r.record()
		s.runs = append(s.runs, r)
	}
	return s, nil
}

// record appends the stepper's current point to the drawn path.
func (r *liveRun) record() {
	p := r.st.Point()
	if len(r.loss) > 0 && p.Step < len(r.loss) {
		return // the run ended at its last finite point: already drawn
	}
	r.path = append(r.path, [2]float64{p.X[0], p.X[1]})
	r.loss = append(r.loss, p.Loss)
}

// step advances every live run by n updates; runs that end stop, the
// others go on.
func (s *session) step(n int) {
	for _, r := range s.runs {
		for k := 0; k < n && !r.st.Done() && r.err == nil; k++ {
			if _, err := r.st.Step(); err != nil {
				r.err = err
				r.st.Interrupt()
			}
			r.record()
		}
	}
}

// started reports whether any run has taken an update.
func (s *session) started() bool {
	for _, r := range s.runs {
		if len(r.path) > 1 {
			return true
		}
	}
	return false
}

// allDone reports whether every run has ended.
func (s *session) allDone() bool {
	for _, r := range s.runs {
		if !r.st.Done() {
			return false
		}
	}
	return true
}

// status is a run's status word for the panel.
func (r *liveRun) status() string {
	if r.err != nil {
		return "error"
	}
	st, _ := r.st.Status()
	if st == "" {
		return "running"
	}
	return string(st)
}

// point is the run's current point.
func (r *liveRun) point() trace.Point { return r.st.Point() }

// cloneFile deep-copies the parts of f the playground changes, so the
// caller's File is never modified.
func cloneFile(f config.File) config.File {
	if len(f.Start) > 0 {
		f.Start = append([]float64(nil), f.Start...)
	} else {
		f.Start = nil
	}
	f.Surface.Params = cloneMap(f.Surface.Params)
	if f.Noise != nil {
		n := *f.Noise
		n.Batch = clonePtr(n.Batch)
		n.Sigma = clonePtr(n.Sigma)
		n.Spread = clonePtr(n.Spread)
		n.Examples = clonePtr(n.Examples)
		f.Noise = &n
	}
	if f.Stop != nil {
		st := *f.Stop
		f.Stop = &st
	}
	if f.LRScaling != nil {
		l := *f.LRScaling
		f.LRScaling = &l
	}
	opts := make([]config.OptimizerSpec, len(f.Optimizers))
	for i, o := range f.Optimizers {
		opts[i] = cloneOpt(o)
	}
	f.Optimizers = opts
	return f
}

func cloneOpt(o config.OptimizerSpec) config.OptimizerSpec {
	o.Values = cloneMap(o.Values)
	o.Choices = cloneMap(o.Choices)
	o.Flags = cloneMap(o.Flags)
	o.Batch = clonePtr(o.Batch)
	if o.Schedule != nil {
		sc := *o.Schedule
		if sc.Warmup != nil {
			w := *sc.Warmup
			w.StartFactor = clonePtr(w.StartFactor)
			sc.Warmup = &w
		}
		if sc.Decay != nil {
			d := *sc.Decay
			d.Gamma = clonePtr(d.Gamma)
			sc.Decay = &d
		}
		o.Schedule = &sc
	}
	if o.Base != nil {
		b := cloneOpt(*o.Base)
		o.Base = &b
	}
	return o
}

func cloneMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	c := make(map[K]V, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// finite reports whether v is a finite number.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
