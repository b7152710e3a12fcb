package config

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/trace"
)

// validateShift checks surface.test_shift against the surface's dimension
// (0: unknown, reported elsewhere).
func (f *File) validateShift(dim int, errs *Errors) {
	shift := f.Surface.TestShift
	if shift == nil {
		return
	}
	if f.Problem != nil {
		errs.add("surface.test_shift", "needs a surface; a problem's test loss is its test set")
		return
	}
	if len(shift) == 0 || (dim > 0 && len(shift) != dim) {
		want := "one coordinate per dimension of the surface"
		if dim > 0 {
			want = fmt.Sprintf("%d coordinates for %s", dim, f.surfaceName())
		}
		errs.add("surface.test_shift", "must have %s, got %d", want, len(shift))
	}
	for i, v := range shift {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			errs.add(fmt.Sprintf("surface.test_shift[%d]", i), "must be finite, got %g", v)
		}
	}
}

func (f *File) surfaceName() string {
	if f.Surface.IsExpr() {
		return "the expression"
	}
	return f.Surface.Name
}

// buildShift adds the test loss f(x − shift) of the train loss f as a
// trace column (every recorded step) and asks summary.json for each run's
// train loss, test loss and gap.
func (f *File) buildShift(e *lab.Experiment) {
	shift := f.Surface.TestShift
	if shift == nil {
		return
	}
	train := e.Problem // the loss the trace records: f, or f averaged under finite_sum
	e.Metrics = append(e.Metrics, lab.Metric{Name: "test_loss", Eval: func(x []float64) float64 {
		y := make([]float64, len(x))
		for i := range x {
			y[i] = x[i] - shift[i]
		}
		return train.Loss(y)
	}})
	e.Report.TestShift = append([]float64(nil), shift...)
	for i := range e.Runs {
		e.Runs[i].Data = &trace.DataSummary{}
	}
}
