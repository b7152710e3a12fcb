package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// RunOptions are the inputs of `optlab run`.
type RunOptions struct {
	IO         *IOStreams
	ConfigPath string
	Flags      *pflag.FlagSet // overrides of config keys (changed flags only)
	Quiet      bool           // no table
	JSON       bool           // summary.json on stdout instead of the table
	Format     string         // figure format: png, svg or pdf
	Force      bool           // run even when the work estimate is absurd
	Figure     figureFlags    // --window, --log-steps
}

// NewCmdRun builds `optlab run CONFIG`.
func NewCmdRun(ios *IOStreams, runF func(context.Context, *RunOptions) error) *cobra.Command {
	opts := &RunOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "run CONFIG",
		Short: "Run an experiment from a YAML config",
		Long: `Run every optimizer of the experiment in CONFIG from the same start and write
DIR/trace.csv, DIR/summary.json, DIR/trajectory.png (2-D surfaces) and DIR/loss.png,
then print a table of the runs. Flags override the file; OPTLAB_STEPS, OPTLAB_SEED,
OPTLAB_REPEATS, OPTLAB_RECORD_EVERY, OPTLAB_OUTPUT_DIR and OPTLAB_NAME override its defaults.`,
		Example: "  optlab run configs/rosenbrock.yaml\n  optlab run configs/rosenbrock.yaml --steps 2000 --out /tmp/r",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ConfigPath = args[0]
			opts.Flags = cmd.Flags()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runRun(cmd.Context(), opts)
		},
	}
	addOverrideFlags(cmd.Flags())
	addOutputFlags(cmd.Flags(), &opts.Quiet, &opts.JSON, &opts.Format)
	cmd.Flags().BoolVar(&opts.Force, "force", false, "run even when the estimated work or output is absurd")
	addFigureFlags(cmd.Flags(), &opts.Figure, true)
	return cmd
}

func addOutputFlags(fs *pflag.FlagSet, quiet, asJSON *bool, format *string) {
	fs.BoolVarP(quiet, "quiet", "q", false, "print nothing but errors")
	fs.BoolVar(asJSON, "json", false, "print summary.json on stdout instead of the table")
	fs.StringVar(format, "format", "png", "figure format: png, svg or pdf")
}

func checkFormat(f string) error {
	switch f {
	case "png", "svg", "pdf":
		return nil
	}
	return usageErrorf("--format: must be png, svg or pdf, got %q", f)
}

func runRun(ctx context.Context, opts *RunOptions) error {
	f, err := config.Load(opts.ConfigPath, opts.Flags, config.OverrideFlags())
	if err != nil {
		return err
	}
	return runExperiment(ctx, opts.IO, f, experimentOptions{Quiet: opts.Quiet, JSON: opts.JSON, Format: opts.Format, Force: opts.Force,
		Figure: opts.Figure})
}

type experimentOptions struct {
	Quiet, JSON, Force bool
	Format             string
	Figure             figureFlags
}

// execute builds, checks, runs and reports a validated config.
func runExperiment(ctx context.Context, ios *IOStreams, f *config.File, o experimentOptions) error {
	ro := runner.Options{Format: o.Format}
	if err := o.Figure.apply(&ro); err != nil {
		return err
	}
	e, err := f.Build()
	if err != nil {
		return &UsageError{Err: err}
	}
	if !o.Force {
		if err := lab.CheckWork(e); err != nil {
			return &UsageError{Err: err}
		}
	}
	start := time.Now()
	res, err := runner.Write(ctx, e, f.Output.Dir, ro)
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.Output.Dir, err) // exit 1: a runtime failure
	}
	switch {
	case o.JSON:
		enc := json.NewEncoder(ios.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res.Summary); err != nil {
			return err
		}
	case !o.Quiet:
		printTable(ios.Out, res.Summary)
	}
	if !o.Quiet {
		fmt.Fprintf(ios.Err, "wrote %d files to %s in %s\n", len(res.Files), f.Output.Dir, time.Since(start).Round(time.Millisecond))
	}
	if res.Summary.Interrupted || errors.Is(ctx.Err(), context.Canceled) {
		return errInterrupted
	}
	return nil
}

// printTable prints one line per run label.
func printTable(w interface{ Write([]byte) (int, error) }, s *trace.Summary) {
	tw := newTable(w, "label", "optimizer", "status", "steps", "final loss", "dist to min")
	for _, r := range s.Runs {
		dist := "-"
		if r.DistanceToMin != nil {
			dist = fmt.Sprintf("%.3g", *r.DistanceToMin)
		}
		loss := fmt.Sprintf("%.6g", r.FinalLoss)
		if r.FinalLossQuartiles != nil {
			q := r.FinalLossQuartiles
			loss = fmtQuartiles(*q)
		}
		tw.row(r.Label, r.Optimizer, string(r.Status), fmt.Sprint(r.Steps), loss, dist)
	}
	tw.flush()
}
