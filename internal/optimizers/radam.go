package optimizers

import (
	"math"

	"github.com/optlab/optlab/internal/optimizers/kernel"
)

// RAdam is Liu et al.'s rectified Adam as torch.optim.RAdam (1.13) computes
// it. With s, r updated as in Adam and t counting from 1:
//
//	ŝ  = s/(1−β1^t)
//	ρ∞ = 2/(1−β2) − 1,   ρt = ρ∞ − 2t·β2^t/(1−β2^t)
//	if ρt > 5:  rect = √((ρt−4)(ρt−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρt))
//	            x ← x − ŝ·lr·(√(1−β2^t)/(√r + eps))·rect
//	else:       x ← x − ŝ·lr            (un-adapted step, momentum only)
//
// Rounding, as torch: s and r as Adam (fused multiply-adds), ŝ = s/(1−β1^t);
// the adaptive factor √(1−β2^t)/(√r + eps) is computed as torch's
// scalar/tensor, (1/(√r + eps))·√(1−β2^t); the step is
// ((ŝ·lr)·factor)·rect, subtracted from x.
// With EpsInsideSqrt the adaptive factor √(1−β2^t)/(√r + eps) becomes
// 1/√(r̂ + eps), r̂ = r/(1−β2^t), as for Adam. With β2 = 0.999 the first 5
// steps are un-adapted (ρt ≈ t); for β2 ≤ 2/3 (ρ∞ ≤ 5) every step is. Where the
// adaptive denominator is 0 (eps = 0, only zero gradients so far) the
// coordinate does not move.
type RAdam struct {
	Beta1, Beta2  float64 // in [0, 1)
	Eps           float64
	EpsInsideSqrt bool

	s, r []float64
	p    kernel.RAdamParams // this step's scalars, kept here so Step allocates nothing
}

var _ Optimizer = (*RAdam)(nil)

// Init allocates and zeroes the moments s and r.
func (a *RAdam) Init(n int) {
	a.s = resize(a.s, n)
	a.r = resize(a.r, n)
}

// Step applies update t (t ≥ 1).
func (a *RAdam) Step(x, g []float64, t int, lr float64, _ Oracle) error {
	tf := float64(t)
	bc1 := 1 - powInt(a.Beta1, t)
	b2t := powInt(a.Beta2, t)
	bc2 := 1 - b2t
	rhoInf := 2/(1-a.Beta2) - 1
	rhoT := rhoInf - 2*tf*b2t/bc2
	a.p = kernel.RAdamParams{
		Beta1: a.Beta1, Beta2: a.Beta2, C1: 1 - a.Beta1, C2: 1 - a.Beta2,
		BC1: bc1, BC2: bc2, LR: lr, Adapt: rhoT > 5, Num: 1, Eps: a.Eps, EpsInside: a.EpsInsideSqrt,
	}
	if a.p.Adapt {
		a.p.Rect = math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
		if !a.EpsInsideSqrt {
			a.p.Num = math.Sqrt(bc2)
		}
	}
	kernel.RAdam(x, a.s, a.r, g, &a.p)
	return nil
}

func radamSpec() Spec {
	return Spec{
		Name:    "radam",
		Preset:  radamPreset(),
		Summary: "rectified Adam (PyTorch's RAdam): momentum-only steps until the variance estimate is usable",
		Rule: []string{
			"s, r as adam;  ŝ = s/(1−β1^t)",
			"ρ∞ = 2/(1−β2) − 1;  ρt = ρ∞ − 2t·β2^t/(1−β2^t)",
			"ρt > 5: rect = √((ρt−4)(ρt−2)ρ∞/((ρ∞−4)(ρ∞−2)ρt));  x ← x − lr·ŝ·rect·√(1−β2^t)/(√r + eps)",
			"else:   x ← x − lr·ŝ",
		},
		Params: adamParams(),
		Flags:  []string{"eps_inside_sqrt"},
		Notes:  "eps_inside_sqrt replaces √(1−β2^t)/(√r + eps) by 1/√(r̂ + eps), as for adam.",
		New: func(h Hyper) (Optimizer, error) {
			return &RAdam{Beta1: h.Values["beta1"], Beta2: h.Values["beta2"], Eps: h.Values["eps"],
				EpsInsideSqrt: h.Flags["eps_inside_sqrt"]}, nil
		},
	}
}

// radamPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test): as
// adam: two hundredths of the window.
func radamPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 2 * (0.01 * s.Width) },
	}
}

// State returns copies of the raw moments s and r (not bias-corrected).
func (a *RAdam) State() map[string][]float64 {
	return map[string][]float64{"s": copyVec(a.s), "r": copyVec(a.r)}
}
