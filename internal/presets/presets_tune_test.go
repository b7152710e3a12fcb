//go:build tune

package presets

// go test -tags tune -run TestTunePresets -v ./internal/presets/ | grep , prints
// tuned.csv: for every 2-D surface and first-order optimizer, the
// learning rate (on a grid of 10^(k/4)) with the lowest final loss among
// runs whose loss never rose above 10× its start (no wild excursions).

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
		for _, spec := range opts {
			o := spec.Name
			best, bestLR := math.Inf(1), 0.0
			for k := -32; k <= 4; k++ {
				lr := math.Pow(10, float64(k)/4)
				c := optimizers.Config{Name: o}
				if spec.HasBase {
					c.Base = &optimizers.Config{Name: "sgd"}
				}
				e := &lab.Experiment{Problem: s, Start: s.Start(), Steps: steps, Runs: []lab.RunSpec{{Label: o, Optimizer: c, LR: lr}}}
				runs, _ := lab.Run(context.Background(), e, lab.Options{})
				r := runs[0]
				if r.Status != trace.MaxSteps && r.Status != trace.Converged {
					continue
				}
				start := r.Points[0].Loss - fstar
				wild := false
				for _, p := range r.Points {
					if p.Loss-fstar > 10*math.Max(start, 1e-3) {
						wild = true
						break
					}
				}
				last, _ := r.Last()
				if gap := last.Loss - fstar; !wild && gap < best*0.999 {
					best, bestLR = gap, lr
				}
			}
			if bestLR > 0 {
				rows = append(rows, fmt.Sprintf("%s,%s,%.3g", name, o, bestLR))
			}
		}
		sort.Strings(rows)
		for _, r := range rows {
			fmt.Println(r)
		}
	}
}
