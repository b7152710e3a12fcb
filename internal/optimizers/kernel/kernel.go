package kernel

import "fmt"

// AdamParams are one Adam step's scalars, computed once per step by the
// caller in torch.optim.Adam's order.
type AdamParams struct {
	Beta1, Beta2 float64 // decay rates β1, β2
	C1, C2       float64 // 1 − β1 and 1 − β2, as Python computes them
	// NegStep is −lr/(1 − β1^t) (−lr without bias correction).
	NegStep float64
	// BC2Sqrt is √(1 − β2^t), BC2 is 1 − β2^t (both 1 without bias
	// correction); EpsInside selects √(r/BC2 + eps) over √r/BC2Sqrt + eps.
	BC2Sqrt, BC2 float64
	Eps          float64
	EpsInside    bool
}

// RAdamParams are one RAdam step's scalars (torch.optim.RAdam's order).
type RAdamParams struct {
	Beta1, Beta2 float64
	C1, C2       float64 // 1 − β1, 1 − β2
	BC1, BC2     float64 // 1 − β1^t, 1 − β2^t
	LR           float64
	// Adapt: ρt > 5, the rectified adaptive step; otherwise x ← x − (s/BC1)·lr.
	Adapt bool
	// Num is the numerator of the adaptive factor Num/d: √(1 − β2^t), with
	// d = √r + eps; with EpsInside, 1 with d = √(r/BC2 + eps).
	Num, Rect, Eps float64
	EpsInside      bool
}

// SGD applies x ← fma(negLR, g, x) (torch: x.add_(g, alpha=−lr)).
func SGD(x, g []float64, negLR float64) {
	same("SGD", len(x), len(g))
	sgd(x, g, negLR)
}

// Momentum applies v ← fma(c, g, v·α); x ← fma(negLR, v, x): torch's
// buf.mul_(α).add_(g, alpha=c) then x.add_(buf, alpha=−lr). c = 1 is
// torch's undamped momentum (fma(1, g, v·α) = v·α + g exactly), c = 1 − α
// its dampening = α form.
func Momentum(x, v, g []float64, alpha, c, negLR float64) {
	same("Momentum", len(x), len(v), len(g))
	momentum(x, v, g, alpha, c, negLR)
}

// HeavyBall applies v ← α·v − lr·g; x ← x + v with each product rounded on
// its own (NumPy's order: the lecture's standard momentum form and
// Nesterov's lookahead update).
func HeavyBall(x, v, g []float64, alpha, lr float64) {
	same("HeavyBall", len(x), len(v), len(g))
	heavyBall(x, v, g, alpha, lr)
}

// Lookahead writes y ← x + α·v (rounded product, then the sum).
func Lookahead(y, x, v []float64, alpha float64) {
	same("Lookahead", len(y), len(x), len(v))
	lookahead(y, x, v, alpha)
}

// RMSProp applies r ← fma(c·g, g, r·ρ) (torch: r.mul_(ρ).addcmul_(g, g,
// value=c)), d = √r + eps (epsInside: √(r + eps)) and, where d > 0,
// x ← x + (negLR·g)/d (torch: x.addcdiv_(g, d, value=−lr)). AdaGrad is
// ρ = 1, c = 1: r·1 = r and 1·g = g exactly, so r ← fma(g, g, r).
func RMSProp(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool) {
	same("RMSProp", len(x), len(r), len(g))
	rmsprop(x, r, g, rho, c, negLR, eps, epsInside)
}

// Adam applies s ← fma(C1, g, s·β1), r ← fma(C2·g, g, r·β2),
// d = √r/BC2Sqrt + eps (EpsInside: √(r/BC2 + eps)) and, where d > 0,
// x ← x + (NegStep·s)/d.
func Adam(x, s, r, g []float64, p *AdamParams) {
	same("Adam", len(x), len(s), len(r), len(g))
	adam(x, s, r, g, p)
}

// RAdam applies Adam's s and r updates and x ← x − ((s/BC1)·lr·(1/d)·Num)·Rect
// (products left to right) when p.Adapt, else x ← x − (s/BC1)·lr; a
// coordinate whose d is 0 does not move.
func RAdam(x, s, r, g []float64, p *RAdamParams) {
	same("RAdam", len(x), len(s), len(r), len(g))
	radam(x, s, r, g, p)
}

func same(fn string, n int, ms ...int) {
	for _, m := range ms {
		if m != n {
			panic(fmt.Sprintf("kernel: %s: slice lengths %d and %d differ", fn, n, m))
		}
	}
}
