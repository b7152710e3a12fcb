//go:build amd64

package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// The assembly reads AdamParams and RAdamParams at fixed offsets.
func TestParamOffsets(t *testing.T) {
	var a AdamParams
	var r RAdamParams
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"Adam.Beta1", unsafe.Offsetof(a.Beta1), 0}, {"Adam.Beta2", unsafe.Offsetof(a.Beta2), 8},
		{"Adam.C1", unsafe.Offsetof(a.C1), 16}, {"Adam.C2", unsafe.Offsetof(a.C2), 24},
		{"Adam.NegStep", unsafe.Offsetof(a.NegStep), 32}, {"Adam.BC2Sqrt", unsafe.Offsetof(a.BC2Sqrt), 40},
		{"Adam.BC2", unsafe.Offsetof(a.BC2), 48}, {"Adam.Eps", unsafe.Offsetof(a.Eps), 56},
		{"Adam.EpsInside", unsafe.Offsetof(a.EpsInside), 64},
		{"RAdam.Beta1", unsafe.Offsetof(r.Beta1), 0}, {"RAdam.Beta2", unsafe.Offsetof(r.Beta2), 8},
		{"RAdam.C1", unsafe.Offsetof(r.C1), 16}, {"RAdam.C2", unsafe.Offsetof(r.C2), 24},
		{"RAdam.BC1", unsafe.Offsetof(r.BC1), 32}, {"RAdam.BC2", unsafe.Offsetof(r.BC2), 40},
		{"RAdam.LR", unsafe.Offsetof(r.LR), 48}, {"RAdam.Adapt", unsafe.Offsetof(r.Adapt), 56},
		{"RAdam.Num", unsafe.Offsetof(r.Num), 64}, {"RAdam.Rect", unsafe.Offsetof(r.Rect), 72},
		{"RAdam.Eps", unsafe.Offsetof(r.Eps), 80}, {"RAdam.EpsInside", unsafe.Offsetof(r.EpsInside), 88},
	} {
		if c.got != c.want {
			t.Errorf("offset of %s = %d, kernel_amd64.s assumes %d", c.name, c.got, c.want)
		}
	}
}

// vecs draws k vectors of length n: mostly normal values over many scales,
// with zeros, tiny and huge values mixed in (the denominators' zero guard,
// underflowing squares).
func vecs(rng *rand.Rand, n, k int) [][]float64 {
	out := make([][]float64, k)
	for j := range out {
		v := make([]float64, n)
		for i := range v {
			switch rng.IntN(12) {
			case 0:
				v[i] = 0
			case 1:
				v[i] = rng.NormFloat64() * 1e-160
			case 2:
				v[i] = rng.NormFloat64() * 1e150
			default:
				v[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
			}
		}
		out[j] = v
	}
	return out
}

func clone(vs [][]float64) [][]float64 {
	out := make([][]float64, len(vs))
	for i, v := range vs {
		out[i] = append([]float64(nil), v...)
	}
	return out
}

// sameBits reports the first index where a and b differ in any bit (NaNs
// included), or −1.
func sameBits(a, b []float64) int {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return i
		}
	}
	return -1
}

// check runs asm and generic on copies of the same state for every length
// 0…67 (so every tail n%4 and the loop count) and compares every slice.
func check(t *testing.T, name string, k int, asm, generic func(vs [][]float64)) {
	t.Helper()
	if !useAVX {
		t.Skip("no AVX2+FMA on this CPU: only the Go loops run")
	}
	rng := rand.New(rand.NewPCG(1, uint64(k)))
	for rep := range 20 {
		for n := 0; n < 68; n++ {
			n4 := n &^ 3
			a := vecs(rng, n, k)
			b := clone(a)
			asm(trim(a, n4))
			generic(trim(b, n4))
			for j := range a {
				if i := sameBits(a[j][:n4], b[j][:n4]); i >= 0 {
					t.Fatalf("%s rep %d n %d: slice %d [%d]: asm %v, Go %v", name, rep, n, j, i, a[j][i], b[j][i])
				}
			}
		}
	}
}

func trim(vs [][]float64, n int) [][]float64 {
	out := make([][]float64, len(vs))
	for i, v := range vs {
		out[i] = v[:n]
	}
	return out
}

func TestSGDAsm(t *testing.T) {
	check(t, "sgd", 2, func(v [][]float64) { sgdAVX(v[0], v[1], -0.37) },
		func(v [][]float64) { sgdGeneric(v[0], v[1], -0.37) })
}

func TestMomentumAsm(t *testing.T) {
	for _, c := range []float64{1, 0.1} {
		check(t, "momentum", 3, func(v [][]float64) { momentumAVX(v[0], v[1], v[2], 0.9, c, -0.01) },
			func(v [][]float64) { momentumGeneric(v[0], v[1], v[2], 0.9, c, -0.01) })
	}
}

func TestHeavyBallAsm(t *testing.T) {
	check(t, "heavyBall", 3, func(v [][]float64) { heavyBallAVX(v[0], v[1], v[2], 0.9, 0.003) },
		func(v [][]float64) { heavyBallGeneric(v[0], v[1], v[2], 0.9, 0.003) })
	check(t, "lookahead", 3, func(v [][]float64) { lookaheadAVX(v[0], v[1], v[2], 0.7) },
		func(v [][]float64) { lookaheadGeneric(v[0], v[1], v[2], 0.7) })
}

func TestRMSPropAsm(t *testing.T) {
	for _, inside := range []bool{false, true} {
		for _, eps := range []float64{1e-8, 0} {
			check(t, "rmsprop", 3, func(v [][]float64) { abs(v[1]); rmspropAVX(v[0], v[1], v[2], 0.99, 0.01, -0.01, eps, inside) },
				func(v [][]float64) { abs(v[1]); rmspropGeneric(v[0], v[1], v[2], 0.99, 0.01, -0.01, eps, inside) })
			check(t, "adagrad", 3, func(v [][]float64) { abs(v[1]); rmspropAVX(v[0], v[1], v[2], 1, 1, -0.5, eps, inside) },
				func(v [][]float64) { abs(v[1]); rmspropGeneric(v[0], v[1], v[2], 1, 1, -0.5, eps, inside) })
		}
	}
}

func TestAdamAsm(t *testing.T) {
	for _, inside := range []bool{false, true} {
		for _, eps := range []float64{1e-8, 0} {
			p := AdamParams{Beta1: 0.9, Beta2: 0.999, C1: 1 - 0.9, C2: 1 - 0.999, NegStep: -0.001 / 0.271,
				BC2Sqrt: math.Sqrt(0.00299), BC2: 0.00299, Eps: eps, EpsInside: inside}
			check(t, "adam", 4, func(v [][]float64) { abs(v[2]); adamAVX(v[0], v[1], v[2], v[3], &p) },
				func(v [][]float64) { abs(v[2]); adamGeneric(v[0], v[1], v[2], v[3], &p) })
		}
	}
}

func TestRAdamAsm(t *testing.T) {
	for _, adapt := range []bool{false, true} {
		for _, inside := range []bool{false, true} {
			for _, eps := range []float64{1e-8, 0} {
				p := RAdamParams{Beta1: 0.9, Beta2: 0.999, C1: 1 - 0.9, C2: 1 - 0.999, BC1: 0.5, BC2: 0.03, LR: 0.01,
					Adapt: adapt, Num: math.Sqrt(0.03), Rect: 0.3, Eps: eps, EpsInside: inside}
				if inside {
					p.Num = 1
				}
				check(t, "radam", 4, func(v [][]float64) { abs(v[2]); radamAVX(v[0], v[1], v[2], v[3], &p) },
					func(v [][]float64) { abs(v[2]); radamGeneric(v[0], v[1], v[2], v[3], &p) })
			}
		}
	}
}

// abs makes a second-moment state non-negative, as it always is.
func abs(v []float64) {
	for i := range v {
		v[i] = math.Abs(v[i])
	}
}
