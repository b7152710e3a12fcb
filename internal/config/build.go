package config

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// Build turns a validated File into a runnable experiment.
func (f *File) Build() (*lab.Experiment, error) {
	if f.Problem != nil {
		return f.buildData()
	}
	s, report, err := f.surface()
	if err != nil {
		return nil, err
	}
	e := &lab.Experiment{
		Name:        f.Name,
		Problem:     s,
		Landscape:   s,
		Start:       f.Start,
		Steps:       f.Steps,
		Seed:        f.Seed,
		Repeats:     f.Repeats,
		RecordEvery: f.RecordEvery,
		Report:      report,
	}
	if e.Start == nil {
		e.Start = s.Start()
	}
	if f.Starts != nil {
		lo, hi := s.Bounds()
		f.applyStarts(e, lo, hi)
	}
	if f.LRScaling != nil && f.noisy() {
		e.Report.LRScaling = &trace.LRScaling{Rule: f.LRScaling.Rule, BaseBatch: f.LRScaling.BaseBatch}
	}
	if f.Stop != nil {
		e.Stop = lab.Stop{LossGap: f.Stop.LossGap, GradNorm: f.Stop.GradNorm, Bound: f.Stop.Bound, Blowup: f.Stop.Blowup}
	}
	nc := f.noiseConfig()
	if f.noisy() {
		obj, err := noise.New(s, nc, f.Seed)
		if err != nil {
			return nil, err
		}
		e.Problem = obj
		e.Minima = s.Minima()
		if nc.Model == noise.FiniteSum {
			e.Minima = problem.Polish(obj.(problem.Polishable), s.Minima())
			e.Landscape = noise.Landscape(s, obj, e.Minima)
		}
		e.Report.Noise = noiseSummary(nc)
	}
	for i := range f.Optimizers {
		o := &f.Optimizers[i]
		c := o.config()
		h, err := optimizers.Resolve(c)
		if err != nil {
			return nil, fmt.Errorf("optimizers[%d].%v", i, err)
		}
		sched := o.Schedule
		if sched == nil && o.Base != nil {
			sched = o.Base.Schedule
		}
		rc := nc // this run's noise: the experiment's, with its own batch
		var obj problem.Objective
		if o.Batch != nil && f.noisy() {
			rc.Batch = *o.Batch
			if rc.Model == noise.FiniteSum { // one dataset for every run
				obj, err = noise.WithBatch(e.Problem, rc.Batch)
			} else {
				obj, err = noise.New(s, rc, f.Seed)
			}
			if err != nil {
				return nil, err
			}
		}
		spec := lab.RunSpec{
			Label:     o.label(),
			Optimizer: c,
			LR:        h.LR() * f.lrScale(rc),
			Schedule:  sched.schedule(f.Steps),
			Problem:   obj,
		}
		if f.noisy() {
			spec.Batch = rc.Batch
		}
		e.Runs = append(e.Runs, spec)
	}
	f.buildShift(e)
	e.Sharpness = f.Sharpness.options(f.Seed)
	return e, nil
}

// surface builds the surface block and what summary.json says of it: an
// expression is reported as "expr:" and its text, with its parameters.
func (f *File) surface() (surfaces.Surface, lab.Report, error) {
	if f.Surface.IsExpr() {
		s, err := f.Surface.exprSurface()
		if err != nil {
			return nil, lab.Report{}, err
		}
		return s, lab.Report{Problem: s.Name(), ProblemParams: f.Surface.Params}, nil
	}
	spec, ok := surfaces.Lookup(f.Surface.Name)
	if !ok {
		return nil, lab.Report{}, fmt.Errorf("config: unknown surface %q", f.Surface.Name)
	}
	params := map[string]float64{}
	for k, v := range f.Surface.Params {
		p, _ := findParam(spec.Params, k)
		params[p.Name] = v
	}
	s, err := surfaces.New(spec.Name, params, f.dim(spec))
	if err != nil {
		return nil, lab.Report{}, err
	}
	return s, lab.Report{Problem: spec.Name, ProblemParams: fullParams(spec, params)}, nil
}

// noiseSummary is what summary.json says of the noise model.
func noiseSummary(nc noise.Config) *trace.NoiseSummary {
	n := &trace.NoiseSummary{Model: nc.Model, Batch: nc.Batch}
	if nc.Model == noise.Gaussian {
		n.Sigma = nc.Sigma
	} else {
		n.Spread, n.Examples = nc.Spread, nc.Examples
	}
	return n
}

// lrScale is the linear scaling rule's factor m/B0 (or its square root).
func (f *File) lrScale(nc noise.Config) float64 {
	if f.LRScaling == nil || !f.noisy() {
		return 1
	}
	r := float64(nc.Batch) / float64(f.LRScaling.BaseBatch)
	if f.LRScaling.Rule == "sqrt" {
		return math.Sqrt(r)
	}
	return r
}

func fullParams(spec surfaces.Spec, given map[string]float64) map[string]float64 {
	if len(spec.Params) == 0 {
		return nil
	}
	out := make(map[string]float64, len(spec.Params))
	for _, p := range spec.Params {
		out[p.Name] = p.Default
		if v, ok := given[p.Name]; ok {
			out[p.Name] = v
		}
	}
	return out
}
