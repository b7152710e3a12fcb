package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
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
	Figure      figureFlags // --window, --log-steps
}

// NewCmdCompare builds `optlab compare OPT...`.
func NewCmdCompare(ios *IOStreams, runF func(context.Context, *CompareOptions) error) *cobra.Command {
	opts := &CompareOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "compare OPTIMIZER...",
		Short: "Run optimizers side by side with sensible defaults, no config needed",
		Long: `Run the named optimizers from the surface's standard start with learning rates
tuned for that surface (see 'optlab describe SURFACE'), and write the same files
as 'optlab run'. Override a rate with --lr NAME=VALUE.`,
		Example: `  optlab compare adam rmsprop
  optlab compare sgd momentum nesterov adagrad rmsprop adam radam newton sam --surface beale
  optlab compare sgd adam --noise 0.5 --batch 8 --repeats 20
  optlab compare adam --lr adam=0.02 --steps 300`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Optimizers = args
			if err := checkFormat(opts.Format); err != nil {
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
	fs.StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	fs.IntVar(&opts.Dim, "dim", 0, "dimension of n-D surfaces (default 2)")
	fs.IntVar(&opts.Steps, "steps", 0, "updates per run (default: the surface's preset)")
	fs.Uint64Var(&opts.Seed, "seed", config.DefaultSeed, "seed for all randomness")
	fs.StringSliceVar(&opts.LR, "lr", nil, "learning rate NAME=VALUE for an optimizer or label (repeatable)")
	fs.Float64SliceVar(&opts.Start, "start", nil, "start point x0,x1,... (default: the surface's)")
	fs.StringVar(&opts.Out, "out", "", "output folder (default out/compare-SURFACE)")
	fs.Float64Var(&opts.Sigma, "noise", 0, "gradient noise σ per example (turns on noise model gaussian)")
	fs.StringVar(&opts.NoiseModel, "noise-model", "", "noise model: gaussian or finite_sum")
	fs.IntVar(&opts.Batch, "batch", 1, "mini-batch size m")
	fs.IntVar(&opts.Examples, "examples", 256, "finite_sum: number of examples N")
	fs.Float64Var(&opts.Spread, "spread", 0.5, "finite_sum: spread s of the examples")
	fs.IntVar(&opts.Repeats, "repeats", 1, "runs per optimizer with different noise seeds")
	fs.IntVar(&opts.RecordEvery, "record-every", 1, "keep every k-th step in trace.csv")
	fs.BoolVar(&opts.Force, "force", false, "run even when the estimated work or output is absurd")
	addOutputFlags(fs, &opts.Quiet, &opts.JSON, &opts.Format)
	addFigureFlags(fs, &opts.Figure, true)
	return cmd
}

func runCompare(ctx context.Context, opts *CompareOptions) error {
	f, err := compareConfig(opts)
	if err != nil {
		return err
	}
	return runExperiment(ctx, opts.IO, f, experimentOptions{Quiet: opts.Quiet, JSON: opts.JSON, Format: opts.Format, Force: opts.Force,
		Figure: opts.Figure})
}

// compareConfig turns the command line into an experiment config, so that
// compare and run share one validation and one build.
func compareConfig(o *CompareOptions) (*config.File, error) {
	params, err := surfaceArgs("--surface", o.Surface, o.Params)
	if err != nil {
		return nil, err
	}
	spec, _ := surfaces.Lookup(o.Surface)
	f := &config.File{
		Name:        "compare-" + o.Surface,
		Surface:     config.SurfaceSpec{Name: o.Surface, Params: params, Dim: o.Dim},
		Start:       o.Start,
		Steps:       o.Steps,
		Seed:        o.Seed,
		Repeats:     o.Repeats,
		RecordEvery: o.RecordEvery,
		Output:      config.OutputSpec{Dir: o.Out},
	}
	if f.Output.Dir == "" {
		f.Output.Dir = filepath.Join("out", f.Name)
	}
	dim := o.Dim
	if dim == 0 && spec.AnyDim {
		dim = len(o.Start)
	}
	s, err := surfaces.New(o.Surface, params, dim)
	if err != nil {
		return nil, usageErrorf("--surface: %v", err)
	}
	preset := presets.For(s)
	if f.Steps == 0 {
		f.Steps = preset.Steps
	}
	if o.Sigma != 0 || o.NoiseModel != "" { // a negative or NaN --noise is an error, not "no noise"
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
		if !given {
			lr = preset.LR[name]
		}
		entry := config.OptimizerSpec{Name: name, Label: label}
		spec, _ := optimizers.Lookup(name)
		switch {
		case spec.HasBase: // a wrapper takes no lr of its own: its base does
			entry.Base = &config.OptimizerSpec{Name: spec.DefaultBase, Values: map[string]float64{"lr": lr}}
		case lr != 0:
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
	if err != nil {
		return "", 0, fmt.Errorf("%s: want a number, got %q", k, v)
	}
	return k, f, nil
}
