package cli

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/presets"
	"github.com/optlab/optlab/internal/surfaces"
)

// CompareOptions are the inputs of `optlab compare`.
type CompareOptions struct {
	IO         *IOStreams
	Optimizers []string
	Surface    string
	Params     []string // surface parameters "kappa=50"
	Dim        int
	Steps      int // 0: the surface preset's
	Seed       uint64
	LR         []string // "adam=0.02"
	Start      []float64
	Out        string
	// Noise: Sigma > 0 (or Model set) turns on stochastic gradients.
	Sigma       float64
	NoiseModel  string
	Batch       int
	Examples    int
	Spread      float64
	Repeats     int
	RecordEvery int
	Quiet, JSON bool
	Format      string
	Force       bool
	Set         []string // hyperparameters "adam.beta1=0.95"
	// Given reports whether a flag was on the command line, so that an
	// explicit 0 is not taken for "not given".
	Given    func(flag string) bool
	Progress bool // --progress
	// RecordEverySet: --record-every was given, so the trace budget keeps it.
	RecordEverySet bool
	// Problem, if set, is a generated data set to train a default model on
	// instead of a surface (compare_data.go).
	Problem string
	Epochs  int
	GIF     gifFlags    // --gif, --frames, --fps, --gif-steps
	Figure  figureFlags // --window, --log-steps
	// Tuned is tune's tuned.json (or its folder): its lrs, horizon and
	// per-optimizer budgets (compare_tuned.go).
	Tuned string
}

// NewCmdCompare builds `optlab compare OPT...`.
func NewCmdCompare(ios *IOStreams, runF func(context.Context, *CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "compare OPTIMIZER...",
		Short: "Run optimizers side by side with sensible defaults, no config needed",
		Long: `Run the named optimizers from the surface's standard start with learning rates
tuned for that surface (see 'optlab describe SURFACE'), and write the same files
as 'optlab run'. Override a rate with --lr NAME=VALUE and any other hyperparameter
with --set NAME.PARAM=VALUE (NAME: an optimizer or a label such as adam-2).`,
		Example: `  optlab compare adam rmsprop
  optlab compare sgd momentum nesterov adagrad rmsprop adam radam newton sam --surface beale
  optlab compare sgd adam --noise 0.5 --batch 8 --repeats 20
  optlab compare adam --lr adam=0.02 --steps 300
  optlab compare adam adam --set adam-2.beta1=0.95`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Optimizers = args
			opts.Given = func(flag string) bool { return cmd.Flags().Changed(flag) }
			opts.RecordEverySet = cmd.Flags().Changed("record-every")
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if _, err := opts.GIF.options(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runCompare(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Surface, "surface", "rosenbrock", "surface to run on (optlab list surfaces)")
	fs.StringVar(&opts.Problem, "problem", "", "a data set to train a default model on instead of a surface (optlab list datasets)")
	fs.IntVar(&opts.Epochs, "epochs", 0, "--problem: epochs per run (default 20)")
	fs.StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	fs.IntVar(&opts.Dim, "dim", 0, "dimension of n-D surfaces (≥ 2; when not given: the length of --start, else 2)")
	fs.IntVar(&opts.Steps, "steps", 0, "updates per run (≥ 1; when not given: the surface's preset)")
	fs.Uint64Var(&opts.Seed, "seed", config.DefaultSeed, "seed for all randomness")
	fs.StringSliceVar(&opts.LR, "lr", nil, "learning rate NAME=VALUE for an optimizer or label (repeatable; > 0)")
	fs.StringArrayVar(&opts.Set, "set", nil, "hyperparameter NAME.PARAM=VALUE for an optimizer or label, e.g. adam.beta1=0.95 (repeatable)")
	fs.Float64SliceVar(&opts.Start, "start", nil, "start point x0,x1,... (when not given: the surface's)")
	fs.StringVar(&opts.Out, "out", "", "output folder (when not given: out/compare-SURFACE)")
	fs.Float64Var(&opts.Sigma, "noise", 0, "gradient noise σ per example (turns on noise model gaussian)")
	fs.StringVar(&opts.NoiseModel, "noise-model", "", "noise model: gaussian or finite_sum")
	fs.IntVar(&opts.Batch, "batch", 1, "mini-batch size m (needs --noise or --noise-model)")
	fs.IntVar(&opts.Examples, "examples", 256, "finite_sum: number of examples N")
	fs.Float64Var(&opts.Spread, "spread", 0.5, "finite_sum: spread s of the examples")
	fs.IntVar(&opts.Repeats, "repeats", 1, "runs per optimizer with different noise seeds (> 1 needs noise)")
	fs.IntVar(&opts.RecordEvery, "record-every", 1, "keep every k-th step in trace.csv")
	fs.BoolVar(&opts.Force, "force", false, "run even when the estimated work or output is absurd")
	addOutputFlags(fs, &opts.Quiet, &opts.JSON, &opts.Format)
	addProgressFlag(fs, &opts.Progress)
	addGIFFlags(fs, &opts.GIF)
	addFigureFlags(fs, &opts.Figure, true)
	fs.StringVar(&opts.Tuned, "tuned", "", "use the lrs, horizon and budgets of 'optlab tune' (its tuned.json or folder)")
	return cmd
}

func runCompare(ctx context.Context, opts *CompareOptions) error {
	flagged := opts.LR
	adjust, stop, err := applyTuned(opts)
	if err != nil {
		return err
	}
	f, err := compareConfig(opts)
	if err != nil {
		return err
	}
	if stop != nil {
		f.Stop = stop
	}
	gif, _ := opts.GIF.options() // checked in RunE
	return runExperiment(ctx, opts.IO, f, experimentOptions{Quiet: opts.Quiet, JSON: opts.JSON, Format: opts.Format, Force: opts.Force,
		Progress: opts.Progress, RecordEvery: recordEvery{Flag: "--record-every", Set: opts.RecordEverySet}, GIF: gif, Figure: opts.Figure,
		LRFlagged: lrFlagged(f, flagged), Adjust: adjust})
}

// lrFlagged are the labels whose lr a --lr NAME=VALUE set (by label or
// by optimizer name), for the legends to mark.
func lrFlagged(f *config.File, lrs []string) map[string]bool {
	keys := map[string]bool{}
	for _, kv := range lrs {
		if k, _, err := splitKV(kv); err == nil { // checked in compareConfig
			keys[k] = true
		}
	}
	flagged := map[string]bool{}
	for _, e := range f.Optimizers {
		if keys[e.Label] || keys[e.Name] {
			flagged[e.Label] = true
		}
	}
	return flagged
}

// compareConfig turns the command line into an experiment config, so that
// compare and run share one validation and one build. Every problem the
// validator finds is reported under the flag that set the field.
func compareConfig(o *CompareOptions) (*config.File, error) {
	if o.Problem != "" {
		return compareDataConfig(o)
	}
	// An expression ("expr:…") is a surface of its own; any other name is
	// looked up in the registry.
	s, surface, isExpr, err := exprSurface("--surface", o.Surface, o.Params)
	if err != nil {
		return nil, err
	}
	name := o.Surface
	var params map[string]float64
	if isExpr {
		name = "expr"
	} else {
		if params, err = surfaceArgs("--surface", o.Surface, o.Params); err != nil {
			return nil, err
		}
		surface = config.SurfaceSpec{Name: o.Surface, Params: params, Dim: o.Dim}
	}
	given := func(flag string) bool { return o.Given != nil && o.Given(flag) }
	// An explicit 0 is a value, not "the default": refused like a negative.
	if given("dim") && o.Dim < 2 {
		return nil, usageErrorf("--dim: must be ≥ 2, got %d", o.Dim)
	}
	if given("steps") && o.Steps < 1 {
		return nil, usageErrorf("--steps: must be ≥ 1, got %d", o.Steps)
	}
	noisy := o.Sigma != 0 || o.NoiseModel != "" // a negative or NaN --noise is an error, not "no noise"
	if !noisy {
		// Exact gradients: every repeat would be the same run, a batch size
		// would be ignored.
		if given("batch") {
			return nil, usageErrorf("--batch: needs gradient noise to sample batches from; add --noise SIGMA or --noise-model finite_sum")
		}
		if o.Repeats > 1 {
			return nil, usageErrorf("--repeats: %d repeats without noise would be %d identical runs; add --noise SIGMA or --noise-model finite_sum", o.Repeats, o.Repeats)
		}
	}
	f := &config.File{
		Name:        "compare-" + name,
		Surface:     surface,
		Start:       o.Start,
		Steps:       o.Steps,
		Seed:        o.Seed,
		Repeats:     o.Repeats,
		RecordEvery: o.RecordEvery,
		Output:      config.OutputSpec{Dir: o.Out},
	}
	if f.Output.Dir == "" {
		f.Output.Dir = compareDir(o)
	}
	if !given("steps") {
		f.Steps = 1 // until the preset is known, which needs a valid surface
	}
	if noisy {
		model := o.NoiseModel
		if model == "" {
			model = "gaussian"
		}
		batch, sigma, spread, n := o.Batch, o.Sigma, o.Spread, o.Examples
		if model == "gaussian" && o.Sigma == 0 {
			sigma = 1
		}
		f.Noise = &config.NoiseSpec{Model: model, Batch: &batch, Sigma: &sigma, Spread: &spread, Examples: &n}
	}
	lrs := map[string]float64{}
	for _, kv := range o.LR {
		k, v, err := splitKV(kv)
		if err != nil {
			return nil, usageErrorf("--lr: %v", err)
		}
		lrs[k] = v
	}
	sets, err := parseSets(o.Set)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	var labels []string
	for _, name := range o.Optimizers {
		seen[name]++
		label := name
		if seen[name] > 1 {
			label = fmt.Sprintf("%s-%d", name, seen[name])
		}
		labels = append(labels, label)
		entry := config.OptimizerSpec{Name: name, Label: label}
		if spec, ok := optimizers.Lookup(name); ok && spec.HasBase { // a wrapper takes no lr of its own: its base does
			entry.Base = &config.OptimizerSpec{Name: spec.DefaultBase}
		}
		for _, key := range []string{name, label} { // a label's value wins over the name's
			for _, st := range sets[key] {
				st.apply(&entry)
			}
		}
		f.Optimizers = append(f.Optimizers, entry)
	}
	for _, k := range append(fielderr.SortedKeys(lrs), fielderr.SortedKeys(sets)...) {
		if _, ok := seen[k]; !ok && !hasLabel(f, k) {
			flag := "--lr"
			if _, isSet := sets[k]; isSet {
				flag = "--set"
			}
			return nil, usageErrorf("%s: %q is not one of the optimizers compared (%s)", flag, k, strings.Join(o.Optimizers, ", "))
		}
	}
	// The lr a run gets: --lr by label, then by name, else the preset; an
	// explicit value is used as given, even 0 (refused below).
	lrOf := func(i int) (float64, bool) {
		if v, ok := lrs[labels[i]]; ok {
			return v, true
		}
		v, ok := lrs[o.Optimizers[i]]
		return v, ok
	}
	setLR := func(e *config.OptimizerSpec, lr float64) {
		t := e
		if e.Base != nil {
			t = e.Base
		}
		if t.Values == nil {
			t.Values = map[string]float64{}
		}
		t.Values["lr"] = lr
	}
	for i := range f.Optimizers {
		if lr, ok := lrOf(i); ok {
			setLR(&f.Optimizers[i], lr)
		}
	}
	if err := f.Validate(); err != nil {
		return nil, compareErrors(err, o, labels)
	}
	if !isExpr {
		dim := o.Dim
		if spec, _ := surfaces.Lookup(o.Surface); dim == 0 && spec.AnyDim {
			dim = len(o.Start)
		}
		if s, err = surfaces.New(o.Surface, params, dim); err != nil { // validated above
			return nil, usageErrorf("--surface: %v", err)
		}
	}
	preset := presets.For(s)
	if !given("steps") {
		f.Steps = preset.Steps
	}
	for i := range f.Optimizers {
		if _, ok := lrOf(i); ok {
			continue
		}
		e := &f.Optimizers[i]
		t := e
		if e.Base != nil {
			t = e.Base
		}
		if _, set := t.Values["lr"]; set { // --set NAME.lr=…
			continue
		}
		if lr := preset.LR[o.Optimizers[i]]; lr != 0 {
			setLR(e, lr)
		}
	}
	if err := f.Validate(); err != nil {
		return nil, compareErrors(err, o, labels)
	}
	return f, nil
}

// A setting is one --set NAME.PARAM=VALUE.
type setting struct {
	param string // "beta1", or "base.lr" for a wrapper's base
	value string
}

// parseSets groups --set NAME.PARAM=VALUE by NAME (an optimizer or a label).
func parseSets(list []string) (map[string][]setting, error) {
	out := map[string][]setting{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		name, param, dot := strings.Cut(k, ".")
		if !ok || !dot || name == "" || param == "" || v == "" {
			return nil, usageErrorf("--set: want NAME.PARAM=VALUE (adam.beta1=0.95), got %q", kv)
		}
		out[name] = append(out[name], setting{param: param, value: v})
	}
	return out, nil
}

// apply sets the hyperparameter on the entry (or on its base for
// "base.PARAM"), typed by its value as a config file types it.
func (st setting) apply(e *config.OptimizerSpec) {
	param := st.param
	if p, ok := strings.CutPrefix(param, "base."); ok && e.Base != nil {
		e, param = e.Base, p
	} else if e.Base != nil && param == "lr" {
		e = e.Base // sam.lr=…: the base's, as --lr sam=… is
	}
	if f, err := strconv.ParseFloat(st.value, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		if e.Values == nil {
			e.Values = map[string]float64{}
		}
		e.Values[param] = f
		return
	}
	if b, err := strconv.ParseBool(st.value); err == nil {
		if e.Flags == nil {
			e.Flags = map[string]bool{}
		}
		e.Flags[param] = b
		return
	}
	if e.Choices == nil {
		e.Choices = map[string]string{}
	}
	e.Choices[param] = st.value
}

// compareErrors renames the config fields of validation errors to the
// flags of compare that set them: "optimizers[0].lr" is "--lr adam",
// "surface.dim" is "--dim".
func compareErrors(err error, o *CompareOptions, labels []string) error {
	var ce *config.Errors
	if !errors.As(err, &ce) {
		return &UsageError{Err: err}
	}
	lines := make([]string, 0, len(ce.List))
	for _, fe := range ce.List {
		lines = append(lines, compareFlagOf(fe.Path, o, labels)+": "+fe.Msg)
	}
	return &UsageError{Err: errors.New(strings.Join(lines, "\n"))}
}

func compareFlagOf(path string, o *CompareOptions, labels []string) string {
	fixed := map[string]string{
		"surface": "--surface", "surface.name": "--surface", "surface.dim": "--dim", "start": "--start",
		"steps": "--steps", "seed": "--seed", "repeats": "--repeats", "record_every": "--record-every",
		"output": "--out", "output.dir": "--out", "name": "--surface",
		"noise.sigma": "--noise", "noise.model": "--noise-model", "noise.batch": "--batch",
		"noise.examples": "--examples", "noise.spread": "--spread",
	}
	if f, ok := fixed[path]; ok {
		return f
	}
	if strings.HasPrefix(path, "start[") {
		return "--start"
	}
	if p, ok := strings.CutPrefix(path, "surface.params."); ok {
		return "--param " + p
	}
	var i int
	var rest string
	if n, _ := fmt.Sscanf(path, "optimizers[%d]", &i); n == 1 && i >= 0 && i < len(labels) {
		_, rest, _ = strings.Cut(path, "].")
		label := labels[i]
		switch rest {
		case "", "name":
			return fmt.Sprintf("optimizer %q", o.Optimizers[i])
		case "lr", "base.lr":
			return "--lr " + label
		}
		return "--set " + label + "." + rest
	}
	return path
}

func hasLabel(f *config.File, label string) bool {
	for _, o := range f.Optimizers {
		if o.Label == label {
			return true
		}
	}
	return false
}

func splitKV(kv string) (string, float64, error) {
	k, v, ok := strings.Cut(kv, "=")
	if !ok || k == "" {
		return "", 0, fmt.Errorf("want NAME=VALUE, got %q", kv)
	}
	f, err := strconv.ParseFloat(v, 64)
	// Out of float64's range (1e-400, 1e400) is the value it rounds to
	// (0, ±Inf), which validation then names with its flag.
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return "", 0, fmt.Errorf("%s: want a number, got %q", k, v)
	}
	return k, f, nil
}
