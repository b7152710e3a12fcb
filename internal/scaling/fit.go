package scaling

import (
	"fmt"
	"math"
)

// Slope is the least-squares slope of log y against log x: the exponent p
// of y ∝ xᵖ. NaN with fewer than two distinct x or a non-positive value.
func Slope(x, y []float64) float64 {
	if len(x) != len(y) || len(x) < 2 {
		return math.NaN()
	}
	var sx, sy, sxx, sxy float64
	for i := range x {
		if !(x[i] > 0 && y[i] > 0) {
			return math.NaN()
		}
		lx, ly := math.Log(x[i]), math.Log(y[i])
		sx, sy, sxx, sxy = sx+lx, sy+ly, sxx+lx*lx, sxy+lx*ly
	}
	k := float64(len(x))
	den := k*sxx - sx*sx
	if !(den > 1e-12*k*sxx) {
		return math.NaN()
	}
	return (k*sxy - sx*sy) / den
}

// A Fit is one optimizer's measurements with their fitted slopes.
type Fit struct {
	Optimizer  string
	Dims       []float64
	Seconds    []float64
	StateBytes []float64
	// TimeSlope and StateSlope are the exponents of n (NaN when fewer
	// than two sizes were measured, or, for state, when it is zero).
	TimeSlope, StateSlope float64
}

// Fits groups measurements by optimizer, in order of first appearance,
// and fits each one's slopes.
func Fits(ms []Measurement) []Fit {
	var fits []Fit
	at := map[string]int{}
	for _, m := range ms {
		i, ok := at[m.Optimizer]
		if !ok {
			i = len(fits)
			at[m.Optimizer] = i
			fits = append(fits, Fit{Optimizer: m.Optimizer})
		}
		f := &fits[i]
		f.Dims = append(f.Dims, float64(m.Dim))
		f.Seconds = append(f.Seconds, m.SecondsPerStep)
		f.StateBytes = append(f.StateBytes, float64(m.StateBytes))
	}
	for i := range fits {
		f := &fits[i]
		f.TimeSlope = Slope(f.Dims, f.Seconds)
		f.StateSlope = Slope(f.Dims, f.StateBytes)
	}
	return fits
}

// Seconds formats a duration in seconds with a unit a reader expects.
func Seconds(s float64) string {
	switch {
	case s >= 1:
		return fmt.Sprintf("%.3g s", s)
	case s >= 1e-3:
		return fmt.Sprintf("%.3g ms", s*1e3)
	case s >= 1e-6:
		return fmt.Sprintf("%.3g µs", s*1e6)
	}
	return fmt.Sprintf("%.3g ns", s*1e9)
}

// Bytes formats a size in bytes (decimal units, as --budget reads them).
func Bytes(b float64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.3g GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.3g MB", b/1e6)
	case b >= 1e3:
		return fmt.Sprintf("%.3g kB", b/1e3)
	}
	return fmt.Sprintf("%.0f B", b)
}
