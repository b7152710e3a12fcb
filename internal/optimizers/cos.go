package optimizers

import "math"

// cosRounded returns cos(x) for |x| ≤ 4, rounded once, as C's cos (which
// Python's math.cos calls, and with it torch's CosineAnnealingLR) rounds it;
// math.Cos is an ulp off for about one step in a hundred of a cosine
// schedule, and a scheduled run then parts from torch's. The Taylor series
// is summed in double-double arithmetic (absolute error near 1e-31), so the
// one rounding is the last. Outside |x| ≤ 4 it is math.Cos.
func cosRounded(x float64) float64 {
	if !(math.Abs(x) <= 4) {
		return math.Cos(x)
	}
	x2h, x2l := ddMul(x, 0, x, 0)
	sh, sl := 1.0, 0.0 // the sum so far
	th, tl := 1.0, 0.0 // the term x^2k/(2k)!, with its sign
	for k := 1; k <= 30; k++ {
		th, tl = ddMul(th, tl, x2h, x2l)
		th, tl = ddDiv(-th, -tl, float64((2*k-1)*(2*k)))
		sh, sl = ddAdd(sh, sl, th, tl)
	}
	return sh + sl
}

// ddAdd adds two double-double numbers.
func ddAdd(ah, al, bh, bl float64) (hi, lo float64) {
	s := ah + bh
	bb := s - ah
	e := (ah - (s - bb)) + (bh - bb) // the exact rounding error of ah + bh
	e += al + bl
	hi = s + e
	lo = e - (hi - s)
	return hi, lo
}

// ddDiv divides a double-double number by a float64.
func ddDiv(ah, al, b float64) (hi, lo float64) {
	q := ah / b
	p := float64(q * b)
	e := math.FMA(q, b, -p) // q·b = p + e exactly
	r := ((ah - p) - e + al) / b
	hi = q + r
	lo = r - (hi - q)
	return hi, lo
}
