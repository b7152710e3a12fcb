package optimizers

import (
	"fmt"

	"github.com/optlab/optlab/internal/optimizers/kernel"
)

// A MomentumForm selects one of the three textbook ways to write heavy-ball
// momentum. They differ in how lr enters the velocity; for a constant lr,
// Common and Standard give the same path (v_standard = −lr·v_common).
type MomentumForm int

const (
	// Common is torch.optim.SGD(momentum=α): v ← α·v + g; x ← x − lr·v; v₀ = 0.
	Common MomentumForm = iota
	// EWMA is an exponentially weighted average of the gradients,
	// torch.optim.SGD(momentum=α, dampening=α) (torch scales g by
	// 1 − dampening and copies g into the empty buffer): v₁ = g₁, then
	// v ← α·v + (1−α)·g; x ← x − lr·v.
	EWMA
	// Standard is the form of many lecture notes: v ← α·v − lr·g; x ← x + v.
	Standard
)

var momentumForms = []string{"common", "ewma", "standard"}

// String returns the config name of f: "common", "ewma" or "standard".
func (f MomentumForm) String() string {
	if f < 0 || int(f) >= len(momentumForms) {
		return fmt.Sprintf("MomentumForm(%d)", int(f))
	}
	return momentumForms[f]
}

// Momentum is gradient descent with heavy-ball momentum α in one of three
// forms (see MomentumForm):
//
//	common:   v ← α·v + g;                    x ← x − lr·v   (v₀ = 0)
//	ewma:     v₁ = g₁, v ← α·v + (1−α)·g;     x ← x − lr·v
//	standard: v ← α·v − lr·g;                 x ← x + v      (v₀ = 0)
//
// With α = 0 every form is exactly sgd. Init resets v (and ewma's first step).
//
// Rounding, as torch.optim.SGD (common, ewma): v ← fma(1−α, g, v·α) (1 for
// common, and for ewma's first step), x ← fma(−lr, v, x); standard, as the
// NumPy reference: each product rounded, then v ← α·v − lr·g, x ← x + v.
type Momentum struct {
	Alpha float64 // momentum α in [0, 1)
	Form  MomentumForm

	v       []float64
	started bool
}

var _ Optimizer = (*Momentum)(nil)

// Init allocates and zeroes the velocity.
func (m *Momentum) Init(n int) {
	m.v = resize(m.v, n)
	m.started = false
}

// Step applies one update of m.Form (see Momentum).
func (m *Momentum) Step(x, g []float64, _ int, lr float64, _ Oracle) error {
	a := m.Alpha
	switch m.Form {
	case EWMA:
		c := 1 - a // torch: 1 − dampening
		if !m.started {
			// torch copies g into the empty buffer: v = 0·α + 1·g = g.
			c = 1
		}
		kernel.Momentum(x, m.v, g, a, c, -lr)
	case Standard:
		kernel.HeavyBall(x, m.v, g, a, lr)
	default:
		kernel.Momentum(x, m.v, g, a, 1, -lr)
	}
	m.started = true
	return nil
}

func momentumSpec() Spec {
	return Spec{
		Name:    "momentum",
		Preset:  momentumPreset(),
		Summary: "heavy-ball momentum in the common (PyTorch), ewma or standard form",
		Rule: []string{
			"common:   v ← α·v + g;  x ← x − lr·v  (v₀ = 0)",
			"ewma:     v₁ = g₁, then v ← α·v + (1−α)·g;  x ← x − lr·v",
			"standard: v ← α·v − lr·g;  x ← x + v",
		},
		Params: []Param{
			lrParam(1e-3),
			{Name: "momentum", Default: 0.9, Doc: "momentum α", Check: unitParam},
		},
		Choices: []Choice{{Name: "form", Values: momentumForms,
			Doc: "common = torch SGD(momentum=α); ewma = torch SGD(momentum=α, dampening=α); standard = v ← αv − lr·g"}},
		Notes: "common and standard coincide for a constant lr; with a schedule, standard keeps old rates in v.",
		New: func(h Hyper) (Optimizer, error) {
			f := Common
			for i, name := range momentumForms {
				if h.Choices["form"] == name {
					f = MomentumForm(i)
				}
			}
			return &Momentum{Alpha: h.Values["momentum"], Form: f}, nil
		},
	}
}

// momentumPreset is the rule `optlab compare` follows on surfaces without
// a tuned rate (internal/presets/tuned.csv, written by the tune test):
// momentum amplifies the step by about 1/(1−β): a fifth of sgd's 0.5/L.
func momentumPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 0.5 / s.Curvature / 5 },
	}
}

// State returns a copy of the velocity v.
func (m *Momentum) State() map[string][]float64 { return map[string][]float64{"v": copyVec(m.v)} }
