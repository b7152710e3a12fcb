package optimizers

import (
	"math"

	"github.com/optlab/optlab/internal/optimizers/kernel"
)

// Adam is Kingma & Ba's Adam in torch.optim.Adam's (1.13) order of
// operations:
//
//	s ← β1·s + (1−β1)·g
//	r ← β2·r + (1−β2)·g²
//	x ← x − (lr/(1−β1^t))·s / (√r/√(1−β2^t) + eps)
//
// which is x ← x − lr·ŝ/(√r̂ + eps) with ŝ = s/(1−β1^t), r̂ = r/(1−β2^t).
// With EpsInsideSqrt the denominator is √(r/(1−β2^t) + eps) = √(r̂ + eps).
// Without BiasCorrection (torch has no such switch; the original paper's
// uncorrected form) ŝ = s and r̂ = r: x ← x − lr·s/(√r + eps). With
// s₁ = (1−β1)g₁ and √r₁ = √(1−β2)|g₁| the first step is then
// lr·(1−β1)/√(1−β2) ≈ 3.16·lr per coordinate at the defaults, against
// lr for the corrected Adam: the lecture's "slightly larger" steps at the
// start, which fade as β1^t and β2^t go to 0.
// Rounding, as torch: s.mul_(β1).add_(g, alpha=1−β1) is
// s ← fma(1−β1, g, s·β1); r.mul_(β2).addcmul_(g, g, value=1−β2) is
// r ← fma((1−β2)·g, g, r·β2); x.addcdiv_(s, d, value=−lr/(1−β1^t)) is
// x + ((−lr/(1−β1^t))·s)/d, unfused, with d = √r/√(1−β2^t) + eps.
// The eps_inside_sqrt and uncorrected variants keep that order.
// t counts from 1. Where the denominator is 0 (eps = 0 and only zero
// gradients so far, hence s = 0) the coordinate does not move.
type Adam struct {
	Beta1, Beta2  float64 // in [0, 1)
	Eps           float64
	EpsInsideSqrt bool
	// NoBiasCorrection drops the 1/(1−β^t) factors (config:
	// bias_correction: false).
	NoBiasCorrection bool

	s, r []float64
	p    kernel.AdamParams // this step's scalars, kept here so Step allocates nothing
}

var _ Optimizer = (*Adam)(nil)

// Init allocates and zeroes the moments s and r.
func (a *Adam) Init(n int) {
	a.s = resize(a.s, n)
	a.r = resize(a.r, n)
}

// Step applies update t (t ≥ 1).
func (a *Adam) Step(x, g []float64, t int, lr float64, _ Oracle) error {
	bc1 := 1 - powInt(a.Beta1, t)
	bc2 := 1 - powInt(a.Beta2, t)
	if a.NoBiasCorrection {
		bc1, bc2 = 1, 1
	}
	a.p = kernel.AdamParams{
		Beta1: a.Beta1, Beta2: a.Beta2, C1: 1 - a.Beta1, C2: 1 - a.Beta2,
		NegStep: -(lr / bc1), BC2Sqrt: math.Sqrt(bc2), BC2: bc2,
		Eps: a.Eps, EpsInside: a.EpsInsideSqrt,
	}
	kernel.Adam(x, a.s, a.r, g, &a.p)
	return nil
}

func adamSpec() Spec {
	return Spec{
		Name:    "adam",
		Preset:  adamPreset(),
		Summary: "Adam: bias-corrected momentum over an RMS denominator",
		Rule: []string{
			"s ← β1·s + (1−β1)·g;  r ← β2·r + (1−β2)·g²",
			"ŝ = s/(1−β1^t);  r̂ = r/(1−β2^t)",
			"x ← x − lr·ŝ/(√r̂ + eps)   (eps_inside_sqrt: √(r̂ + eps))",
			"bias_correction: false — ŝ = s, r̂ = r (first step lr·(1−β1)/√(1−β2) per coordinate)",
		},
		Params:       adamParams(),
		Flags:        []string{"eps_inside_sqrt", "bias_correction"},
		FlagDefaults: map[string]bool{"bias_correction": true},
		New: func(h Hyper) (Optimizer, error) {
			return &Adam{Beta1: h.Values["beta1"], Beta2: h.Values["beta2"], Eps: h.Values["eps"],
				EpsInsideSqrt: h.Flags["eps_inside_sqrt"], NoBiasCorrection: !h.Flags["bias_correction"]}, nil
		},
	}
}

// adamParams are Adam's and RAdam's hyperparameters with PyTorch's defaults.
func adamParams() []Param {
	return []Param{
		lrParam(1e-3),
		{Name: "beta1", Default: 0.9, Doc: "decay β1 of the first moment", Check: unitParam},
		{Name: "beta2", Default: 0.999, Doc: "decay β2 of the second moment", Check: unitParam},
		{Name: "eps", Default: 1e-8, Doc: "added to the denominator", Check: nonNegativeParam},
	}
}

// adamPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test): adam
// steps about lr per coordinate: two hundredths of the window.
func adamPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 2 * (0.01 * s.Width) },
	}
}

// State returns copies of the raw moments s and r (not bias-corrected).
func (a *Adam) State() map[string][]float64 {
	return map[string][]float64{"s": copyVec(a.s), "r": copyVec(a.r)}
}
