package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/plotting"
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
	Progress   bool           // --progress: a bar on stderr even when it is not a terminal
	GIF        gifFlags       // --gif, --frames, --fps, --gif-steps
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
then print a table of the runs. A value is taken from the first of: a flag given
here, a non-empty OPTLAB_STEPS, OPTLAB_SEED, OPTLAB_REPEATS, OPTLAB_RECORD_EVERY,
OPTLAB_OUTPUT_DIR or OPTLAB_NAME, the file, the default (docs/config.md). No other
OPTLAB_* variable has an effect.`,
		Example: "  optlab run configs/rosenbrock.yaml\n  optlab run configs/rosenbrock.yaml --steps 2000 --out /tmp/r",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ConfigPath = args[0]
			opts.Flags = cmd.Flags()
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if _, err := opts.GIF.options(); err != nil {
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
	addProgressFlag(cmd.Flags(), &opts.Progress)
	addGIFFlags(cmd.Flags(), &opts.GIF)
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
	gif, _ := opts.GIF.options() // checked in RunE
	eo := experimentOptions{Quiet: opts.Quiet, JSON: opts.JSON, Format: opts.Format, Force: opts.Force, Progress: opts.Progress, GIF: gif, Figure: opts.Figure}
	eo.RecordEvery = runRecordEvery(opts.Flags)
	if eo.Config, err = os.ReadFile(opts.ConfigPath); err != nil { // kept as DIR/config.yaml
		return err
	}
	return runExperiment(ctx, opts.IO, f, eo)
}

type experimentOptions struct {
	Quiet, JSON, Force bool
	Format             string
	NoFigures          bool                 // trace.csv and summary.json only (the fuzz target's fast path)
	Progress           bool                 // --progress
	RecordEvery        recordEvery          // how record_every was given, for the trace budget
	GIF                *plotting.GIFOptions // also DIR/trajectory.gif
	Figure             figureFlags
	LRFlagged          map[string]bool         // labels whose lr compare's --lr set (legends say so)
	Config             []byte                  // the config file, kept in the output folder (run)
	Adjust             func(e *lab.Experiment) // compare --tuned: per-run step budgets; may be nil
}

// execute builds, checks, runs and reports a validated config.
func runExperiment(ctx context.Context, ios *IOStreams, f *config.File, o experimentOptions) error {
	ro := runner.Options{Format: o.Format}
	if err := o.Figure.apply(&ro); err != nil {
		return err
	}
	if o.GIF != nil && f.Starts != nil {
		return usageErrorf("--gif: a basin experiment (starts:) draws basins.png; animate one start's runs with a config without starts")
	}
	e, err := f.Build()
	if err != nil {
		return &UsageError{Err: err}
	}
	if o.Adjust != nil {
		o.Adjust(e)
	}
	if err := traceBudget(ios, f, e, o.RecordEvery, o.Force, o.Quiet); err != nil {
		return err
	}
	if !o.Force {
		if err := lab.CheckWork(e); err != nil {
			return &UsageError{Err: err}
		}
	}
	start := time.Now()
	counter, stopProgress := startProgress(ios, int64(e.RunCount())*int64(e.Steps), o.Progress, o.Quiet)
	ro.NoFigures, ro.Progress, ro.GIF, ro.LRFlagged, ro.Config = o.NoFigures, counter, o.GIF, o.LRFlagged, o.Config
	res, err := runner.Write(ctx, e, f.Output.Dir, ro)
	stopProgress()
	if err != nil {
		return fmt.Errorf("writing %s: %w", f.Output.Dir, err) // exit 1: a runtime failure
	}
	switch {
	case o.JSON:
		// summary.json's content, plus where it went (jsonout.go).
		if err := writeJSON(ios.Out, runJSON{Summary: res.Summary, OutputDir: f.Output.Dir, Files: res.Files}); err != nil {
			return err
		}
	case !o.Quiet:
		printTable(ios.Out, res.Summary)
	}
	if !o.Quiet {
		fmt.Fprintf(ios.Err, "wrote %d files to %s in %s\n", len(res.Files), f.Output.Dir, time.Since(start).Round(time.Millisecond))
	}
	if res.Summary.Interrupted {
		return errInterrupted
	}
	if ctx.Err() != nil && !o.Quiet {
		// The signal came while the files were being written, after every
		// run had finished: the files are complete, nothing was cut short.
		fmt.Fprintln(ios.Err, "note: a signal arrived after every run had finished; the files are complete")
	}
	return nil
}

// printTable prints one line per run label.
func printTable(w interface{ Write([]byte) (int, error) }, s *trace.Summary) {
	if s.Starts != nil {
		printBasinTable(w, s)
		return
	}
	head := []string{"label", "optimizer", "status", "steps", "final loss", "dist to min"}
	if s.TestShift != nil {
		head = append(head, "test loss", "gap")
	}
	tw := newTable(w, head...)
	for _, r := range s.Runs {
		dist := "-"
		if r.DistanceToMin != nil {
			dist = fmt.Sprintf("%.3g", *r.DistanceToMin)
		}
		loss := "-" // no point recorded: nothing to report
		if r.FinalLoss != nil {
			loss = fmt.Sprintf("%.6g", *r.FinalLoss)
		}
		if r.FinalLossQuartiles != nil {
			q := r.FinalLossQuartiles
			loss = fmtQuartiles(*q)
		}
		row := []string{r.Label, r.Optimizer, string(r.Status), fmt.Sprint(r.Steps), loss, dist}
		if s.TestShift != nil {
			row = append(row, testCells(r)...)
		}
		tw.row(row...)
	}
	tw.flush()
}
