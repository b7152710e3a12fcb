package optimizers

import "math"

// Schedule gives the learning rate of every update; the zero value is a
// constant rate. Factors multiply, as PyTorch's chained schedulers do:
//
//	lr_t = lr · warmup(t) · decay(t),   t = 0 for the first update
//
// with warmup(t) = f + (1 − f)·min(t, W)/W (LinearLR), decay "step"
// γ^⌊t/s⌋ (StepLR), "exp" γ^t (ExponentialLR); "cosine" replaces lr by
// η_min + (lr − η_min)(1 + cos(π·min(t, T)/T))/2 (CosineAnnealingLR, held
// at η_min after T), still times the warm-up factor. Rate is that closed
// form; runs take their rates from Rates, the same numbers computed by
// PyTorch's recursion, so that they round as torch's do.
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
// by η_min + (lr − η_min)(1 + cos(π·min(t, T)/T))/2. A decay the config
// layer rejects (unknown kind, s < 1, T < 1) contributes a factor 1. The
// schedule is checked once, there, on what the user wrote (which keys
// apply to which kind, the defaults it fills in), not again here.
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
