package optimizers

import (
	"fmt"
	"math"
	"strings"
)

// Schedule gives the learning rate of every update; the zero value is a
// constant rate. Factors multiply, as PyTorch's chained schedulers do:
//
//	lr_t = lr · warmup(t) · decay(t),   t = 0 for the first update
//
// with warmup(t) = f + (1 − f)·min(t, W)/W (LinearLR), decay "step"
// γ^⌊t/s⌋ (StepLR), "exp" γ^t (ExponentialLR); "cosine" replaces lr by
// η_min + (lr − η_min)(1 + cos(π·min(t, T)/T))/2 (CosineAnnealingLR, held
// at η_min after T), still times the warm-up factor.
type Schedule struct {
	Warmup *Warmup
	Decay  *Decay
}

// Warmup is PyTorch's LinearLR from StartFactor to 1 over Steps updates.
// Steps = 0 means no warm-up.
type Warmup struct {
	Steps       int
	StartFactor float64 // in (0, 1]; default 0.1 is applied by the config layer
}

// Decay is one of the decays "step", "exp", "cosine".
type Decay struct {
	Kind       string
	StepSize   int     // step: s ≥ 1
	Gamma      float64 // step, exp: γ in (0, 1]
	TotalSteps int     // cosine: T ≥ 1 (the config layer defaults it to steps)
	MinLR      float64 // cosine: η_min ≥ 0
}

// Rate returns lr_t for update t (t = 0 first; negative t counts as 0):
//
//	lr_t = lr · warmup(t) · decay(t)
//
// warmup(t) = f + (1 − f)·min(t, W)/W (1 without warm-up or when W = 0);
// decay "step": γ^⌊t/s⌋, "exp": γ^t, "cosine": lr · decay(t) is replaced
// by η_min + (lr − η_min)(1 + cos(π·min(t, T)/T))/2. A decay Validate
// would reject (unknown kind, s < 1, T < 1) contributes a factor 1.
func (s Schedule) Rate(lr float64, t int) float64 {
	t = max(t, 0)
	f := 1.0
	if w := s.Warmup; w != nil && w.Steps > 0 {
		f = w.StartFactor + (1-w.StartFactor)*float64(min(t, w.Steps))/float64(w.Steps)
	}
	if d := s.Decay; d != nil {
		switch d.Kind {
		case "step":
			if d.StepSize > 0 {
				lr *= math.Pow(d.Gamma, float64(t/d.StepSize))
			}
		case "exp":
			lr *= math.Pow(d.Gamma, float64(t))
		case "cosine":
			if T := d.TotalSteps; T > 0 {
				lr = d.MinLR + (lr-d.MinLR)*(1+math.Cos(math.Pi*float64(min(t, T))/float64(T)))/2
			}
		}
	}
	return lr * f
}

// Validate checks the schedule's fields. Errors are *ParamError with paths
// relative to the schedule: "warmup.steps", "decay.gamma", ...
func (s Schedule) Validate() error {
	bad := func(p, format string, args ...any) error {
		return &ParamError{Param: p, Msg: fmt.Sprintf(format, args...)}
	}
	if w := s.Warmup; w != nil {
		if w.Steps < 0 {
			return bad("warmup.steps", "must be >= 0, got %d", w.Steps)
		}
		if !(w.StartFactor > 0 && w.StartFactor <= 1) {
			return bad("warmup.start_factor", "must be in (0, 1], got %g", w.StartFactor)
		}
	}
	d := s.Decay
	if d == nil {
		return nil
	}
	switch d.Kind {
	case "step":
		if d.StepSize < 1 {
			return bad("decay.step_size", "must be >= 1, got %d", d.StepSize)
		}
		fallthrough
	case "exp":
		if !(d.Gamma > 0 && d.Gamma <= 1) {
			return bad("decay.gamma", "must be in (0, 1], got %g", d.Gamma)
		}
	case "cosine":
		if d.TotalSteps < 1 {
			return bad("decay.total_steps", "must be >= 1, got %d", d.TotalSteps)
		}
		if !(d.MinLR >= 0) || math.IsInf(d.MinLR, 0) {
			return bad("decay.min_lr", "must be finite and >= 0, got %g", d.MinLR)
		}
	default:
		return bad("decay.kind", "must be one of %s, got %q", strings.Join(DecayKinds(), ", "), d.Kind)
	}
	return nil
}

// A ScheduleKind documents one schedule component for `optlab list schedules`.
type ScheduleKind struct {
	Name    string // "warmup", or a decay kind: "step", "exp", "cosine"
	Summary string // one line
	Formula string // its factor (or rate, for cosine); t = 0 first
	Keys    string // config keys with defaults
}

// ScheduleKinds lists the warm-up and the decay kinds.
func ScheduleKinds() []ScheduleKind {
	return []ScheduleKind{
		{"warmup", "linear warm-up from f·lr to lr over W updates (PyTorch LinearLR)",
			"f + (1 − f)·min(t, W)/W", "warmup: {steps: W, start_factor: f (0.1)}"},
		{"step", "multiply by γ every s updates (PyTorch StepLR)",
			"γ^⌊t/s⌋", "decay: {kind: step, step_size: s, gamma: γ}"},
		{"exp", "multiply by γ every update (PyTorch ExponentialLR)",
			"γ^t", "decay: {kind: exp, gamma: γ}"},
		{"cosine", "cosine annealing from lr to η_min over T updates, then η_min (PyTorch CosineAnnealingLR)",
			"η_min + (lr − η_min)(1 + cos(π·min(t, T)/T))/2", "decay: {kind: cosine, total_steps: T (steps), min_lr: η_min (0)}"},
	}
}

// DecayKinds lists the valid Decay.Kind values.
func DecayKinds() []string { return []string{"step", "exp", "cosine"} }
