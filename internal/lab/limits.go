package lab

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
)

// Limits on the work a config may ask for without --force.
const (
	// MaxTraceRows bounds the rows of trace.csv (about 100 bytes each).
	MaxTraceRows = 20_000_000
	// MaxFlops bounds the estimated floating-point work of all runs.
	MaxFlops = 2e12
	// MaxHessianDim bounds the dimension of a dense Hessian per step.
	MaxHessianDim = 4096
)

// CheckWork refuses, before anything runs, an experiment whose recorded
// trace, compute or memory would be absurd, saying what it estimated and
// how to proceed. The estimate asks each optimizer what it needs (a dense
// Hessian costs n³/3 per step) and each problem what a gradient costs.
func CheckWork(e *Experiment) error {
	n := float64(len(e.Start))
	runs := float64(e.RunCount())
	steps := float64(e.Steps)
	rows := runs * (math.Floor(steps/float64(e.recordEvery())) + 2)
	if rows > MaxTraceRows {
		k := math.Ceil(runs * steps / MaxTraceRows)
		return fmt.Errorf("record_every: %d would write about %.3g rows (%.1f GB) to trace.csv; set record_every: %.0f or more, or pass --force to run it anyway",
			e.recordEvery(), rows, rows*(40+20*float64(e.keptDim()))/1e9, k)
	}
	var flops float64
	for _, r := range e.Runs {
		cost := problem.GradCost(e.problemOf(r))
		per := 30 * n * cost // a few gradients and the update
		if optimizers.NeedsOf(r.Optimizer).Hessian {
			if len(e.Start) > MaxHessianDim {
				return fmt.Errorf("optimizers: %s in %d dimensions needs a %d×%d Hessian (%.3g GB) per step; use at most %d dimensions, or pass --force to run it anyway",
					r.Optimizer.Name, len(e.Start), len(e.Start), len(e.Start), n*n*8/1e9, MaxHessianDim)
			}
			per += n * n * n / 3 * cost
		}
		flops += per * steps * float64(e.repeats())
	}
	if flops > MaxFlops {
		return fmt.Errorf("steps: %d would take about %.3g floating-point operations (minutes to hours); lower steps, repeats or the dimension, or pass --force to run it anyway",
			e.Steps, flops)
	}
	return nil
}
