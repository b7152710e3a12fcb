package config

import (
	"math"

	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/optimizers"
)

// Defaults of the schedule blocks (PyTorch's where it has one).
const (
	DefaultStartFactor = 0.1
	DefaultStepGamma   = 0.1 // StepLR's default
)

// Validate checks a schedule block (nil: none). It is the one check of
// schedules: only here is it known which keys were written, so a key that
// does not apply to the decay kind is reported and defaults are filled in
// only where nothing was given.
func (s *ScheduleSpec) Validate() fielderr.List {
	var problems fielderr.List
	if s == nil {
		return nil
	}
	if s.Warmup != nil {
		w := s.Warmup
		if w.Steps < 1 {
			problems.Add("warmup.steps", "must be ≥ 1, got %d", w.Steps)
		}
		if w.StartFactor != nil && !(*w.StartFactor > 0 && *w.StartFactor <= 1) {
			problems.Add("warmup.start_factor", "must be in (0, 1], got %g", *w.StartFactor)
		}
	}
	if s.Decay == nil {
		return problems
	}
	d := s.Decay
	p := "decay."
	gammaIn := func(lo float64) {
		if d.Gamma == nil {
			if d.Kind == "exp" {
				problems.Add(p+"gamma", "is required for kind exp")
			}
			return
		}
		if g := *d.Gamma; !(g > lo && g <= 1) {
			problems.Add(p+"gamma", "must be in (0, 1], got %g", g)
		}
	}
	switch d.Kind {
	case "step":
		if d.StepSize < 1 {
			problems.Add(p+"step_size", "must be ≥ 1, got %d", d.StepSize)
		}
		gammaIn(0)
	case "exp":
		gammaIn(0)
	case "cosine":
		if d.TotalSteps < 0 {
			problems.Add(p+"total_steps", "must be ≥ 1, got %d", d.TotalSteps)
		}
		if !(d.MinLR >= 0) || math.IsInf(d.MinLR, 0) {
			problems.Add(p+"min_lr", "must be a finite number ≥ 0, got %g", d.MinLR)
		}
	case "":
		problems.Add(p+"kind", "is required (step, exp or cosine)")
	default:
		problems.Add(p+"kind", "must be step, exp or cosine, got %q%s", d.Kind, suggest(d.Kind, []string{"step", "exp", "cosine"}))
	}
	if d.Kind != "step" && d.StepSize != 0 {
		problems.Add(p+"step_size", "only applies to kind step")
	}
	if d.Kind != "cosine" && (d.TotalSteps != 0 || d.MinLR != 0) {
		problems.Add(p+"total_steps", "total_steps and min_lr only apply to kind cosine")
	}
	if d.Kind == "cosine" && d.Gamma != nil {
		problems.Add(p+"gamma", "does not apply to kind cosine")
	}
	return problems
}

// schedule builds the optimizers.Schedule; steps is the experiment's step
// count (cosine's default total_steps).
func (s *ScheduleSpec) schedule(steps int) optimizers.Schedule {
	var out optimizers.Schedule
	if s == nil {
		return out
	}
	if w := s.Warmup; w != nil {
		f := DefaultStartFactor
		if w.StartFactor != nil {
			f = *w.StartFactor
		}
		out.Warmup = &optimizers.Warmup{Steps: w.Steps, StartFactor: f}
	}
	if d := s.Decay; d != nil {
		g := DefaultStepGamma
		if d.Gamma != nil {
			g = *d.Gamma
		}
		total := d.TotalSteps
		if total == 0 {
			total = steps
		}
		out.Decay = &optimizers.Decay{Kind: d.Kind, StepSize: d.StepSize, Gamma: g, TotalSteps: total, MinLR: d.MinLR}
	}
	return out
}
