package random

import "math"

// Normal is one N(0, 1) draw (Marsaglia's polar method, one of each
// accepted pair kept, so draws do not depend on how many were asked
// before in pairs). It uses math.Log, so its last bit may differ across
// GOARCH; the noise models keep their own fully portable sampler.
func (r *RNG) Normal() float64 {
	for {
		u := 2*r.Float() - 1
		v := 2*r.Float() - 1
		s := float64(u*u) + float64(v*v)
		if s > 0 && s < 1 {
			return u * math.Sqrt(-2*math.Log(s)/s)
		}
	}
}
