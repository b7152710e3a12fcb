package optimizers

import "github.com/optlab/optlab/internal/optimizers/kernel"

// Nesterov is Nesterov's accelerated gradient in the lookahead form of the
// lecture: the gradient is taken at the point momentum is about to carry x to,
//
//	g̃ = ∇f(x + α·v)   (queried from the oracle, on this step's batch)
//	v ← α·v − lr·g̃
//	x ← x + v          (v₀ = 0)
//
// The g passed to Step is not used (on the first step x + α·v = x, so the
// oracle returns it again). Step returns ErrNoOracle if o is nil. Each
// product is rounded on its own, then added (the NumPy reference's order;
// torch.optim has no lookahead form).
type Nesterov struct {
	Alpha float64 // momentum α in [0, 1)

	v, y, gy []float64
}

var _ Optimizer = (*Nesterov)(nil)

// Init allocates and zeroes the velocity and the lookahead buffers.
func (n *Nesterov) Init(dim int) {
	n.v = resize(n.v, dim)
	n.y = resize(n.y, dim)
	n.gy = resize(n.gy, dim)
}

// Step applies one lookahead update.
func (n *Nesterov) Step(x, _ []float64, _ int, lr float64, o Oracle) error {
	if o == nil {
		return ErrNoOracle
	}
	kernel.Lookahead(n.y, x, n.v, n.Alpha)
	o.Grad(n.gy, n.y)
	kernel.HeavyBall(x, n.v, n.gy, n.Alpha, lr)
	return nil
}

func nesterovSpec() Spec {
	return Spec{
		Needs:   Needs{Oracle: true},
		Name:    "nesterov",
		Preset:  nesterovPreset(),
		Summary: "Nesterov momentum, lookahead form: gradient at x + αv",
		Rule: []string{
			"g̃ = ∇f(x + α·v)  (same batch)",
			"v ← α·v − lr·g̃;  x ← x + v  (v₀ = 0)",
		},
		Params: []Param{
			lrParam(1e-3),
			{Name: "momentum", Default: 0.9, Doc: "momentum α", Check: unitParam},
		},
		New: func(h Hyper) (Optimizer, error) { return &Nesterov{Alpha: h.Values["momentum"]}, nil },
	}
}

// nesterovPreset is the rule `optlab compare` follows on surfaces without
// a tuned rate (internal/presets/tuned.csv, written by the tune test): as
// momentum: a fifth of sgd's 0.5/L.
func nesterovPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 0.5 / s.Curvature / 5 },
	}
}

// State returns a copy of the velocity v.
func (n *Nesterov) State() map[string][]float64 { return map[string][]float64{"v": copyVec(n.v)} }
