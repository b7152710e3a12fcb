package optimizers

import "fmt"

// A ParamError is a rejected optimizer configuration. Param is the path of
// the offending key relative to the optimizer entry ("beta1", "form",
// "base", "base.lr", "name"; from Schedule.Validate, "decay.gamma"), so the
// config layer can prefix it with the entry's own path ("optimizers[1].")
// and read errors.As(err, &pe) to learn which key was wrong.
type ParamError struct {
	Param string
	Msg   string // "must be in [0, 1), got 1.2"
	// Unknown reports a key the optimizer does not have (or an unknown
	// optimizer name); Msg then reads `adam has no hyperparameter "momentum"`.
	Unknown bool
}

// Error reads "beta1: must be in [0, 1), got 1.2", or for unknown keys
// `optimizers: adam has no hyperparameter "momentum"`.
func (e *ParamError) Error() string {
	if e.Unknown {
		return "optimizers: " + e.Msg
	}
	return e.Param + ": " + e.Msg
}

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
