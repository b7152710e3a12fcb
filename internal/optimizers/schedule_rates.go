package optimizers

import "math"

// Rates yields a Schedule's learning rates update after update, computed as
// PyTorch's schedulers compute them: recursively, each scheduler's step
// rescaling the current rate (the "chainable form" of LinearLR, StepLR,
// ExponentialLR and CosineAnnealingLR, chained warm-up first, as
// ChainedScheduler([LinearLR, decay]) does). The closed form of Rate is the
// same number up to rounding; the recursion is what makes a scheduled run's
// every bit equal torch's (on Rosenbrock the closed form's last-bit
// differences grow past 1e-7 within about a hundred steps). The zero value
// is not usable: get one from Schedule.Rates.
type Rates struct {
	s    Schedule
	base float64
	t    int // the update lr belongs to
	lr   float64
}

// Rates starts the recursion at update 0 with base rate lr.
func (s Schedule) Rates(lr float64) Rates {
	r := Rates{s: s, base: lr, lr: lr}
	if w := s.Warmup; w != nil && w.Steps > 0 {
		r.lr = lr * w.StartFactor // LinearLR's first rate
	}
	return r
}

// At returns the rate of update t (t = 0 first; negative t counts as 0). It
// continues from the last t asked for, so asking for t = 0, 1, 2, … costs
// one recursion step each; an earlier t starts over from 0.
func (r *Rates) At(t int) float64 {
	t = max(t, 0)
	if t < r.t {
		*r = r.s.Rates(r.base)
	}
	for r.t < t {
		r.t++
		r.lr = r.s.next(r.lr, r.t)
	}
	return r.lr
}

// next is one scheduler step from update e−1's rate to update e's (e ≥ 1),
// in torch 1.13's order of operations (Python never fuses a multiply-add;
// float64() keeps Go from doing it either).
func (s Schedule) next(lr float64, e int) float64 {
	if w := s.Warmup; w != nil && w.Steps > 0 && e <= w.Steps {
		f := w.StartFactor
		lr *= 1 + (1-f)/(float64(float64(w.Steps)*f)+float64(float64(e-1)*(1-f)))
	}
	d := s.Decay
	if d == nil {
		return lr
	}
	switch d.Kind {
	case "step":
		if d.StepSize > 0 && e%d.StepSize == 0 {
			lr *= d.Gamma
		}
	case "exp":
		lr *= d.Gamma
	case "cosine":
		// Held at η_min after T (torch would start a second period).
		if T := d.TotalSteps; T > 0 && e <= T {
			ratio := (1 + cosRounded(math.Pi*float64(e)/float64(T))) / (1 + cosRounded(math.Pi*float64(e-1)/float64(T)))
			lr = float64(ratio*(lr-d.MinLR)) + d.MinLR
		}
	}
	return lr
}
