package surfaces

import "github.com/optlab/optlab/internal/random"

// spectrumTag derives the random spectrum's generator from a surface's seed.
const spectrumTag = 0x73706563 // "spec"

// DeepSpectrum is the spectrum of DeepOBS's noisy quadratic problem
// (quadratic_deep; Schneider, Balles & Hennig 2019, "DeepOBS: a deep
// learning optimizer benchmark suite"): 90% of the n eigenvalues uniform
// in (0, 1], the other 10% (⌈n/10⌉, at least one) uniform in [30, 60),
// drawn from seed, small ones first. DeepOBS rotates H by a random
// orthogonal matrix; the `deepquadratic` family does by default.
func DeepSpectrum(n int, seed uint64) []float64 {
	rng := random.New(seed, spectrumTag)
	large := (n + 9) / 10
	l := make([]float64, n)
	for i := range l {
		if i < n-large {
			l[i] = 1 - rng.Float() // (0, 1]: never a zero eigenvalue
		} else {
			l[i] = 30 + 30*rng.Float()
		}
	}
	return l
}

func deepQuadraticSpec() Spec {
	return Spec{
		Name:    "deepquadratic",
		Summary: "n-D quadratic with DeepOBS's spectrum (90% of eigenvalues in (0, 1), 10% in (30, 60)), rotated; minimum 0 at the origin",
		Formula: "f(x) = ½ xᵀQΛQᵀx, λ from seed: 90% in (0, 1], 10% in [30, 60)",
		Params:  []Param{rotateParam(1), seedParam(), couplingParam()},
		AnyDim:  true,
		// Check the rotation limit as the quadratic does.
		CheckDim: checkRotatedDim,
		New: func(p map[string]float64, dim int) Surface {
			seed := uint64(p["seed"])
			l := DeepSpectrum(dim, seed)
			q := Quadratic{Lambda: l, Family: "deepquadratic"}
			if p["rotate"] == 1 {
				q = NewRotatedQuadratic("deepquadratic", l, seed)
			}
			q.Coupling = p["coupling"]
			return q
		},
	}
}
