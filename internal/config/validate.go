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

// validate composes the parts of the schema: each part checks itself with
// paths relative to its block and is put under the block's key here; the
// rules that tie parts together (start against the surface's dimension,
// a run's batch against the noise block, unique labels) live here too.
func (f *File) validate(errs *Errors) {
	if msg := checkName(f.Name); msg != "" {
		errs.add("name", "%s", msg)
	}
	if f.Problem != nil {
		f.validateData(errs)
	}
	dim := f.validateLandscape(errs)
	f.validateShift(dim, errs)
	errs.List.Under("sharpness", f.Sharpness.Validate())
	finite := true
	if f.Start != nil {
		if dim > 0 && len(f.Start) != dim {
			errs.add("start", "must have %d coordinates for %s, got %d", dim, f.Surface.Name, len(f.Start))
		} else if spec, ok := surfaces.Lookup(f.Surface.Name); ok && spec.AnyDim && f.Surface.Dim == 0 && len(f.Start) < 2 {
			errs.add("start", "must have at least 2 coordinates for %s, got %d", f.Surface.Name, len(f.Start))
		}
		for i, v := range f.Start {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				errs.add(fmt.Sprintf("start[%d]", i), "must be finite, got %g", v)
				finite = false
			}
		}
	}
	if dim > 0 && finite && (f.Start == nil || len(f.Start) == dim) {
		f.validateStartLoss(dim, errs)
	}
	if f.Steps < 1 && (f.Problem == nil || f.stepsSet) {
		errs.add("steps", "must be ≥ 1, got %d", f.Steps)
	}
	if f.Repeats < 1 {
		errs.add("repeats", "must be ≥ 1, got %d", f.Repeats)
	}
	if f.RecordEvery < 1 {
		errs.add("record_every", "must be ≥ 1, got %d", f.RecordEvery)
	}
	errs.List.Under("output", f.Output.Validate())
	errs.List.Under("starts", f.Starts.Validate(dim))
	if f.Starts != nil && f.Start != nil {
		errs.add("starts", "cannot be given with start: a basin experiment runs from its grid or random starts")
	}
	if f.Starts != nil && f.Problem != nil {
		errs.add("starts", "is for surfaces (a window to cover); a problem block starts from its model's init")
	}
	errs.List.Under("sweep", f.Sweep.Validate())
	errs.List.Under("stop", f.Stop.Validate(f.Surface.Name))
	errs.List.Under("noise", f.Noise.Validate(f.datasetDim()))
	errs.List.Under("lr_scaling", f.LRScaling.Validate(f.noisy() || f.Problem != nil))
	if len(f.Optimizers) == 0 {
		errs.add("optimizers", "must list at least one optimizer")
	}
	labels := map[string]int{}
	for i := range f.Optimizers {
		path := fmt.Sprintf("optimizers[%d]", i)
		o := &f.Optimizers[i]
		errs.List.Under(path, o.Validate())
		if f.Problem == nil {
			f.validateRunBatch(path, o, errs)
			if o.GhostBatch != nil {
				errs.add(path+".ghost_batch", "needs a problem block with a batch-norm model")
			}
		}
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

// validateLandscape checks the block that says what is minimised and
// returns its dimension (0 if unknown). Today that is the surface block;
// another kind of objective would be a second block, exclusive with it,
// checked here.
func (f *File) validateLandscape(errs *Errors) int {
	if f.Problem != nil {
		return 0 // checked by validateData
	}
	if f.Surface.IsExpr() {
		problems := f.Surface.validateExpr(f.Start)
		errs.List.Under("surface", problems)
		if len(problems) > 0 {
			return 0
		}
		return f.Surface.exprDim()
	}
	problems := f.Surface.Validate(len(f.Start))
	errs.List.Under("surface", problems)
	if len(problems) > 0 || (f.Surface.Dim == 0 && len(f.Start) == 1) {
		return 0
	}
	spec, _ := surfaces.Lookup(f.Surface.Name)
	return f.dim(spec)
}

func (o *OptimizerSpec) label() string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

// Validate checks the surface block; startLen is the length of start,
// which gives an n-D family its dimension when dim is not set.
func (s SurfaceSpec) Validate(startLen int) fielderr.List {
	var problems fielderr.List
	if s.IsExpr() {
		return s.validateExpr(nil)
	}
	if s.Name == "" {
		problems.Add("name", "is required (one of %s)", strings.Join(surfaces.Names(), ", "))
		return problems
	}
	spec, ok := surfaces.Lookup(s.Name)
	if !ok {
		problems.Add("name", "unknown surface %q%s; have %s", s.Name, suggest(s.Name, surfaces.Names()), strings.Join(surfaces.Names(), ", "))
		return problems
	}
	dim := s.dim(spec, startLen)
	switch {
	case !spec.AnyDim && s.Dim != 0 && s.Dim != 2:
		problems.Add("dim", "%s is 2-D, got %d", s.Name, s.Dim)
		dim = 2
	case spec.AnyDim && s.Dim == 0 && dim < 2:
		dim = 2 // a start too short: reported under start
	case spec.AnyDim && dim < 2:
		problems.Add("dim", "must be ≥ 2, got %d", dim)
		dim = 2
	case dim > maxDim:
		problems.Add("dim", "must be ≤ %d, got %d", maxDim, dim)
		dim = 2
	}
	// The parameters are checked whatever the dimension, so that one pass
	// reports every problem.
	problems.Under("params", s.paramProblems(spec, dim))
	return problems
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

// checkName says what is wrong with a config's name, or "". A name is a
// label (figure titles, the default folder out/NAME), never a path: only
// output.dir and --out choose where files go.
func checkName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "must not be empty"
	case name == "." || name == "..":
		return fmt.Sprintf("is a label, not a path, got %q", name)
	case strings.ContainsAny(name, "/\\"):
		return fmt.Sprintf("is a label, not a path: must not contain '/' or '\\', got %q (set output.dir to choose the folder)", name)
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return fmt.Sprintf("must not contain control characters, got %q", name)
		}
	}
	return ""
}

// validateStartLoss refuses a start whose loss or gradient is not finite
// (start: [1e308, 1] on rosenbrock, a huge parameter): no run could take
// a step from it, and a summary of it would report numbers never computed.
func (f *File) validateStartLoss(dim int, errs *Errors) {
	spec, _ := surfaces.Lookup(f.Surface.Name)
	params := map[string]float64{}
	for k, v := range f.Surface.Params {
		p, ok := findParam(spec.Params, k)
		if !ok {
			return // reported under surface.params
		}
		params[p.Name] = v
	}
	if len(surfaces.Check(spec.Name, params, dim)) > 0 {
		return
	}
	s, err := surfaces.New(spec.Name, params, dim)
	if err != nil {
		return
	}
	x := f.Start
	where := "start"
	if x == nil {
		x, where = s.Start(), "start (the surface's default)"
	}
	loss := s.Loss(x)
	g := make([]float64, len(x))
	s.Grad(g, x)
	var gn float64
	for _, v := range g {
		gn += v * v
	}
	switch {
	case math.IsNaN(loss) || math.IsInf(loss, 0):
		errs.add("start", "the loss at the %s is %g; choose a start (or surface parameters) where it is finite", where, loss)
	case math.IsNaN(gn) || math.IsInf(gn, 0):
		errs.add("start", "the gradient at the %s is not finite; choose a start (or surface parameters) where it is", where)
	}
}

// maxDim bounds the dimension of n-D surfaces.
const maxDim = 1 << 20

// dim is the dimension of the surface: 2 for 2-D families, else dim,
// else the length of start, else 2.
func (s SurfaceSpec) dim(spec surfaces.Spec, startLen int) int {
	switch {
	case !spec.AnyDim:
		return 2
	case s.Dim != 0:
		return s.Dim
	case startLen > 0:
		return startLen
	}
	return 2
}

func (f *File) dim(spec surfaces.Spec) int { return f.Surface.dim(spec, len(f.Start)) }

// datasetDim is the dimension a finite_sum dataset would have, for its
// size check: 0 when the surface is unknown or its dimension out of range
// (reported under surface).
func (f *File) datasetDim() int {
	spec, ok := surfaces.Lookup(f.Surface.Name)
	if !ok {
		return 0
	}
	if d := f.dim(spec); d >= 1 && d <= maxDim {
		return d
	}
	return 0
}

func findParam(ps []surfaces.Param, name string) (surfaces.Param, bool) {
	for _, p := range ps {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return surfaces.Param{}, false
}

// Validate checks the stop block (nil: none); surface names the surface,
// which must have a minimum for loss_gap.
func (s *StopSpec) Validate(surface string) fielderr.List {
	var problems fielderr.List
	if s == nil {
		return nil
	}
	for _, c := range []struct {
		name string
		v    float64
	}{{"loss_gap", s.LossGap}, {"grad_norm", s.GradNorm}, {"bound", s.Bound}, {"blowup", s.Blowup}} {
		if !(c.v >= 0) || math.IsInf(c.v, 0) {
			problems.Add(c.name, "must be a finite number ≥ 0, got %g", c.v)
		}
	}
	if s.Blowup > 0 && s.Blowup <= 1 {
		// A factor ≤ 1 would stop a run at its first step up, which is
		// not a blow-up (Newton's first step on Rosenbrock goes up 40×).
		problems.Add("blowup", "must be > 1 (a factor of the start's loss gap; 0 for the default 1e10), got %g", s.Blowup)
	}
	if s.LossGap > 0 {
		if sf, err := surfaces.New(surface, nil, 0); err == nil && !hasMinimum(sf) {
			problems.Add("loss_gap", "surface %s has no known minimum to measure the gap to", surface)
		}
	}
	return problems
}

func hasMinimum(s surfaces.Surface) bool {
	for _, m := range s.Minima() {
		if m.Kind == "" || m.Kind == "min" {
			return true
		}
	}
	return false
}

// config is the block over noise's defaults (a nil block: no noise).
func (n *NoiseSpec) config() noise.Config {
	c := noise.DefaultConfig()
	if n == nil {
		return c
	}
	c.Model = n.Model
	if n.Batch != nil {
		c.Batch = *n.Batch
	}
	if n.Sigma != nil {
		c.Sigma = *n.Sigma
	}
	if n.Spread != nil {
		c.Spread = *n.Spread
	}
	if n.Examples != nil {
		c.Examples = *n.Examples
	}
	return c
}

func (f *File) noiseConfig() noise.Config { return f.Noise.config() }

func (f *File) noisy() bool {
	m := f.noiseConfig().Model
	return m != "" && m != noise.None
}

// Validate checks the noise block (nil: none); dim is the dimension of
// the surface (0 if unknown), which bounds a finite_sum dataset.
func (n *NoiseSpec) Validate(dim int) fielderr.List {
	var problems fielderr.List
	if n == nil {
		return nil
	}
	c := n.config()
	if n.Model == "" {
		problems.Add("model", "is required in a noise block (none, gaussian or finite_sum)")
	} else {
		problems = append(problems, noiseProblems(c)...)
	}
	if dim > 0 && c.Model == noise.FiniteSum && c.Examples >= 1 && c.Examples <= noise.MaxExamples &&
		c.Examples*dim > maxDataset {
		problems.Add("examples", "examples × dimension must be ≤ %d (the dataset is held in memory), got %d × %d",
			maxDataset, c.Examples, dim)
	}
	return problems
}

// maxDataset bounds the floats of a finite_sum dataset (examples × dim).
const maxDataset = 1 << 26

// noiseProblems is every bad field of c, from noise's own check, with a
// suggestion for a misspelt model.
func noiseProblems(c noise.Config) fielderr.List {
	err := c.Validate()
	if err == nil {
		return nil
	}
	var problems fielderr.List
	if !errors.As(err, &problems) {
		return fielderr.List{{Msg: err.Error()}}
	}
	for i := range problems {
		if problems[i].Path == "model" {
			problems[i].Msg += suggest(c.Model, []string{noise.None, noise.Gaussian, noise.FiniteSum})
		}
	}
	return problems
}

// Validate checks the lr_scaling block (nil: none); it scales by the
// batch size, so it needs noise.
func (l *LRScalingSpec) Validate(noisy bool) fielderr.List {
	var problems fielderr.List
	if l == nil {
		return nil
	}
	switch l.Rule {
	case "linear", "sqrt":
	default:
		problems.Add("rule", "must be linear or sqrt, got %q", l.Rule)
	}
	if l.BaseBatch < 1 {
		problems.Add("base_batch", "must be ≥ 1, got %d", l.BaseBatch)
	}
	if !noisy {
		problems.Add("", "scales lr with the batch size, so it needs a noise block with a model and a batch")
	}
	return problems
}

// Validate checks the output block.
func (o OutputSpec) Validate() fielderr.List {
	var problems fielderr.List
	if strings.TrimSpace(o.Dir) == "" {
		problems.Add("dir", "must not be empty")
	}
	return problems
}

// validateRunBatch checks an optimizer's own batch size against the noise
// block it samples from.
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

// Validate checks one optimizers entry: its name, its hyperparameters
// against the registry, and its schedule (or its base's).
func (o *OptimizerSpec) Validate() fielderr.List {
	var problems fielderr.List
	if o.Name == "" {
		problems.Add("name", "is required (one of %s)", strings.Join(optimizers.Names(), ", "))
		return problems
	}
	if _, ok := optimizers.Lookup(o.Name); !ok {
		problems.Add("name", "unknown optimizer %q%s; have %s", o.Name, suggest(o.Name, optimizers.Names()), strings.Join(optimizers.Names(), ", "))
		return problems
	}
	// A known hyperparameter of the wrong type ("lr: fast", "eps_inside_sqrt:
	// 1") is reported as such and kept from Resolve, which would call it
	// unknown.
	typed := o.withoutMistyped(&problems, "")
	// Resolve reports every bad hyperparameter, relative to the entry;
	// unknown ones get the closest name the optimizer takes.
	if _, err := optimizers.Resolve(typed.config()); err != nil {
		var resolved fielderr.List
		if !errors.As(err, &resolved) {
			resolved = fielderr.List{{Msg: err.Error()}}
		}
		for _, p := range resolved {
			if p.Unknown {
				p.Msg += suggestParam(o, p.Path)
			}
			problems = append(problems, p)
		}
	}
	if o.Base != nil && o.Base.Schedule != nil {
		if o.Schedule != nil {
			problems.Add("base.schedule", "give the schedule once, on the sam entry or on its base")
		} else {
			problems.Under("base.schedule", o.Base.Schedule.Validate())
		}
	}
	problems.Under("schedule", o.Schedule.Validate())
	return problems
}

// withoutMistyped reports every hyperparameter that the optimizer (or its
// base) has but that was written with the wrong type, and returns a copy
// of o without them.
func (o *OptimizerSpec) withoutMistyped(problems *fielderr.List, prefix string) *OptimizerSpec {
	c := *o
	spec, ok := optimizers.Lookup(o.Name)
	if !ok {
		return &c
	}
	numeric, choice, flag := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range spec.Params {
		numeric[p.Name] = true
	}
	for _, ch := range spec.Choices {
		choice[ch.Name] = true
	}
	for _, f := range spec.Flags {
		flag[f] = true
	}
	c.Values, c.Choices, c.Flags = map[string]float64{}, map[string]string{}, map[string]bool{}
	for _, k := range fielderr.SortedKeys(o.Values) {
		switch v := o.Values[k]; {
		case flag[k]:
			problems.Add(prefix+k, "must be true or false, got %g", v)
		case choice[k]:
			problems.Add(prefix+k, "must be a word, got %g", v)
		default:
			c.Values[k] = v
		}
	}
	for _, k := range fielderr.SortedKeys(o.Choices) {
		switch v := o.Choices[k]; {
		case numeric[k]:
			problems.Add(prefix+k, "must be a number, got %q", v)
		case flag[k]:
			problems.Add(prefix+k, "must be true or false, got %q", v)
		default:
			c.Choices[k] = v
		}
	}
	for _, k := range fielderr.SortedKeys(o.Flags) {
		switch v := o.Flags[k]; {
		case numeric[k]:
			problems.Add(prefix+k, "must be a number, got %t", v)
		case choice[k]:
			problems.Add(prefix+k, "must be a word, got %t", v)
		default:
			c.Flags[k] = v
		}
	}
	if o.Base != nil {
		c.Base = o.Base.withoutMistyped(problems, prefix+"base.")
	}
	return &c
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
