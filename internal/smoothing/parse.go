package smoothing

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Parse turns a --smooth spec into a smoother:
//
//	ewma:0.9      EWMA, α = 0.9 (0 ≤ α < 1)
//	ewma_bc:0.9   EWMABiasCorrected, α = 0.9 (0 ≤ α < 1)
//	sma:10        SMA over 10 points (integer ≥ 1)
//	wma:3,2,1     WMA with weights newest first (each ≥ 0, the newest > 0)
//	none, ""      the identity (a copy)
//
// Errors quote the spec and name the bad value, e.g.
// `smoothing "ewma:1.5": alpha must be in [0, 1), got 1.5`.
func Parse(spec string) (func([]float64) []float64, error) {
	method, arg, hasArg := strings.Cut(strings.TrimSpace(spec), ":")
	method = strings.ToLower(strings.TrimSpace(method))
	arg = strings.TrimSpace(arg)
	fail := func(format string, a ...any) error {
		return fmt.Errorf("smoothing %q: %s", spec, fmt.Sprintf(format, a...))
	}
	if method == "" || method == "none" {
		if hasArg {
			return nil, fail("none takes no parameter")
		}
		return func(xs []float64) []float64 { return append([]float64(nil), xs...) }, nil
	}
	var example string
	switch method {
	case "ewma", "ewma_bc":
		example = method + ":0.9"
	case "sma":
		example = "sma:10"
	case "wma":
		example = "wma:3,2,1"
	default:
		return nil, fail("unknown method %q (want ewma, ewma_bc, sma, wma or none)", method)
	}
	if !hasArg || arg == "" {
		return nil, fail("missing parameter (e.g. %s)", example)
	}
	switch method {
	case "ewma", "ewma_bc":
		a, err := strconv.ParseFloat(arg, 64)
		if err != nil || !(a >= 0 && a < 1) {
			return nil, fail("alpha must be a number in [0, 1), got %q", arg)
		}
		if method == "ewma" {
			return func(xs []float64) []float64 { return EWMA(xs, a) }, nil
		}
		return func(xs []float64) []float64 { return EWMABiasCorrected(xs, a) }, nil
	case "sma":
		k, err := strconv.Atoi(arg)
		if err != nil || k < 1 {
			return nil, fail("window must be an integer ≥ 1, got %q", arg)
		}
		return func(xs []float64) []float64 { return SMA(xs, k) }, nil
	}
	fields := strings.Split(arg, ",")
	ws := make([]float64, len(fields))
	for i, f := range fields {
		w, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || !(w >= 0) || math.IsInf(w, 1) {
			return nil, fail("weight %d must be a finite number ≥ 0, got %q", i+1, strings.TrimSpace(f))
		}
		ws[i] = w
	}
	if ws[0] == 0 {
		return nil, fail("the newest (first) weight must be > 0, got %q", strings.TrimSpace(fields[0]))
	}
	return func(xs []float64) []float64 { return WMA(xs, ws) }, nil
}
