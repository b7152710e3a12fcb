package optimizers

import "github.com/optlab/optlab/internal/optimizers/kernel"

// Adagrad is Duchi et al.'s AdaGrad in torch.optim.Adagrad's order
// (lr_decay = 0, initial accumulator 0):
//
//	G ← G + g²
//	x ← x − lr·g/(√G + eps)        (EpsInsideSqrt: x ← x − lr·g/√(G + eps))
//
// Rounding, as torch: G.addcmul_(g, g) is G ← fma(g, g, G), and
// x.addcdiv_(g, d, value=−lr) is x + ((−lr)·g)/d, unfused.
// Where the denominator is 0 (eps = 0 and no gradient seen yet in that
// coordinate, so g = 0 there) the coordinate does not move instead of
// becoming 0/0 = NaN.
type Adagrad struct {
	Eps           float64
	EpsInsideSqrt bool

	sum []float64
}

var _ Optimizer = (*Adagrad)(nil)

// Init allocates and zeroes the accumulator G.
func (a *Adagrad) Init(n int) { a.sum = resize(a.sum, n) }

// Step applies one AdaGrad update.
func (a *Adagrad) Step(x, g []float64, _ int, lr float64, _ Oracle) error {
	// RMSProp's kernel with ρ = 1, 1 − ρ = 1: G ← fma(g, g, G).
	kernel.RMSProp(x, a.sum, g, 1, 1, -lr, a.Eps, a.EpsInsideSqrt)
	return nil
}

func adagradSpec() Spec {
	return Spec{
		Name:    "adagrad",
		Preset:  adagradPreset(),
		Summary: "AdaGrad: per-coordinate rates from the sum of squared gradients",
		Rule: []string{
			"G ← G + g²",
			"x ← x − lr·g/(√G + eps)   (eps_inside_sqrt: √(G + eps))",
		},
		Params: []Param{
			lrParam(1e-2),
			{Name: "eps", Default: 1e-10, Doc: "added to the denominator", Check: nonNegativeParam},
		},
		Flags: []string{"eps_inside_sqrt"},
		New: func(h Hyper) (Optimizer, error) {
			return &Adagrad{Eps: h.Values["eps"], EpsInsideSqrt: h.Flags["eps_inside_sqrt"]}, nil
		},
	}
}

// adagradPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test):
// adagrad's first steps are about lr per coordinate and then shrink: a
// tenth of the window.
func adagradPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 10 * (0.01 * s.Width) },
	}
}

// State returns a copy of the sum of squared gradients as "r".
func (a *Adagrad) State() map[string][]float64 { return map[string][]float64{"r": copyVec(a.sum)} }
