package runner

import (
	"context"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/sharpness"
	"github.com/optlab/optlab/internal/trace"
)

// Sharpness measures the end point x of a run of p (with the run's state
// beside x, problem.StateKeeper; nil for none) as summary.json reports it.
// A problem that evaluates itself under a run's state (problem.AtStater)
// is measured under it; one that notes what its loss is
// (problem.LossNoter) has the note in "on". The measurement's passes take
// lim's free slots when the problem can split them (problem.LimitSharer,
// a network with workers: k); lim may be nil.
func Sharpness(p problem.Objective, x, state []float64, o sharpness.Options, lim *parallel.Limit) (*trace.Sharpness, error) {
	if as, ok := p.(problem.AtStater); ok {
		p = as.AtState(state)
		// The copy is this measurement's own: its passes may take the
		// limit's free slots (a network with workers: k).
		if ls, ok := p.(problem.LimitSharer); ok && lim != nil {
			ls.ShareLimit(lim.Do)
		}
	}
	r, err := sharpness.Measure(p, x, o)
	if err != nil {
		return nil, err
	}
	finite := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	s := &trace.Sharpness{
		Loss: finite(r.Loss), LambdaMax: finite(r.LambdaMax), LambdaMethod: r.LambdaMethod,
		Trace: finite(r.Trace), TraceMethod: r.TraceMethod, Samples: r.Samples,
		SAM: finite(r.SAM), Rho: r.Rho, Keskar: finite(r.Keskar), Epsilon: r.Epsilon,
		Restarts: r.Restarts, AscentSteps: r.AscentSteps,
	}
	if r.LambdaMethod == sharpness.Lanczos {
		s.Iterations, s.Residual = r.Iterations, finite(r.Residual)
	}
	if n, ok := p.(problem.LossNoter); ok {
		s.On = n.LossNote()
	}
	if s.Loss == nil { // a diverged end point: nothing around it is worth a number
		s.LambdaMax, s.Trace, s.SAM, s.Keskar, s.Residual = nil, nil, nil, nil, nil
	}
	return s, nil
}

// addSharpness measures the end point of the repeat each label of sum
// reports (lab.MedianRepeat), on the limit's workers, unless e asks for
// none or the runs were interrupted; a signal during the measurement
// leaves every label without it.
func addSharpness(ctx context.Context, e *lab.Experiment, runs []trace.Run, sum *trace.Summary, lim *parallel.Limit) error {
	if e.Sharpness == nil || sum.Interrupted || ctx.Err() != nil {
		return nil
	}
	reps := max(e.RunCount()/max(len(e.Runs), 1), 1)
	errs := make([]error, len(e.Runs))
	lim.Do(len(e.Runs), func(k int) {
		if ctx.Err() != nil {
			return // a signal: the files are written without sharpness
		}
		group := runs[k*reps : (k+1)*reps]
		r := group[lab.MedianRepeat(group)]
		x := sum.Runs[k].FinalX
		if len(x) != len(e.Start) {
			return // no end point (nothing recorded)
		}
		p := e.Runs[k].Problem
		if p == nil {
			p = e.Problem
		}
		sum.Runs[k].Sharpness, errs[k] = Sharpness(p, x, r.FinalState, *e.Sharpness, lim)
	})
	if ctx.Err() != nil { // every label measured or none: a partial block would look complete
		for k := range sum.Runs {
			sum.Runs[k].Sharpness = nil
		}
		return nil
	}
	return errors.Join(errs...)
}

// TestLossOf reads a point's test loss from the trace's metric column
// named test_loss (nil: the trace has none).
func TestLossOf(metrics []string) func(trace.Point) float64 {
	for i, m := range metrics {
		if m == "test_loss" {
			return func(p trace.Point) float64 {
				if i < len(p.Metrics) {
					return p.Metrics[i]
				}
				return math.NaN()
			}
		}
	}
	return nil
}

// ConfigFile is the config an output folder was made from (run only).
const ConfigFile = "config.yaml"

// StateFile is where a params file's run state (batch-norm running
// statistics, problem.StateKeeper) is kept beside it.
func StateFile(params string) string {
	return strings.TrimSuffix(params, ".txt") + ".state.txt"
}

// writeFloats writes one number a line, in the shortest form that reads
// back bit for bit.
func writeFloats(w io.Writer, v []float64) error {
	b := make([]byte, 0, 24*len(v))
	for _, x := range v {
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}
