package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/lab"
)

// applyTuned fills compare's options from tune's tuned.json so that the
// comparison is the one that was tuned: the same surface, start, noise and
// horizon (refused when the command line asks for another), each
// optimizer's tuned lr (unless --lr gives one) and its update budget
// (sam: half the updates of a one-gradient method). It returns the
// experiment's per-run step budgets and the tuned config's stop rules
// (a run that stopped on converging was scored where it stopped).
func applyTuned(o *CompareOptions) (func(*lab.Experiment), *config.StopSpec, error) {
	if o.Tuned == "" {
		return nil, nil, nil
	}
	path := o.Tuned
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, tunedFile)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, usageErrorf("--tuned: %v", err)
	}
	var t tunedJSON
	if err := json.Unmarshal(b, &t); err != nil || t.Steps < 1 {
		return nil, nil, usageErrorf("--tuned: %s is not a tuned.json of optlab tune", path)
	}
	if t.Surface == "" {
		return nil, nil, usageErrorf("--tuned: %s was tuned on a data problem; compare --tuned runs surfaces", path)
	}
	given := func(flag string) bool { return o.Given != nil && o.Given(flag) }
	switch {
	case !given("surface"):
		o.Surface = t.Surface
	case o.Surface != t.Surface:
		return nil, nil, usageErrorf("--tuned: tuned on %s, not %s: a rate tuned on one surface says nothing of another", t.Surface, o.Surface)
	}
	switch {
	case !given("steps"):
		o.Steps = t.Steps
	case o.Steps != t.Steps:
		return nil, nil, usageErrorf("--tuned: tuned on a horizon of %d steps; showing %d would not be the comparison that was tuned (drop --steps)", t.Steps, o.Steps)
	}
	if len(o.Params) == 0 {
		for _, k := range fielderr.SortedKeys(t.SurfaceParams) {
			o.Params = append(o.Params, k+"="+strconv.FormatFloat(t.SurfaceParams[k], 'g', -1, 64))
		}
	}
	if !given("start") && t.Start != nil {
		o.Start = t.Start
	}
	if t.Noise != nil && t.Noise.Sigma != nil && !given("noise") {
		o.Sigma = *t.Noise.Sigma
		if t.Noise.Batch != nil && !given("batch") {
			o.Batch = *t.Noise.Batch
		}
	}
	prevGiven := o.Given
	o.Given = func(flag string) bool { return flag == "steps" || (prevGiven != nil && prevGiven(flag)) }
	byName := map[string]tunedOptimizer{}
	var names []string
	for _, x := range t.Optimizers {
		if _, dup := byName[x.Optimizer]; !dup {
			byName[x.Optimizer] = x
			names = append(names, x.Optimizer)
		}
	}
	lrGiven := map[string]bool{}
	for _, kv := range o.LR {
		if k, _, err := splitKV(kv); err == nil {
			lrGiven[k] = true
		}
	}
	steps := map[string]int{}
	seen := map[string]int{}
	for _, name := range o.Optimizers {
		x, ok := byName[name]
		if !ok {
			return nil, nil, usageErrorf("--tuned: %s was not tuned in %s (tuned: %s)", name, path, strings.Join(names, ", "))
		}
		if x.LR == nil {
			return nil, nil, usageErrorf("--tuned: no lr of the grid ended acceptably for %s in %s", name, path)
		}
		if !lrGiven[name] {
			o.LR = append(o.LR, name+"="+strconv.FormatFloat(*x.LR, 'g', -1, 64))
			lrGiven[name] = true
		}
		seen[name]++
		label := name
		if seen[name] > 1 {
			label = fmt.Sprintf("%s-%d", name, seen[name])
		}
		steps[label] = x.Steps
	}
	fmt.Fprintf(o.IO.Err, "compare --tuned: lrs, horizon (%d steps, %d gradient evaluations per run) and budgets from %s\n", t.Steps, t.GradBudget, path)
	return func(e *lab.Experiment) {
		for i := range e.Runs {
			if n := steps[e.Runs[i].Label]; n > 0 {
				e.Runs[i].Steps = n
			}
		}
	}, t.Stop, nil
}
