package trace

import (
	"fmt"
	"strings"
)

// An XAxis is what a loss figure's x axis counts: the step, or a run's
// cost per step times the step (Cost/steps from its summary), so that a
// run that pays more per update is stretched against one that pays less.
type XAxis string

// The x axes of loss figures; the zero value is Steps.
const (
	Steps     XAxis = "steps"
	GradEvals XAxis = "grad_evals"
	Examples  XAxis = "examples"
	Seconds   XAxis = "seconds"
)

// XAxes lists the axes, for flag help and messages.
func XAxes() []XAxis { return []XAxis{Steps, GradEvals, Examples, Seconds} }

// ParseXAxis reads an axis name ("" is Steps).
func ParseXAxis(s string) (XAxis, error) {
	if s == "" {
		return Steps, nil
	}
	for _, a := range XAxes() {
		if string(a) == s {
			return a, nil
		}
	}
	names := make([]string, 0, 4)
	for _, a := range XAxes() {
		names = append(names, string(a))
	}
	return "", fmt.Errorf("unknown x axis %q (want %s)", s, strings.Join(names, ", "))
}

// Label names the axis on a figure; per is the unit of the step ("step"
// or "epoch"), whose count the other axes replace.
func (a XAxis) Label(per string) string {
	switch a {
	case GradEvals:
		return "gradient evaluations"
	case Examples:
		return "examples seen"
	case Seconds:
		return "wall time (s; each run's spread evenly over its " + per + "s)"
	}
	return per
}

// PerStep is what one of n steps costs on the axis (1 on Steps; 0 when
// the run has no steps or no cost recorded).
func (a XAxis) PerStep(c *Cost, n float64) float64 {
	if a == Steps || a == "" {
		return 1
	}
	if c == nil || !(n > 0) {
		return 0
	}
	switch a {
	case GradEvals:
		return float64(c.GradEvals) / n
	case Examples:
		return c.Examples / n
	case Seconds:
		return c.Seconds / n
	}
	return 1
}

// XScales are the per-step scales of every run label of s on axis a (nil
// on Steps), from the labels' summary cost and steps: the median repeat's.
func XScales(s *Summary, a XAxis) map[string]float64 {
	if a == Steps || a == "" {
		return nil
	}
	out := make(map[string]float64, len(s.Runs))
	for _, r := range s.Runs {
		out[r.Label] = a.PerStep(r.Cost, float64(r.Steps))
	}
	return out
}

// EpochScales are XScales per epoch, for figures against the epoch of
// runs on data.
func EpochScales(s *Summary, a XAxis) map[string]float64 {
	if a == Steps || a == "" {
		return nil
	}
	out := make(map[string]float64, len(s.Runs))
	for _, r := range s.Runs {
		ep := 0.0
		if r.DataSummary != nil {
			ep = r.DataSummary.Epochs
		}
		out[r.Label] = a.PerStep(r.Cost, ep)
	}
	return out
}
