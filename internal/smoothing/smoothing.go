// Package smoothing implements the moving averages of the course, for loss
// curves and for the teaching figure: the exponentially weighted moving
// average (EWMA) exactly as lectured, its bias-corrected (Adam) form, the
// simple moving average (SMA) and the weighted moving average (WMA).
//
// Every function returns a fresh slice as long as its input (empty for
// empty input) and never panics on NaN or ±Inf: a non-finite point spoils
// the outputs whose window holds it (for the EWMAs, every later one, as the
// recursion dictates) and nothing else.
package smoothing

// EWMA is the lecture's exponentially weighted moving average:
//
//	v_1 = x_1,  v_t = α·v_{t−1} + (1 − α)·x_t
//
// Starting from the first point, it has no start-up bias. Larger α smooths
// more and lags more: the curve is shifted right by about α/(1 − α) points.
func EWMA(xs []float64, alpha float64) []float64 {
	out := make([]float64, len(xs))
	for t, x := range xs {
		if t == 0 {
			out[0] = x
			continue
		}
		out[t] = alpha*out[t-1] + (1-alpha)*x
	}
	return out
}

// EWMAZeroInit is the recursion started from zero and left uncorrected,
//
//	v_0 = 0,  v_t = α·v_{t−1} + (1 − α)·x_t,
//
// whose first outputs are biased towards 0 by the factor (1 − α^t): the
// start-up bias that bias correction removes.
func EWMAZeroInit(xs []float64, alpha float64) []float64 {
	out := make([]float64, len(xs))
	var v float64
	for t, x := range xs {
		v = alpha*v + (1-alpha)*x
		out[t] = v
	}
	return out
}

// EWMABiasCorrected is Adam's bias-corrected average: v_0 = 0,
// v_t = α·v_{t−1} + (1 − α)·x_t, output v_t / (1 − α^t). The correction
// divides by the total weight the recursion has given the data, so a
// constant input is reproduced exactly from the first step on; with α = 0 it
// is the identity. Needs α < 1 (α = 1 gives 0/0 = NaN).
func EWMABiasCorrected(xs []float64, alpha float64) []float64 {
	out := make([]float64, len(xs))
	var v float64
	pow := 1.0 // α^t, by repeated multiplication
	for t, x := range xs {
		v = alpha*v + (1-alpha)*x
		pow *= alpha
		out[t] = v / (1 - pow)
	}
	return out
}

// SMA is the simple moving average over the last k points:
//
//	out_t = (x_{t−k+1} + … + x_t) / k.
//
// Start-up: while fewer than k points exist, out_t is the mean of the
// min(t, k) points seen so far (so out_1 = x_1, no padding and no shortened
// output). k < 1 is taken as 1, the identity. Each window is summed afresh,
// so an Inf or NaN only spoils the k outputs whose window holds it.
func SMA(xs []float64, k int) []float64 {
	k = max(k, 1)
	out := make([]float64, len(xs))
	for t := range xs {
		lo := max(0, t-k+1)
		var sum float64
		for _, x := range xs[lo : t+1] {
			sum += x
		}
		out[t] = sum / float64(t+1-lo)
	}
	return out
}

// WMA is the weighted moving average with weights given newest first, as
// written in "wma:3,2,1": weight w_0 on the newest point, w_1 on the one
// before, and so on, normalised by their sum:
//
//	out_t = Σ_j w_j·x_{t−j} / Σ_j w_j,  j = 0 … K−1.
//
// Start-up: while fewer than K points exist, only the available ones are
// used and their weights w_0 … w_{t−1} renormalised to sum to 1 (out_1 = x_1
// whenever w_0 ≠ 0). With no weights, WMA returns a copy of xs.
func WMA(xs []float64, weights []float64) []float64 {
	if len(weights) == 0 {
		return append(make([]float64, 0, len(xs)), xs...)
	}
	out := make([]float64, len(xs))
	for t := range xs {
		var sum, wsum float64
		for j := 0; j < len(weights) && j <= t; j++ {
			sum += weights[j] * xs[t-j]
			wsum += weights[j]
		}
		out[t] = sum / wsum
	}
	return out
}
