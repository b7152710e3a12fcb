//go:build !amd64

package kernel

func sgd(x, g []float64, negLR float64)                   { sgdGeneric(x, g, negLR) }
func momentum(x, v, g []float64, alpha, c, negLR float64) { momentumGeneric(x, v, g, alpha, c, negLR) }
func heavyBall(x, v, g []float64, alpha, lr float64)      { heavyBallGeneric(x, v, g, alpha, lr) }
func lookahead(y, x, v []float64, alpha float64)          { lookaheadGeneric(y, x, v, alpha) }
func adam(x, s, r, g []float64, p *AdamParams)            { adamGeneric(x, s, r, g, p) }
func radam(x, s, r, g []float64, p *RAdamParams)          { radamGeneric(x, s, r, g, p) }

func rmsprop(x, r, g []float64, rho, c, negLR, eps float64, epsInside bool) {
	rmspropGeneric(x, r, g, rho, c, negLR, eps, epsInside)
}
