package optimizers

import "math"

// powInt returns b^t for t ≥ 0 rounded once, as C's pow (which Python's
// beta ** step calls, and with it torch.optim's bias corrections) rounds it
// in all but the rarest cases. math.Pow multiplies by repeated squaring with
// a rounding at each product, which is an ulp off often enough that Adam's
// trajectories part from torch's after a few hundred steps. Here the
// squaring runs in double-double arithmetic (a product's rounding error
// recovered exactly with an FMA), so the one rounding is the last.
func powInt(b float64, t int) float64 {
	if t < 0 {
		return math.Pow(b, float64(t))
	}
	hi, lo := 1.0, 0.0 // the result so far, hi + lo
	bh, bl := b, 0.0   // b^(2^k), bh + bl
	for t > 0 {
		if t&1 == 1 {
			hi, lo = ddMul(hi, lo, bh, bl)
		}
		t >>= 1
		if t > 0 {
			bh, bl = ddMul(bh, bl, bh, bl)
		}
	}
	return hi + lo
}

// ddMul multiplies two double-double numbers (ah + al)(bh + bl).
func ddMul(ah, al, bh, bl float64) (hi, lo float64) {
	p := float64(ah * bh)     // float64(): never fused with a later sum
	e := math.FMA(ah, bh, -p) // the exact rounding error of ah·bh
	e += float64(ah*bl) + float64(al*bh)
	hi = p + e
	lo = e - (hi - p)
	return hi, lo
}
