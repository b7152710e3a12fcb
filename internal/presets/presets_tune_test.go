//go:build tune

package presets

// go test -tags tune -run TestTunePresets -v ./internal/presets/ | grep , prints
// tuned.csv: for every 2-D surface and first-order optimizer, the
// learning rate (on a grid of 10^(k/4)) with the lowest final loss among
// runs whose loss never rose above 10× its start (no wild excursions):
// sweep.Best and sweep.Wild, the rule optlab tune applies too.

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/sweep"
	"github.com/optlab/optlab/internal/trace"
)

func TestTunePresets(t *testing.T) {
	var opts []optimizers.Spec // every first-order method: newton's rate is fixed
	for _, spec := range optimizers.Specs() {
		if !spec.Needs.Hessian {
			opts = append(opts, spec)
		}
	}
	fmt.Println("surface,optimizer,lr")
	for _, name := range surfaces.Names() {
		s, _ := surfaces.New(name, nil, 2)
		steps := For(s).Steps
		fstar, _ := problem.FStar(s.Minima())
		var rows []string
		lrs, _ := sweep.LogGrid(1e-8, 10, 37) // 10^(k/4), k = −32…4
		for _, spec := range opts {
			o := spec.Name
			gaps := make([]float64, len(lrs))
			ok := make([]bool, len(lrs))
			for k, lr := range lrs {
				c := optimizers.Config{Name: o}
				if spec.HasBase {
					c.Base = &optimizers.Config{Name: "sgd"}
				}
				e := &lab.Experiment{Problem: s, Start: s.Start(), Steps: steps, Runs: []lab.RunSpec{{Label: o, Optimizer: c, LR: lr}}}
				runs, _ := lab.Run(context.Background(), e, lab.Options{})
				r := runs[0]
				start := r.Points[0].Loss - fstar
				peak := math.Inf(-1)
				for _, p := range r.Points {
					peak = math.Max(peak, p.Loss-fstar)
				}
				last, _ := r.Last()
				gaps[k] = last.Loss - fstar
				ok[k] = (r.Status == trace.MaxSteps || r.Status == trace.Converged) && !sweep.Wild(start, peak)
			}
			if k := sweep.Best(gaps, ok); k >= 0 {
				rows = append(rows, fmt.Sprintf("%s,%s,%.3g", name, o, lrs[k]))
			}
		}
		sort.Strings(rows)
		for _, r := range rows {
			fmt.Println(r)
		}
	}
}
