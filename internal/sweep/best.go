package sweep

import "math"

// Best returns the index of the best candidate: the lowest objective
// among those acceptable (finite, and ok), an earlier candidate keeping
// its place unless a later one is lower by more than 0.1% (so a flat
// stretch of a grid resolves to its first value, and rounding noise does
// not pick a neighbour). It returns −1 when none is acceptable. The rule
// is the one the presets' tune test has always used.
func Best(objective []float64, ok []bool) int {
	best, at := math.Inf(1), -1
	for i, v := range objective {
		if !ok[i] || math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		if at < 0 || v < best-0.001*math.Abs(best) {
			best, at = v, i
		}
	}
	return at
}

// Wild reports whether a run's loss gap ever rose above 10× its start's
// (floored at 1e-3): a run with such an excursion is not taken as best,
// however low it ends.
func Wild(startGap, peakGap float64) bool {
	return peakGap > 10*math.Max(startGap, 1e-3)
}
