// Package random is optlab's portable generator: only the PCG source's
// Uint64 (PCG-DXSM, fixed by its specification) is taken from math/rand/v2;
// bounded integers, uniforms and permutations are computed here with integer
// arithmetic and correctly rounded float operations, so the same seed gives
// the same bits on every GOARCH and Go release. The noise models and the
// data sets both draw from it.
package random

import (
	"math/bits"
	"math/rand/v2"

	"github.com/optlab/optlab/internal/problem"
)

// An RNG is one stream of random numbers; it belongs to one goroutine.
type RNG struct{ src *rand.PCG }

// New derives the generator for one purpose (tag) of a seed.
func New(seed, tag uint64) *RNG {
	a := problem.Mix(seed ^ tag*0xd1b54a32d192ed03)
	return &RNG{src: rand.NewPCG(a, problem.Mix(a))}
}

// Float is a uniform in [0, 1) with 53 random bits.
func (r *RNG) Float() float64 { return float64(r.src.Uint64()>>11) * 0x1p-53 }

// IntN is a uniform integer in [0, n), n > 0 (Lemire's method).
func (r *RNG) IntN(n int) int {
	un := uint64(n)
	hi, lo := bits.Mul64(r.src.Uint64(), un)
	if lo < un {
		thresh := -un % un
		for lo < thresh {
			hi, lo = bits.Mul64(r.src.Uint64(), un)
		}
	}
	return int(hi)
}

// Shuffle permutes p uniformly (Fisher–Yates).
func (r *RNG) Shuffle(p []int) {
	for i := len(p) - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
}
