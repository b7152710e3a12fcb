package surfaces

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// SharpFlat is a 2-D landscape with two minima of equal loss, one sharp and
// one flat, for the sharpness/generalisation lecture (SAM, large learning
// rates, noise). It is the harmonic soft-min ("parallel resistors") of two
// isotropic quadratic bowls:
//
//	f(x) = q_s(x)·q_f(x) / (q_s(x) + q_f(x)),   i.e.  1/f = 1/q_s + 1/q_f,
//	q_s(x) = ½·ratio·flat·‖x − c_s‖²,  c_s = (−sep/2, 0)   (sharp bowl)
//	q_f(x) = ½·flat·‖x − c_f‖²,        c_f = (+sep/2, 0)   (flat bowl)
//
// Because q_s + q_f > 0 everywhere (the centres differ), f is C^∞. f ≥ 0 and
// f = 0 only at the two centres, so both minima are exact, with value 0:
// "sharp" at c_s and "flat" at c_f. Near a centre f = q − q²/(q_s + q_f) with
// q the vanishing bowl, so the Hessian there is exactly that bowl's:
// ratio·flat·I at the sharp minimum and flat·I at the flat one; the ratio of
// largest eigenvalues is exactly ratio (default 25). Plain gradient descent
// can only settle in the sharp minimum for lr < 2/(ratio·flat); with the
// defaults, from the standard start, lr < 0.08 ends in the sharp minimum,
// 0.085 ≤ lr ≤ 0.2 bounces around it on a cycle (f > 0), lr ≥ 0.3 ends
// in the flat one.
// min(q_s, q_f)/2 ≤ f ≤ min(q_s, q_f), so away from the minima f behaves like
// the lower bowl; the basins meet at a saddle on the segment between the
// centres, at distance sep/(1 + ratio^(1/3)) from c_s.
//
//	∇f = (q_f²∇q_s + q_s²∇q_f)/S²,  S = q_s + q_f
//	∇²f = (q_f²∇²q_s + q_s²∇²q_f)/S² − 2uuᵀ/S³,  u = q_f∇q_s − q_s∇q_f
//
// Standard start (−1.1, 0.6)·sep/3, inside the sharp basin (the default
// window is (±3.5, ±2.5)·sep/3).
type SharpFlat struct {
	Ratio float64 // sharp curvature / flat curvature (≥ 1)
	Flat  float64 // curvature of the flat bowl
	Sep   float64 // distance between the two minima
}

var _ Surface = SharpFlat{}

func sharpFlatSpec() Spec {
	return Spec{
		Name:    "sharpflat",
		Summary: "a sharp and a flat minimum of equal loss 0; sharpness ratio 25",
		Formula: "f = q_s q_f/(q_s + q_f), q_s = ½·ratio·flat‖x − (−sep/2, 0)‖², q_f = ½·flat‖x − (sep/2, 0)‖²",
		Params: []Param{
			{Name: "ratio", Default: 25, Doc: "Hessian of the sharp minimum / Hessian of the flat one", Check: atLeast(1)},
			{Name: "flat", Default: 1, Doc: "curvature of the flat minimum", Check: positive},
			{Name: "sep", Default: 3, Doc: "distance between the minima", Check: positive},
		},
		New: func(p map[string]float64, _ int) Surface {
			return SharpFlat{Ratio: p["ratio"], Flat: p["flat"], Sep: p["sep"]}
		},
	}
}

func (SharpFlat) Name() string { return "sharpflat" }
func (SharpFlat) Dim() int     { return 2 }

// parts returns the offsets from both centres, the curvatures and the bowls.
func (s SharpFlat) parts(x []float64) (sx, fx, y, ks, kf, qs, qf float64) {
	ks, kf = s.Ratio*s.Flat, s.Flat
	sx, fx, y = x[0]+s.Sep/2, x[0]-s.Sep/2, x[1]
	qs = 0.5 * ks * (sx*sx + y*y)
	qf = 0.5 * kf * (fx*fx + y*y)
	return
}

func (s SharpFlat) Loss(x []float64) float64 {
	_, _, _, _, _, qs, qf := s.parts(x)
	return qs * qf / (qs + qf)
}

func (s SharpFlat) Grad(dst, x []float64) {
	sx, fx, y, ks, kf, qs, qf := s.parts(x)
	S := qs + qf
	a, b := qf*qf*ks/(S*S), qs*qs*kf/(S*S)
	dst[0] = a*sx + b*fx
	dst[1] = (a + b) * y
}

func (s SharpFlat) Hessian(dst *mat.SymDense, x []float64) {
	sx, fx, y, ks, kf, qs, qf := s.parts(x)
	S := qs + qf
	d := (qf*qf*ks + qs*qs*kf) / (S * S)
	u0 := qf*ks*sx - qs*kf*fx
	u1 := (qf*ks - qs*kf) * y
	c := 2 / (S * S * S)
	set2(dst, d-c*u0*u0, -c*u0*u1, d-c*u1*u1)
}

func (s SharpFlat) Start() []float64 {
	u := s.Sep / 3
	return []float64{-1.1 * u, 0.6 * u}
}

func (s SharpFlat) Bounds() (lo, hi []float64) {
	u := s.Sep / 3
	return []float64{-3.5 * u, -2.5 * u}, []float64{3.5 * u, 2.5 * u}
}

// Minima: both exact, both 0, and the saddle between the basins (see the
// type's doc), where deterministic SAM gets stuck.
func (s SharpFlat) Minima() []Minimum {
	sd := s.saddle()
	return []Minimum{
		{Name: "sharp", X: []float64{-s.Sep / 2, 0}, Value: 0},
		{Name: "flat", X: []float64{s.Sep / 2, 0}, Value: 0},
		{Name: "saddle", X: sd, Value: s.Loss(sd), Kind: saddle},
	}
}

// saddle returns the saddle between the basins (used by tests and docs).
func (s SharpFlat) saddle() []float64 {
	return []float64{-s.Sep/2 + s.Sep/(1+math.Cbrt(s.Ratio)), 0}
}
