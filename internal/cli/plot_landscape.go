package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/runner"
)

// LandscapeOptions are the inputs of `optlab plot landscape`.
type LandscapeOptions struct {
	IO     *IOStreams
	From   string   // the output folder of a run on data
	Runs   []string // labels that get a 2-D slice
	Test   bool     // the test loss dashed beside the training loss
	Seed   uint64   // the random directions (0: the run's seed)
	Format string
}

// NewCmdPlotLandscape builds `optlab plot landscape --from DIR`.
func NewCmdPlotLandscape(ios *IOStreams, runF func(context.Context, *LandscapeOptions) error) *cobra.Command {
	opts := &LandscapeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "landscape",
		Short: "Slices of a network's loss around where each run ended (interpolation from its start, random directions)",
		Long: `Re-run each label's reported repeat of DIR from DIR/config.yaml (the same bits: its start
and its batch-norm statistics), check it ends at its params file, and sample its
evaluation-mode training loss: from the start (α = 0) to the end (α = 1) and beyond,
α in [−0.5, 1.5] (Goodfellow et al. 2015); along a random direction at the end,
normalised neuron by neuron to the weights it perturbs, biases and batch-norm
parameters left alone (Li et al. 2018), α in [−1, 1]; and, for each --run label, on a
plane of two such directions. Writes DIR/landscape-interpolation.png,
DIR/landscape-direction.png (one curve per run), DIR/landscape-2d.png (one panel per
--run) and DIR/landscape.csv, all or nothing.`,
		Example: "  optlab plot landscape --from out/large-batch --run m1024\n  optlab plot landscape --from out/large-batch --run m32 --run m1024 --test",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.From == "" {
				return usageErrorf("plot landscape: --from DIR is required (a folder written by optlab run of a network on data)")
			}
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotLandscape(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "folder of a saved run on data (with config.yaml, summary.json and params/)")
	cmd.Flags().StringArrayVar(&opts.Runs, "run", nil, "a run label to draw a 2-D slice of (repeatable)")
	cmd.Flags().BoolVar(&opts.Test, "test", false, "draw the test loss too (dashed)")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 0, "seed of the random directions (default: the run's)")
	cmd.Flags().StringVar(&opts.Format, "format", "png", "figure format: png, svg or pdf")
	return cmd
}

func runPlotLandscape(ctx context.Context, o *LandscapeOptions) error {
	sum, err := readSummaryFile(o.From)
	if err != nil {
		return usageErrorf("--from %s: no summary.json: not an output folder of optlab run", o.From)
	}
	labels := make([]string, 0, len(sum.Runs))
	for _, r := range sum.Runs {
		labels = append(labels, r.Label)
	}
	for _, l := range o.Runs {
		if !slices.Contains(labels, l) {
			return usageErrorf("--run: no run %q in %s (have %s)", l, o.From, strings.Join(labels, ", "))
		}
	}
	if len(sum.Runs) == 0 || sum.Runs[0].DataSummary == nil {
		return usageErrorf("--from %s: a run on a surface; loss landscapes are drawn for networks on data", o.From)
	}
	path := filepath.Join(o.From, runner.ConfigFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return usageErrorf("--from %s: no %s to rebuild the run from (folders of optlab run keep one; run the experiment again)", o.From, runner.ConfigFile)
	} else if err != nil {
		return err
	}
	// The saved run's seed and repeats, as summary.json has them (a flag of
	// the original command may have set them).
	flags := pflag.NewFlagSet("saved", pflag.ContinueOnError)
	addOverrideFlags(flags)
	for k, v := range map[string]string{"seed": strconv.FormatUint(sum.Seed, 10), "repeats": strconv.Itoa(max(sum.Repeats, 1))} {
		if err := flags.Set(k, v); err != nil {
			return err
		}
	}
	f, err := config.LoadBytes(path, data, flags, config.OverrideFlags())
	if err != nil {
		return &UsageError{Err: err}
	}
	e, err := f.Build()
	if err != nil {
		return &UsageError{Err: fmt.Errorf("%s: %w", path, err)}
	}
	seed := o.Seed
	if seed == 0 {
		seed = sum.Seed
	}
	sl, err := runner.Slices(ctx, e, sum, o.From, runner.SliceOptions{Planes: o.Runs, Test: o.Test, Seed: seed})
	if err != nil {
		return &UsageError{Err: err}
	}
	names, err := runner.WriteLandscape(o.From, sum.Name, sl, o.Format)
	if err != nil {
		return err
	}
	for _, n := range names {
		fmt.Fprintln(o.IO.Out, filepath.Join(o.From, n))
	}
	return nil
}
