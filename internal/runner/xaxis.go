package runner

import "github.com/optlab/optlab/internal/trace"

// xAxis is a loss figure's x axis with each label's cost per step and per
// epoch, from the run's summary (cost/steps, cost/epochs).
type xAxis struct {
	axis          trace.XAxis
	steps, epochs map[string]float64
}

func xAxisOf(sum *trace.Summary, a trace.XAxis) xAxis {
	return xAxis{axis: a, steps: trace.XScales(sum, a), epochs: trace.EpochScales(sum, a)}
}
