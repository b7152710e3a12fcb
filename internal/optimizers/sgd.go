package optimizers

import "github.com/optlab/optlab/internal/optimizers/kernel"

// SGD is plain (stochastic) gradient descent:
//
//	x ← x − lr·g
//
// computed as torch.optim.SGD does: x.add_(g, alpha=−lr), which is
// fma(−lr, g, x), one rounding.
// It has no state; a zero gradient leaves x unchanged.
type SGD struct{}

var _ Optimizer = (*SGD)(nil)

// Init does nothing: SGD keeps no state.
func (*SGD) Init(int) {}

// Step applies x ← x − lr·g.
func (*SGD) Step(x, g []float64, _ int, lr float64, _ Oracle) error {
	kernel.SGD(x, g, -lr)
	return nil
}

func sgdSpec() Spec {
	return Spec{
		Name:    "sgd",
		Preset:  sgdPreset(),
		Summary: "plain gradient descent",
		Rule:    []string{"x ← x − lr·g"},
		Params:  []Param{lrParam(1e-3)},
		New:     func(Hyper) (Optimizer, error) { return &SGD{}, nil },
	}
}

// gdSpec is full-batch gradient descent: the sgd rule, always given the
// exact gradient of the whole loss. Under gradient noise the lab hands gd
// the true gradient while every other optimizer gets the noisy one, so GD's
// smooth path can be drawn beside SGD's wiggly one in one experiment.
func gdSpec() Spec {
	s := sgdSpec() // the same rule, parameters and constructor
	s.Name = "gd"
	s.Summary = "full-batch gradient descent: sgd with the exact gradient, even under noise"
	s.Rule = []string{"x ← x − lr·∇f(x)   (∇f the full, noise-free gradient)"}
	s.Needs = Needs{ExactGradient: true}
	return s
}

// sgdPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test): the
// largest stable step of gradient descent is 2/L; half of that, 0.5/L.
func sgdPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 0.5 / s.Curvature },
	}
}
