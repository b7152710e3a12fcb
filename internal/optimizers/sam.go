package optimizers

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/fielderr"
)

// SAM is Foret et al.'s sharpness-aware minimisation around a base
// optimizer:
//
//	e  = ρ·g/(‖g‖ + 1e-12)          (ascent step; e = 0 where g = 0)
//	g' = ∇f(x + e)                  (oracle, on this step's batch)
//	base.Step(x, g', t, lr, o')     (the base moves x from x, not x + e)
//
// lr is the base's: sam takes none of its own (Hyper.LR returns the base's
// lr; the lab schedules it with the sam entry's schedule, else the base's).
// The base sees an oracle o' whose Grad(dst, y) is the SAM gradient at y,
// ∇f(y + ρ∇f(y)/(‖∇f(y)‖ + 1e-12)), so a base that queries gradients
// itself (nesterov's lookahead) stays sharpness-aware; Hessian queries
// (newton) pass through unchanged. With ρ = 0, x + e = x and SAM takes
// exactly its base's steps. Step returns ErrNoOracle if o is nil, and the
// base's error, if any. Rounding, as the NumPy reference: ‖g‖² summed in
// order with each square rounded, e = (ρ·g)/(‖g‖ + 1e-12), x + e.
type SAM struct {
	Rho  float64
	Base Optimizer

	xe, ge []float64
	wrap   samOracle
}

var _ Optimizer = (*SAM)(nil)

// samOracle serves the base's queries with SAM gradients.
type samOracle struct {
	s  *SAM
	o  Oracle
	gy []float64 // plain gradient at the base's query point
}

// Init allocates the ascent buffers and initialises the base.
func (s *SAM) Init(n int) {
	s.xe = resize(s.xe, n)
	s.ge = resize(s.ge, n)
	s.wrap = samOracle{s: s, gy: make([]float64, n)}
	s.Base.Init(n)
}

// ascend writes ∇f(x + ρ·g/(‖g‖ + 1e-12)) into dst, using s.xe as scratch.
func (s *SAM) ascend(dst, x, g []float64, o Oracle) {
	var sq float64
	for _, v := range g {
		sq += float64(v * v) // rounded before the sum, as the NumPy reference (never fused)
	}
	den := math.Sqrt(sq) + 1e-12
	for i := range x {
		s.xe[i] = x[i] + float64(s.Rho*g[i])/den
	}
	o.Grad(dst, s.xe)
}

// Step applies one SAM update through the base optimizer.
func (s *SAM) Step(x, g []float64, t int, lr float64, o Oracle) error {
	if o == nil {
		return ErrNoOracle
	}
	s.ascend(s.ge, x, g, o)
	s.wrap.o = o
	return s.Base.Step(x, s.ge, t, lr, &s.wrap)
}

// Grad writes the SAM gradient at y into dst.
func (w *samOracle) Grad(dst, y []float64) {
	w.o.Grad(w.gy, y)
	w.s.ascend(dst, y, w.gy, w.o)
}

// Hessian is the plain Hessian at y. The base asks for it only when its
// spec declares Needs.Hessian, and then the lab hands sam a HessianOracle.
func (w *samOracle) Hessian(dst *mat.SymDense, y []float64) { w.o.(HessianOracle).Hessian(dst, y) }

func samSpec() Spec {
	return Spec{
		Needs:   Needs{Oracle: true},
		Name:    "sam",
		Preset:  samPreset(),
		Summary: "sharpness-aware minimisation around a base optimizer",
		Rule: []string{
			"e = ρ·g/(‖g‖ + 1e-12);  g' = ∇f(x + e)  (same batch)",
			"base optimizer steps from x with g' and the base's lr",
		},
		Params: []Param{
			{Name: "rho", Default: 0.05, Doc: "radius ρ of the ascent step", Check: nonNegativeParam},
		},
		HasBase:     true,
		DefaultBase: "sgd",
		Notes:       "sam has no lr: the base's lr (base.lr) and schedule are used (a schedule on the sam entry takes precedence). Any optimizer but sam can be the base.",
		New: func(h Hyper) (Optimizer, error) {
			if h.Base == nil {
				return nil, fielderr.List{{Path: "base", Msg: "sam needs a base optimizer"}}
			}
			base, err := New(*h.Base)
			if err != nil {
				return nil, fmt.Errorf("base: %w", err)
			}
			return &SAM{Rho: h.Values["rho"], Base: base}, nil
		},
	}
}

// samPreset is the rule `optlab compare` follows on surfaces without a
// tuned rate (internal/presets/tuned.csv, written by the tune test): the
// rate is its base's (sgd in compare): sgd's 0.5/L.
func samPreset() Preset {
	return Preset{
		LR: func(s Scale) float64 { return 0.5 / s.Curvature },
	}
}
