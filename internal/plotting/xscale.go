package plotting

import "fmt"

// scaledX is the step-to-x map of label's curves: step·XScale[label]
// through stepX (the log axis), or stepX itself without XScale. A label
// with no scale keeps its steps, so that a mistake shows instead of
// collapsing a curve onto x = 0.
func scaledX(stepX func(float64) float64, o LossOptions, label string) func(float64) float64 {
	k, ok := o.XScale[label]
	if !ok || !(k > 0) {
		return stepX
	}
	return func(v float64) float64 { return stepX(v * k) }
}

// xName is a position on the x axis in words ("step 120", "x = 2.4e+03
// on gradient evaluations").
func xName(o LossOptions, v string) string {
	if o.XLabel == "" {
		return "step " + v
	}
	return fmt.Sprintf("%s %s", v, o.XLabel)
}
