package sweep

import (
	"fmt"
	"math"
)

// LogGrid returns num values spaced evenly in log10 from from to to, both
// included; the exponents are computed as lo + k·(hi−lo)/(num−1), so a
// grid of quarter decades holds exactly 10^(k/4).
func LogGrid(from, to float64, num int) ([]float64, error) {
	if !(from > 0) || !(to > 0) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("sweep: a log grid needs finite from and to > 0, got %g and %g", from, to)
	}
	lo, hi := exponent(from), exponent(to)
	return spaced(lo, hi, num, func(e float64) float64 { return math.Pow(10, e) })
}

// exponent is log10(v), exact when v is a power of ten (math.Log10(1e-4)
// is not −4), so that a grid from 1e-4 runs through 1e-3, not
// 0.001000000000000001.
func exponent(v float64) float64 {
	e := math.Log10(v)
	if r := math.Round(e); math.Pow(10, r) == v {
		return r
	}
	return e
}

// LinearGrid returns num values spaced evenly from from to to, both
// included.
func LinearGrid(from, to float64, num int) ([]float64, error) {
	if math.IsNaN(from) || math.IsNaN(to) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("sweep: a linear grid needs finite from and to, got %g and %g", from, to)
	}
	return spaced(from, to, num, func(v float64) float64 { return v })
}

func spaced(lo, hi float64, num int, f func(float64) float64) ([]float64, error) {
	if num < 1 {
		return nil, fmt.Errorf("sweep: num must be ≥ 1, got %d", num)
	}
	if num == 1 {
		if lo != hi {
			return nil, fmt.Errorf("sweep: num 1 needs from = to")
		}
		return []float64{f(lo)}, nil
	}
	out := make([]float64, num)
	step := (hi - lo) / float64(num-1)
	for k := range out {
		out[k] = f(lo + float64(k)*step)
	}
	out[num-1] = f(hi) // exactly the end asked for
	return out, nil
}

// DeepOBS is the learning-rate grid of the DeepOBS protocol (Schneider,
// Balles & Hennig 2019): 36 log-spaced values from 1e-5 to 1e2, after
// which the best is re-run over DeepOBSReruns seeds.
func DeepOBS() []float64 {
	g, _ := LogGrid(1e-5, 1e2, 36)
	return g
}

// DeepOBSReruns is the number of seeds the DeepOBS protocol re-runs the
// best learning rate over.
const DeepOBSReruns = 10
