package kernel

import (
	"math"
	"testing"
)

// TestExportedEqualsGeneric: the exported functions (assembly body plus Go
// tail where the CPU allows, Go alone elsewhere) give the Go loops' bits at
// every length, tails n%4 ≠ 0 included.
func TestExportedEqualsGeneric(t *testing.T) {
	for n := 0; n < 23; n++ {
		mk := func(k int) [][]float64 {
			out := make([][]float64, k)
			for j := range out {
				out[j] = make([]float64, n)
				for i := range out[j] {
					out[j][i] = math.Sin(float64(1+i*7+j*13)) * math.Pow(10, float64(i%5-2))
					if j > 0 && j < k-1 {
						out[j][i] = math.Abs(out[j][i]) // a second moment is ≥ 0
					}
				}
			}
			return out
		}
		pa := AdamParams{Beta1: 0.9, Beta2: 0.999, C1: 0.1, C2: 1 - 0.999, NegStep: -0.01, BC2Sqrt: 0.2, BC2: 0.04, Eps: 1e-8}
		pr := RAdamParams{Beta1: 0.9, Beta2: 0.999, C1: 0.1, C2: 1 - 0.999, BC1: 0.5, BC2: 0.04, LR: 0.01, Adapt: true, Num: 0.2, Rect: 0.4, Eps: 1e-8}
		for _, c := range []struct {
			name     string
			k        int
			exported func([][]float64)
			generic  func([][]float64)
		}{
			{"SGD", 2, func(v [][]float64) { SGD(v[0], v[1], -0.1) }, func(v [][]float64) { sgdGeneric(v[0], v[1], -0.1) }},
			{"Momentum", 3, func(v [][]float64) { Momentum(v[0], v[1], v[2], 0.9, 0.1, -0.1) },
				func(v [][]float64) { momentumGeneric(v[0], v[1], v[2], 0.9, 0.1, -0.1) }},
			{"HeavyBall", 3, func(v [][]float64) { HeavyBall(v[0], v[1], v[2], 0.9, 0.1) },
				func(v [][]float64) { heavyBallGeneric(v[0], v[1], v[2], 0.9, 0.1) }},
			{"Lookahead", 3, func(v [][]float64) { Lookahead(v[0], v[1], v[2], 0.9) },
				func(v [][]float64) { lookaheadGeneric(v[0], v[1], v[2], 0.9) }},
			{"RMSProp", 3, func(v [][]float64) { RMSProp(v[0], v[1], v[2], 0.9, 0.1, -0.1, 1e-8, false) },
				func(v [][]float64) { rmspropGeneric(v[0], v[1], v[2], 0.9, 0.1, -0.1, 1e-8, false) }},
			{"Adam", 4, func(v [][]float64) { Adam(v[0], v[1], v[2], v[3], &pa) },
				func(v [][]float64) { adamGeneric(v[0], v[1], v[2], v[3], &pa) }},
			{"RAdam", 4, func(v [][]float64) { RAdam(v[0], v[1], v[2], v[3], &pr) },
				func(v [][]float64) { radamGeneric(v[0], v[1], v[2], v[3], &pr) }},
		} {
			a, b := mk(c.k), mk(c.k)
			c.exported(a)
			c.generic(b)
			for j := range a {
				for i := range a[j] {
					if math.Float64bits(a[j][i]) != math.Float64bits(b[j][i]) {
						t.Fatalf("%s n=%d: slice %d [%d] = %v, Go loop %v", c.name, n, j, i, a[j][i], b[j][i])
					}
				}
			}
		}
	}
}

// TestLengthMismatchPanics: a short slice is a programming error, named.
func TestLengthMismatchPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || r.(string) != "kernel: SGD: slice lengths 3 and 2 differ" {
			t.Fatalf("recover() = %v", r)
		}
	}()
	SGD(make([]float64, 3), make([]float64, 2), -1)
}
