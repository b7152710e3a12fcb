package config

import "github.com/optlab/optlab/internal/fielderr"

// Workers is the problem block's workers key: how many goroutines split
// each mini-batch gradient of a network (nn.Problem.Workers); the trace is
// the same for any count. Not given: 1.
type Workers int

// Validate refuses a count below 1 (a nil Workers is the default).
func (w *Workers) Validate() fielderr.List {
	var problems fielderr.List
	if w != nil && *w < 1 {
		problems.Add("workers", "must be ≥ 1 (goroutines per mini-batch gradient), got %d", int(*w))
	}
	return problems
}

// count is the number of workers, 1 when not given.
func (w *Workers) count() int {
	if w == nil {
		return 1
	}
	return int(*w)
}
