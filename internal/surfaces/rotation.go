package surfaces

import (
	"github.com/optlab/optlab/internal/random"
	"gonum.org/v1/gonum/mat"
)

// rotationTag derives the rotation's generator from a surface's seed.
const rotationTag = 0x726f74 // "rot"

// randomOrthogonal returns an n×n orthogonal matrix drawn uniformly (Haar)
// from seed: Q of the QR factorisation of a matrix of N(0, 1) entries,
// with each column's sign flipped so that R's diagonal is positive
// (Mezzadri 2007, "How to generate random matrices from the classical
// compact groups"; without the flip Q is not uniformly distributed).
func randomOrthogonal(n int, seed uint64) *mat.Dense {
	rng := random.New(seed, rotationTag)
	g := mat.NewDense(n, n, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			g.Set(i, j, rng.Normal())
		}
	}
	var qr mat.QR
	qr.Factorize(g)
	var q, r mat.Dense
	qr.QTo(&q)
	qr.RTo(&r)
	for j := 0; j < n; j++ {
		if r.At(j, j) < 0 {
			for i := 0; i < n; i++ {
				q.Set(i, j, -q.At(i, j))
			}
		}
	}
	return &q
}
