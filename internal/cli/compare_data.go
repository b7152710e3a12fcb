package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/nn"
	"github.com/optlab/optlab/internal/optimizers"
)

// dataLR is compare's default rate on a data set: larger for plain and
// momentum methods, a common Adam-family rate otherwise (no tuning: a
// starting point, overridden by --lr).
func dataLR(name string) float64 {
	switch name {
	case "sgd", "gd", "nesterov":
		return 0.1
	case "momentum":
		return 0.05
	}
	return 0.01
}

// compareDataConfig is compare --problem DATASET: the data set with 1000
// examples (a quarter held out), an MLP 32-32 with ReLU for classes (a
// linear model for regression), batch 32, 20 epochs.
func compareDataConfig(o *CompareOptions) (*config.File, error) {
	spec, ok := data.Lookup(o.Problem)
	if !ok {
		return nil, usageErrorf("--problem: unknown data set %q%s; have %s", o.Problem, config.Suggest(o.Problem, data.Names()), strings.Join(data.Names(), ", "))
	}
	noise := 0.2
	model := config.ModelSpec{Kind: nn.MLP, Hidden: []int{32, 32}, Activation: nn.ReLU}
	if spec.Classes == "regression" {
		model = config.ModelSpec{Kind: nn.Linear}
		noise = 0.5
	}
	f := &config.File{
		Name:        "compare-" + o.Problem,
		Problem:     &config.ProblemSpec{Data: config.DataSpec{Name: o.Problem, Noise: &noise}, Model: model},
		Seed:        o.Seed,
		Repeats:     o.Repeats,
		RecordEvery: o.RecordEvery,
		Output:      config.OutputSpec{Dir: o.Out},
	}
	if f.Output.Dir == "" {
		f.Output.Dir = filepath.Join("out", f.Name)
	}
	switch {
	case o.Steps > 0 && o.Epochs > 0:
		return nil, usageErrorf("--epochs and --steps: give one of the two")
	case o.Steps > 0:
		f.SetSteps(o.Steps)
	case o.Epochs > 0:
		f.Epochs = o.Epochs
	default:
		f.Epochs = 20
	}
	batch := 32
	if o.Batch > 1 {
		batch = o.Batch
	}
	lrs := map[string]float64{}
	for _, kv := range o.LR {
		k, v, err := splitKV(kv)
		if err != nil {
			return nil, usageErrorf("--lr: %v", err)
		}
		lrs[k] = v
	}
	seen := map[string]int{}
	for _, name := range o.Optimizers {
		seen[name]++
		label := name
		if seen[name] > 1 {
			label = fmt.Sprintf("%s-%d", name, seen[name])
		}
		lr, given := lrs[label]
		if !given {
			lr, given = lrs[name]
		}
		s, _ := optimizers.Lookup(name)
		if !given {
			lr = dataLR(name)
			if s.HasBase {
				lr = dataLR(s.DefaultBase)
			}
		}
		b := batch
		entry := config.OptimizerSpec{Name: name, Label: label, Batch: &b}
		if s.HasBase {
			entry.Base = &config.OptimizerSpec{Name: s.DefaultBase, Values: map[string]float64{"lr": lr}}
		} else {
			entry.Values = map[string]float64{"lr": lr}
		}
		f.Optimizers = append(f.Optimizers, entry)
	}
	for k := range lrs {
		if _, ok := seen[k]; !ok && !hasLabel(f, k) {
			return nil, usageErrorf("--lr: %q is not one of the optimizers compared (%s)", k, strings.Join(o.Optimizers, ", "))
		}
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return f, nil
}
