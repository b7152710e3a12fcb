package optimizers

import "github.com/optlab/optlab/internal/optimizers/kernel"

// RMSProp is Hinton's RMSProp in torch.optim.RMSprop's order (alpha = ρ,
// not centered, no momentum):
//
//	r ← ρ·r + (1−ρ)·g²
//	x ← x − lr·g/(√r + eps)        (EpsInsideSqrt: x ← x − lr·g/√(r + eps))
//
// Rounding, as torch: r.mul_(ρ).addcmul_(g, g, value=1−ρ) is
// r ← fma((1−ρ)·g, g, r·ρ), and x.addcdiv_(g, d, value=−lr) is
// x + ((−lr)·g)/d, unfused.
// Where the denominator is 0 (eps = 0 and only zero gradients so far in that
// coordinate) the coordinate does not move.
type RMSProp struct {
	Rho           float64 // decay ρ of the squared-gradient average
	Eps           float64
	EpsInsideSqrt bool

	r []float64
}

var _ Optimizer = (*RMSProp)(nil)

// Init allocates and zeroes the running average r.
func (m *RMSProp) Init(n int) { m.r = resize(m.r, n) }

// Step applies one RMSProp update.
func (m *RMSProp) Step(x, g []float64, _ int, lr float64, _ Oracle) error {
	kernel.RMSProp(x, m.r, g, m.Rho, 1-m.Rho, -lr, m.Eps, m.EpsInsideSqrt)
	return nil
}

func rmspropSpec() Spec {
	return Spec{
		Name:    "rmsprop",
		Preset:  rmspropPreset(),
		Summary: "RMSProp: rates from a running average of squared gradients",
		Rule: []string{
			"r ← ρ·r + (1−ρ)·g²",
			"x ← x − lr·g/(√r + eps)   (eps_inside_sqrt: √(r + eps))",
		},
		Params: []Param{
			lrParam(1e-2),
			{Name: "rho", Default: 0.99, Doc: "decay ρ of the average (torch's alpha)", Check: unitParam},
			{Name: "eps", Default: 1e-8, Doc: "added to the denominator", Check: nonNegativeParam},
		},
		Flags: []string{"eps_inside_sqrt"},
		New: func(h Hyper) (Optimizer, error) {
			return &RMSProp{Rho: h.Values["rho"], Eps: h.Values["eps"], EpsInsideSqrt: h.Flags["eps_inside_sqrt"]}, nil
		},
	}
}

// rmspropPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test):
// rmsprop steps about lr per coordinate: a hundredth of the window.
func rmspropPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 0.01 * s.Width },
	}
}

// State returns a copy of the running mean of squares r.
func (m *RMSProp) State() map[string][]float64 { return map[string][]float64{"r": copyVec(m.r)} }
