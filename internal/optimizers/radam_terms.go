package optimizers

import "math"

// RAdamRho is RAdam's length of the approximated SMA at update t (t ≥ 1),
// ρt = ρ∞ − 2t·β2^t/(1−β2^t), with ρ∞ = 2/(1−β2) − 1.
func RAdamRho(beta2 float64, t int) (rho, rhoInf float64) {
	tf := float64(t)
	b2t := powInt(beta2, t) // as RAdam.Step (see powInt)
	rhoInf = 2/(1-beta2) - 1
	return rhoInf - 2*tf*b2t/(1-b2t), rhoInf
}

// RAdamRect is RAdam's rectification term at update t and whether the
// update is adaptive (ρt > 5): r_t = √((ρt−4)(ρt−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρt)).
// When it is not, the update is SGD with momentum (x ← x − lr·ŝ) and the
// term is reported as 0.
func RAdamRect(beta2 float64, t int) (rect float64, adaptive bool) {
	rho, rhoInf := RAdamRho(beta2, t)
	if !(rho > 5) {
		return 0, false
	}
	return math.Sqrt((rho - 4) * (rho - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho)), true
}

// RAdamSwitch is the first update at which RAdam is adaptive, or 0 when it
// never is within maxT updates (β2 ≤ 2/3: ρ∞ ≤ 5).
func RAdamSwitch(beta2 float64, maxT int) int {
	for t := 1; t <= maxT; t++ {
		if _, ok := RAdamRect(beta2, t); ok {
			return t
		}
	}
	return 0
}
