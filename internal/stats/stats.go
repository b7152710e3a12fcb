// Package stats holds the small statistics the summaries and the figures
// share, so that a median in summary.json and on a figure are one number.
package stats

import "math"

// Quantile returns the q-quantile of sorted data by linear interpolation
// between order statistics (R's type 7, NumPy's default); NaN for no data.
func Quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := float64(len(sorted)-1) * q
	i := int(math.Floor(h))
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
