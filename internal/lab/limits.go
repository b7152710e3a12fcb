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
	// MaxTraceBytes bounds the estimated size of trace.csv.
	MaxTraceBytes = 2e9
	// MaxStateBytes bounds the estimated memory of the runs' state (x,
	// gradients and optimizer state, per run) and of the points kept for
	// the figures.
	MaxStateBytes = 1e9
	// MaxSampleWork bounds a noise measurement, in example-gradient
	// coordinates (draws × dimension): about a minute.
	MaxSampleWork = 2e9
)

// CheckSampling refuses a noise measurement of absurd size (draws example
// gradients in dim dimensions), with the estimate and the way out.
func CheckSampling(draws float64, dim int) error {
	if w := draws * float64(dim); w > MaxSampleWork {
		return fmt.Errorf("--samples: about %.3g example gradients in %d dimensions (minutes or more); lower --samples or the batch sizes, or pass --force to run it anyway", draws, dim)
	}
	return nil
}

// CheckWork refuses, before anything runs, an experiment whose recorded
// trace, compute or memory would be absurd, saying what it estimated and
// how to proceed. The estimate asks each optimizer what it needs (a dense
// Hessian costs n³/3 per step) and each problem what a gradient costs.
func CheckWork(e *Experiment) error {
	n := float64(len(e.Start))
	runs := float64(e.RunCount())
	steps := float64(e.Steps)
	rows := runs * (math.Floor(steps/float64(e.recordEvery())) + 2)
	// A row holds the fixed columns and one per kept coordinate, so the
	// file grows with rows × columns, not rows alone.
	rowBytes := 40 + 20*float64(e.keptDim())
	if rows > MaxTraceRows || rows*rowBytes > MaxTraceBytes {
		k := math.Ceil(runs * steps * rowBytes / min(MaxTraceBytes, MaxTraceRows*rowBytes))
		return fmt.Errorf("record_every: %d would write about %.3g rows of %d columns (%.1f GB) to trace.csv; set record_every: %.0f or more (--record-every), or pass --force to run it anyway",
			e.recordEvery(), rows, 6+e.keptDim(), rows*rowBytes/1e9, k)
	}
	// Memory: each run holds a few vectors of n (x, gradients, optimizer
	// state) while it runs, and the figures keep up to a few thousand
	// points of each. Refusing here is what keeps an allocation failure
	// from being the message.
	kept := math.Min(math.Floor(steps/float64(e.recordEvery()))+2, 4096)
	state := runs * (8*n*8 + kept*8*float64(e.keptDim()))
	if state > MaxStateBytes {
		return fmt.Errorf("surface.dim: %d dimensions × %.0f runs would hold about %.2g GB in memory; lower the dimension or the runs, or pass --force to run it anyway",
			len(e.Start), runs, state/1e9)
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
		flops += per * steps * float64(e.perSpec())
	}
	if flops > MaxFlops {
		return fmt.Errorf("steps: %d would take about %.3g floating-point operations (minutes to hours); lower steps, repeats or the dimension, or pass --force to run it anyway",
			e.Steps, flops)
	}
	return nil
}
