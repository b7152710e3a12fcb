//go:build amd64

package kernel

import "golang.org/x/sys/cpu"

// useAVX: the CPU has AVX2 and FMA, which the assembly needs. It is read
// once at start-up and never changed; tests call the *AVX and *Generic
// pairs directly to compare them.
var useAVX = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// The assembly (kernel_amd64.s) takes slices whose length is a multiple of
// 4 (it reads len(x) only); the Go loop finishes the n%4 tail.

//go:noescape
func sgdAVX(x, g []float64, negLR float64)

//go:noescape
func momentumAVX(x, v, g []float64, alpha, c, negLR float64)

//go:noescape
func heavyBallAVX(x, v, g []float64, alpha, lr float64)

//go:noescape
func lookaheadAVX(y, x, v []float64, alpha float64)

//go:noescape
func rmspropAVX(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool)

//go:noescape
func adamAVX(x, s, r, g []float64, p *AdamParams)

//go:noescape
func radamAVX(x, s, r, g []float64, p *RAdamParams)

func sgd(x, g []float64, negLR float64) {
	n := body(len(x))
	sgdAVX(x[:n], g[:n], negLR)
	sgdGeneric(x[n:], g[n:], negLR)
}

func momentum(x, v, g []float64, alpha, c, negLR float64) {
	n := body(len(x))
	momentumAVX(x[:n], v[:n], g[:n], alpha, c, negLR)
	momentumGeneric(x[n:], v[n:], g[n:], alpha, c, negLR)
}

func heavyBall(x, v, g []float64, alpha, lr float64) {
	n := body(len(x))
	heavyBallAVX(x[:n], v[:n], g[:n], alpha, lr)
	heavyBallGeneric(x[n:], v[n:], g[n:], alpha, lr)
}

func lookahead(y, x, v []float64, alpha float64) {
	n := body(len(y))
	lookaheadAVX(y[:n], x[:n], v[:n], alpha)
	lookaheadGeneric(y[n:], x[n:], v[n:], alpha)
}

func rmsprop(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool) {
	n := body(len(x))
	rmspropAVX(x[:n], r[:n], g[:n], rho, c, negLR, eps, epsInside)
	rmspropGeneric(x[n:], r[n:], g[n:], rho, c, negLR, eps, epsInside)
}

func adam(x, s, r, g []float64, p *AdamParams) {
	n := body(len(x))
	adamAVX(x[:n], s[:n], r[:n], g[:n], p)
	adamGeneric(x[n:], s[n:], r[n:], g[n:], p)
}

func radam(x, s, r, g []float64, p *RAdamParams) {
	n := body(len(x))
	radamAVX(x[:n], s[:n], r[:n], g[:n], p)
	radamGeneric(x[n:], s[n:], r[n:], g[n:], p)
}

// body is how many of n parameters the assembly takes: a multiple of 4, or
// none without AVX2 and FMA.
func body(n int) int {
	if !useAVX {
		return 0
	}
	return n &^ 3
}
