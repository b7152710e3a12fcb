package kernel

import "math"

// The portable loops. Each is the reference the assembly must equal bit for
// bit; float64(a*b) rounds a product on its own (the Go spec lets a compiler
// fuse a*b + c otherwise, as it does for GOAMD64=v3).

func sgdGeneric(x, g []float64, negLR float64) {
	for i := range x {
		x[i] = math.FMA(negLR, g[i], x[i])
	}
}

func momentumGeneric(x, v, g []float64, alpha, c, negLR float64) {
	for i := range x {
		vi := math.FMA(c, g[i], float64(v[i]*alpha))
		v[i] = vi
		x[i] = math.FMA(negLR, vi, x[i])
	}
}

func heavyBallGeneric(x, v, g []float64, alpha, lr float64) {
	for i := range x {
		vi := float64(alpha*v[i]) - float64(lr*g[i])
		v[i] = vi
		x[i] += vi
	}
}

func lookaheadGeneric(y, x, v []float64, alpha float64) {
	for i := range y {
		y[i] = x[i] + float64(alpha*v[i])
	}
}

func rmspropGeneric(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool) {
	for i := range x {
		gi := g[i]
		ri := math.FMA(float64(c*gi), gi, float64(r[i]*rho))
		r[i] = ri
		var d float64
		if epsInside {
			d = math.Sqrt(ri + eps)
		} else {
			d = math.Sqrt(ri) + eps
		}
		if d > 0 {
			x[i] += float64(negLR*gi) / d
		}
	}
}

func adamGeneric(x, s, r, g []float64, p *AdamParams) {
	for i := range x {
		gi := g[i]
		si := math.FMA(p.C1, gi, float64(s[i]*p.Beta1))
		ri := math.FMA(float64(p.C2*gi), gi, float64(r[i]*p.Beta2))
		s[i], r[i] = si, ri
		var d float64
		if p.EpsInside {
			d = math.Sqrt(ri/p.BC2 + p.Eps)
		} else {
			d = math.Sqrt(ri)/p.BC2Sqrt + p.Eps
		}
		if d > 0 {
			x[i] += float64(p.NegStep*si) / d
		}
	}
}

func radamGeneric(x, s, r, g []float64, p *RAdamParams) {
	for i := range x {
		gi := g[i]
		si := math.FMA(p.C1, gi, float64(s[i]*p.Beta1))
		ri := math.FMA(float64(p.C2*gi), gi, float64(r[i]*p.Beta2))
		s[i], r[i] = si, ri
		step := float64(float64(si/p.BC1) * p.LR)
		if p.Adapt {
			var d float64
			if p.EpsInside {
				d = math.Sqrt(ri/p.BC2 + p.Eps)
			} else {
				d = math.Sqrt(ri) + p.Eps
			}
			if d == 0 {
				continue
			}
			step = float64(float64(step*float64(float64(1/d)*p.Num)) * p.Rect)
		}
		x[i] -= step
	}
}
