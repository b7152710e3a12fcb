package config

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// Validate checks every field of a decoded File and reports all problems
// at once; it is what Load runs after decoding.
func (f *File) Validate() error {
	errs := &Errors{}
	f.validate(errs)
	return errs.err()
}

func (f *File) validate(errs *Errors) {
	dim := f.validateSurface(errs)
	if f.Start != nil {
		if dim > 0 && len(f.Start) != dim {
			errs.add("start", "must have %d coordinates for %s, got %d", dim, f.Surface.Name, len(f.Start))
		}
		for i, v := range f.Start {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs.add(fmt.Sprintf("start[%d]", i), "must be finite, got %g", v)
			}
		}
	}
	if f.Steps < 1 {
		errs.add("steps", "must be ≥ 1, got %d", f.Steps)
	}
	if f.Repeats < 1 {
		errs.add("repeats", "must be ≥ 1, got %d", f.Repeats)
	}
	if f.RecordEvery < 1 {
		errs.add("record_every", "must be ≥ 1, got %d", f.RecordEvery)
	}
	if strings.TrimSpace(f.Output.Dir) == "" {
		errs.add("output.dir", "must not be empty")
	}
	f.validateStop(errs)
	f.validateNoise(errs)
	if len(f.Optimizers) == 0 {
		errs.add("optimizers", "must list at least one optimizer")
	}
	labels := map[string]int{}
	for i := range f.Optimizers {
		path := fmt.Sprintf("optimizers[%d]", i)
		o := &f.Optimizers[i]
		validateOptimizer(path, o, errs)
		f.validateRunBatch(path, o, errs)
		label := o.label()
		if j, dup := labels[label]; dup {
			errs.add(path+".label", "%q is already the label of optimizers[%d]; give each a unique label", label, j)
		} else {
			labels[label] = i
		}
		if strings.ContainsAny(label, ",#\n\"") {
			errs.add(path+".label", "must not contain ',', '#', '\"' or a newline, got %q", label)
		}
	}
}

func (o *OptimizerSpec) label() string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

// validateSurface returns the dimension (0 if unknown).
func (f *File) validateSurface(errs *Errors) int {
	s := f.Surface
	if s.Name == "" {
		errs.add("surface.name", "is required (one of %s)", strings.Join(surfaces.Names(), ", "))
		return 0
	}
	spec, ok := surfaces.Lookup(s.Name)
	if !ok {
		errs.add("surface.name", "unknown surface %q%s; have %s", s.Name, suggest(s.Name, surfaces.Names()), strings.Join(surfaces.Names(), ", "))
		return 0
	}
	dim := f.dim(spec)
	if !spec.AnyDim && s.Dim != 0 && s.Dim != 2 {
		errs.add("surface.dim", "%s is 2-D, got %d", s.Name, s.Dim)
		return 0
	}
	if spec.AnyDim && dim < 2 {
		errs.add("surface.dim", "must be ≥ 2, got %d", dim)
		return 0
	}
	if dim > maxDim {
		errs.add("surface.dim", "must be ≤ %d, got %d", maxDim, dim)
		return 0
	}
	if problems := f.Surface.paramProblems(spec, dim); len(problems) > 0 {
		errs.List.Under("surface.params", problems)
		return 0
	}
	return dim
}

// paramProblems checks the surface parameters with surfaces.Check, the one
// check of them, keyed as written (Viper lowercases keys, the registry
// does not: "a" names rastrigin's A); an unknown one gets the closest name.
func (s SurfaceSpec) paramProblems(spec surfaces.Spec, dim int) fielderr.List {
	var problems fielderr.List
	names := make([]string, len(spec.Params))
	for i, p := range spec.Params {
		names[i] = p.Name
	}
	written := map[string]string{} // registry name → key as written
	params := map[string]float64{}
	for _, k := range fielderr.SortedKeys(s.Params) {
		p, ok := findParam(spec.Params, k)
		if !ok {
			msg := "has no parameter"
			if len(names) > 0 {
				msg += fmt.Sprintf(" %q%s; have %s", k, suggest(k, names), strings.Join(names, ", "))
			} else {
				msg += fmt.Sprintf(" %q; it takes none", k)
			}
			problems.AddUnknown(k, "%s %s", s.Name, msg)
			continue
		}
		written[p.Name] = k
		params[p.Name] = s.Params[k]
	}
	for _, p := range surfaces.Check(spec.Name, params, dim) {
		if name, ok := strings.CutPrefix(p.Path, "params."); ok {
			p.Path = written[name]
			problems = append(problems, p)
		}
	}
	return problems
}

// maxDim bounds the dimension of n-D surfaces.
const maxDim = 1 << 20

func (f *File) dim(spec surfaces.Spec) int {
	switch {
	case !spec.AnyDim:
		return 2
	case f.Surface.Dim != 0:
		return f.Surface.Dim
	case len(f.Start) > 0:
		return len(f.Start)
	}
	return 2
}

func findParam(ps []surfaces.Param, name string) (surfaces.Param, bool) {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return surfaces.Param{}, false
}

func (f *File) validateStop(errs *Errors) {
	if f.Stop == nil {
		return
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"loss_gap", f.Stop.LossGap}, {"grad_norm", f.Stop.GradNorm}, {"bound", f.Stop.Bound}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			errs.add("stop."+c.name, "must be a finite number ≥ 0, got %g", c.v)
		}
	}
	if f.Stop.LossGap > 0 {
		if s, err := surfaces.New(f.Surface.Name, nil, 0); err == nil && !hasMinimum(s) {
			errs.add("stop.loss_gap", "surface %s has no known minimum to measure the gap to", f.Surface.Name)
		}
	}
}

func hasMinimum(s surfaces.Surface) bool {
	for _, m := range s.Minima() {
		if m.Kind == "" || m.Kind == "min" {
			return true
		}
	}
	return false
}

func (f *File) noiseConfig() noise.Config {
	c := noise.DefaultConfig()
	if f.Noise == nil {
		return c
	}
	c.Model = f.Noise.Model
	if f.Noise.Batch != nil {
		c.Batch = *f.Noise.Batch
	}
	if f.Noise.Sigma != nil {
		c.Sigma = *f.Noise.Sigma
	}
	if f.Noise.Spread != nil {
		c.Spread = *f.Noise.Spread
	}
	if f.Noise.Examples != nil {
		c.Examples = *f.Noise.Examples
	}
	return c
}

func (f *File) noisy() bool {
	m := f.noiseConfig().Model
	return m != "" && m != noise.None
}

func (f *File) validateNoise(errs *Errors) {
	if f.Noise != nil {
		if f.Noise.Model == "" {
			errs.add("noise.model", "is required in a noise block (none, gaussian or finite_sum)")
		} else {
			validateNoiseConfig(f.noiseConfig(), errs)
		}
		c := f.noiseConfig()
		if spec, ok := surfaces.Lookup(f.Surface.Name); ok && c.Model == noise.FiniteSum &&
			c.Examples >= 1 && c.Examples <= noise.MaxExamples {
			if d := f.dim(spec); d >= 1 && d <= maxDim && c.Examples*d > maxDataset {
				errs.add("noise.examples", "examples × dimension must be ≤ %d (the dataset is held in memory), got %d × %d",
					maxDataset, c.Examples, d)
			}
		}
	}
	if f.LRScaling != nil {
		switch f.LRScaling.Rule {
		case "linear", "sqrt":
		default:
			errs.add("lr_scaling.rule", "must be linear or sqrt, got %q", f.LRScaling.Rule)
		}
		if f.LRScaling.BaseBatch < 1 {
			errs.add("lr_scaling.base_batch", "must be ≥ 1, got %d", f.LRScaling.BaseBatch)
		}
		if !f.noisy() {
			errs.add("lr_scaling", "scales lr with the batch size, so it needs a noise block with a model and a batch")
		}
	}
}

// maxDataset bounds the floats of a finite_sum dataset (examples × dim).
const maxDataset = 1 << 26

// validateNoiseConfig reports every bad field of the noise block, with a
// suggestion for a misspelt model.
func validateNoiseConfig(c noise.Config, errs *Errors) {
	err := c.Validate()
	if err == nil {
		return
	}
	var problems fielderr.List
	if !errors.As(err, &problems) {
		errs.add("noise", "%v", err)
		return
	}
	for i := range problems {
		if problems[i].Path == "model" {
			problems[i].Msg += suggest(c.Model, []string{noise.None, noise.Gaussian, noise.FiniteSum})
		}
	}
	errs.List.Under("noise", problems)
}

// validateRunBatch checks an optimizer's own batch size.
func (f *File) validateRunBatch(path string, o *OptimizerSpec, errs *Errors) {
	if o.Batch == nil {
		return
	}
	if !f.noisy() {
		errs.add(path+".batch", "needs a noise block (model gaussian or finite_sum) to sample batches from")
		return
	}
	// The block's own problems are reported under noise; here only what
	// this run's batch breaks.
	c := f.noiseConfig()
	c.Batch = *o.Batch
	var problems fielderr.List
	if errors.As(c.Validate(), &problems) {
		for _, p := range problems {
			if p.Path == "batch" {
				errs.add(path+".batch", "%s", p.Msg)
			}
		}
	}
}

func validateOptimizer(path string, o *OptimizerSpec, errs *Errors) {
	if o.Name == "" {
		errs.add(path+".name", "is required (one of %s)", strings.Join(optimizers.Names(), ", "))
		return
	}
	if _, ok := optimizers.Lookup(o.Name); !ok {
		errs.add(path+".name", "unknown optimizer %q%s; have %s", o.Name, suggest(o.Name, optimizers.Names()), strings.Join(optimizers.Names(), ", "))
		return
	}
	// Resolve reports every bad hyperparameter, relative to the entry;
	// unknown ones get the closest name the optimizer takes.
	if _, err := optimizers.Resolve(o.config()); err != nil {
		var problems fielderr.List
		if !errors.As(err, &problems) {
			errs.add(path, "%v", err)
		}
		for i := range problems {
			if problems[i].Unknown {
				problems[i].Msg += suggestParam(o, problems[i].Path)
			}
		}
		errs.List.Under(path, problems)
	}
	if o.Base != nil && o.Base.Schedule != nil {
		if o.Schedule != nil {
			errs.add(path+".base.schedule", "give the schedule once, on the sam entry or on its base")
		} else {
			validateSchedule(path+".base.schedule", o.Base.Schedule, errs)
		}
	}
	if o.Schedule != nil {
		validateSchedule(path+".schedule", o.Schedule, errs)
	}
}

// suggestParam offers the closest hyperparameter name for an unknown one.
func suggestParam(o *OptimizerSpec, param string) string {
	name, key := o.Name, param
	if strings.HasPrefix(param, "base.") && o.Base != nil {
		name, key = o.Base.Name, strings.TrimPrefix(param, "base.")
	}
	spec, ok := optimizers.Lookup(name)
	if !ok {
		return ""
	}
	var names []string
	for _, p := range spec.Params {
		names = append(names, p.Name)
	}
	for _, c := range spec.Choices {
		names = append(names, c.Name)
	}
	names = append(names, spec.Flags...)
	if s := suggest(key, names); s != "" {
		return s
	}
	if len(names) > 0 {
		return "; it takes " + strings.Join(names, ", ")
	}
	return ""
}

// config converts the entry to the optimizers package's form.
func (o *OptimizerSpec) config() optimizers.Config {
	c := optimizers.Config{Name: o.Name, Values: o.Values, Choices: o.Choices, Flags: o.Flags}
	if o.Base != nil {
		b := o.Base.config()
		c.Base = &b
	}
	return c
}
