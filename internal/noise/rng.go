package noise

import (
	"math"

	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/random"
)

// Randomness is portable by construction: only the PCG source's Uint64
// (PCG-DXSM, fixed by its specification) is taken from math/rand/v2. Bounded
// integers, uniforms and normals are computed here with integer arithmetic
// and correctly rounded float operations (+ − × ÷ √) whose products are
// explicitly rounded, so the compiler cannot fuse them into FMAs. The same
// seed gives the same bits on every GOARCH and Go release; math/rand/v2's
// NormFloat64 would not (it calls math.Log and math.Exp, which are assembly
// on amd64, arm64 and s390x, and its algorithm is not promised to stay).

// Purposes of the generators derived from one seed.
const (
	tagStream  = 1 // the noise of a run (z, mini-batches)
	tagDataset = 2 // finite_sum's δ_i
)

// DeriveSeed is problem.DeriveSeed: the stream seed of one repeat.
func DeriveSeed(seed uint64, repeat int) uint64 { return problem.DeriveSeed(seed, repeat) }

// rng is the portable generator (package random) with the noise models'
// own normal sampler, whose logarithm is portable too (logPortable).
type rng struct{ *random.RNG }

func newRNG(seed uint64, tag uint64) *rng { return &rng{random.New(seed, tag)} }

// normals fills z with independent N(0, 1) draws (Marsaglia's polar method,
// two per accepted pair; the second of the last pair is dropped when len(z)
// is odd).
func (r *rng) normals(z []float64) {
	for i := 0; i < len(z); i += 2 {
		var u, v, s float64
		for {
			u = 2*r.Float() - 1
			v = 2*r.Float() - 1
			s = float64(u*u) + float64(v*v)
			if s > 0 && s < 1 {
				break
			}
		}
		f := math.Sqrt(-2 * logPortable(s) / s)
		z[i] = u * f
		if i+1 < len(z) {
			z[i+1] = v * f
		}
	}
}

// logPortable is ln x for finite x > 0 to within a few ulp, from exact
// operations only: x = m·2^e with m in [√½, √2), ln m = 2·atanh(t) with
// t = (m−1)/(m+1), |t| ≤ 0.172, summed to t²³ (truncation < 1e-17).
func logPortable(x float64) float64 {
	m, e := math.Frexp(x)
	if m < math.Sqrt2/2 {
		m *= 2
		e--
	}
	t := (m - 1) / (m + 1)
	t2 := float64(t * t)
	p := 1.0 / 23
	for k := 21; k >= 1; k -= 2 {
		p = float64(p*t2) + 1/float64(k)
	}
	return float64(float64(e)*math.Ln2) + float64(2*t*p)
}
