package surfaces

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Halfpipe is the ill-conditioned quadratic
//
//	f(x, y) = ½(u² + κ·v²),  (u, v) = R(−θ)(x, y) = (x cosθ + y sinθ, −x sinθ + y cosθ)
//
// i.e. a valley of condition number κ whose long axis points along angle θ
// (degrees). Minimum 0 at the origin; Hessian eigenvalues 1 and κ, so plain
// gradient descent is stable for lr < 2/κ and zig-zags across the pipe.
// Standard start (−4, 1.5).
type Halfpipe struct {
	Kappa float64 // curvature across the pipe; the condition number
	Angle float64 // rotation of the long axis, degrees
}

var _ Surface = Halfpipe{}

func halfpipeSpec() Spec {
	return Spec{
		Name:    "halfpipe",
		Summary: "ill-conditioned quadratic valley ½(u² + κv²), condition number κ",
		Formula: "f = ½(u² + κ v²), (u, v) = (x, y) rotated by −angle",
		Params: []Param{
			{Name: "kappa", Default: 20, Doc: "condition number (curvature across the pipe)", Check: positive},
			{Name: "angle", Default: 0, Doc: "direction of the long axis, degrees"},
		},
		New: func(p map[string]float64, _ int) Surface {
			return Halfpipe{Kappa: p["kappa"], Angle: p["angle"]}
		},
	}
}

func (Halfpipe) Name() string { return "halfpipe" }
func (Halfpipe) Dim() int     { return 2 }

func (h Halfpipe) rot() (c, s float64) {
	return math.Cos(h.Angle * math.Pi / 180), math.Sin(h.Angle * math.Pi / 180)
}

func (h Halfpipe) Loss(x []float64) float64 {
	c, s := h.rot()
	u := float64(x[0]*c) + float64(x[1]*s) // float64(): never fused, as Python computes it
	v := float64(-x[0]*s) + float64(x[1]*c)
	return 0.5 * (float64(u*u) + float64(h.Kappa*v*v))
}

// Grad: ∇f = Rᵀ diag(1, κ) R x with R the rotation taking (x, y) to (u, v).
func (h Halfpipe) Grad(dst, x []float64) {
	c, s := h.rot()
	u := float64(x[0]*c) + float64(x[1]*s) // float64(): never fused, as Python computes it
	v := float64(-x[0]*s) + float64(x[1]*c)
	kv := h.Kappa * v
	dst[0] = float64(u*c) - float64(kv*s)
	dst[1] = float64(u*s) + float64(kv*c)
}

func (h Halfpipe) Hessian(dst *mat.SymDense, _ []float64) {
	c, s := h.rot()
	dst.SetSym(0, 0, c*c+h.Kappa*s*s)
	dst.SetSym(0, 1, c*s-h.Kappa*s*c)
	dst.SetSym(1, 1, s*s+h.Kappa*c*c)
}

func (Halfpipe) Start() []float64 { return []float64{-4, 1.5} }

func (Halfpipe) Bounds() (lo, hi []float64) {
	return []float64{-5, -2.5}, []float64{5, 2.5}
}

func (Halfpipe) Minima() []Minimum {
	return []Minimum{{Name: "global", X: []float64{0, 0}, Value: 0}}
}
