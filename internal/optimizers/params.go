package optimizers

import "fmt"

// Checks shared by the specs.

func positiveParam(v float64) error {
	if !(v > 0) {
		return fmt.Errorf("must be > 0, got %g", v)
	}
	return nil
}

func nonNegativeParam(v float64) error {
	if !(v >= 0) {
		return fmt.Errorf("must be >= 0, got %g", v)
	}
	return nil
}

// unitParam accepts [0, 1): momentum coefficients and decay rates.
func unitParam(v float64) error {
	if !(v >= 0 && v < 1) {
		return fmt.Errorf("must be in [0, 1), got %g", v)
	}
	return nil
}

func lrParam(def float64) Param {
	return Param{Name: "lr", Default: def, Doc: "learning rate (before the schedule)", Check: positiveParam}
}

// resize returns s with length n and every element zero, reusing s's
// storage when it is large enough.
func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}
