package surfaces

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Small helpers shared by the family files.

// filled returns a fresh slice of n copies of v.
func filled(n int, v float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// alternating returns a fresh slice (a, b, a, b, …) of length n.
func alternating(n int, a, b float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = a
		if i%2 == 1 {
			s[i] = b
		}
	}
	return s
}

// cube returns the window [lo, hi]^n.
func cube(n int, lo, hi float64) (l, h []float64) {
	return filled(n, lo), filled(n, hi)
}

// zeroSym sets the upper triangle (and so all) of dst to zero.
func zeroSym(dst *mat.SymDense) {
	n := dst.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, 0)
		}
	}
}

// set2 writes the symmetric 2×2 matrix [[a, b], [b, c]] into dst.
func set2(dst *mat.SymDense, a, b, c float64) {
	dst.SetSym(0, 0, a)
	dst.SetSym(0, 1, b)
	dst.SetSym(1, 1, c)
}

// atLeast returns a Param check requiring v ≥ lo.
func atLeast(lo float64) func(float64) error {
	return func(v float64) error {
		if !(v >= lo) {
			return fmt.Errorf("must be ≥ %g, got %g", lo, v)
		}
		return nil
	}
}
