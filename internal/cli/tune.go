package cli

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/sweep"
)

// TuneOptions are the inputs of `optlab tune`.
type TuneOptions struct {
	IO         *IOStreams
	ConfigPath string
	Flags      *pflag.FlagSet // --out
	Objective  string         // final_loss, distance or auc
	LRMin      float64
	LRMax      float64
	Trials     int // lrs on the log grid, the same for every optimizer
	TuneSeeds  int // seeds each trial runs under
	EvalSeeds  int // seeds the winner is re-run over (≥ 10)
	Force      bool
}

// tunedFile is the file tune writes and compare --tuned reads.
const tunedFile = "tuned.json"

// NewCmdTune builds `optlab tune CONFIG`.
func NewCmdTune(ios *IOStreams, runF func(context.Context, *TuneOptions) error) *cobra.Command {
	opts := &TuneOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "tune CONFIG",
		Short: "Pick each optimizer's best lr on one log grid, fairly, and re-run it over 10 seeds",
		Long: `Sweep every optimizer of CONFIG over the same log grid of learning rates (one
search-space rule, no per-optimizer ranges) with the same number of trials and the
same budget of gradient evaluations per trial (the config's steps; a method that
queries the gradient twice per update, as sam does, gets half the updates), on the
config's horizon, under tuning seeds; pick the best lr by the stated objective
(the final loss gap by default) among runs that ended normally without a wild
excursion; re-run it over separate evaluation seeds; and write DIR/tuned.json (for
'optlab compare --tuned DIR'), DIR/tune.md (the protocol and the results), and a
sweep's files (results.csv, summary.json, sensitivity.png).`,
		Example: "  optlab tune configs/rosenbrock.yaml --out out/tune\n  optlab compare sgd adam --tuned out/tune",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ConfigPath = args[0]
			opts.Flags = cmd.Flags()
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTune(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.String("out", "", "output folder (default: the config's output.dir with -tune)")
	fs.StringVar(&opts.Objective, "objective", "final_loss", "what is minimised: final_loss (the final f − f*), distance (to the nearest minimum) or auc (the mean loss gap)")
	fs.Float64Var(&opts.LRMin, "lr-min", 1e-5, "smallest lr of the grid (every optimizer's)")
	fs.Float64Var(&opts.LRMax, "lr-max", 1e2, "largest lr of the grid")
	fs.IntVar(&opts.Trials, "trials", 36, "lrs on the log grid, for every optimizer")
	fs.IntVar(&opts.TuneSeeds, "tune-seeds", 1, "seeds every trial runs under (the config's seed on)")
	fs.IntVar(&opts.EvalSeeds, "eval-seeds", 10, "seeds the winner is re-run over, after the tuning seeds (≥ 10)")
	fs.BoolVar(&opts.Force, "force", false, "run even when the estimated work of a trial is absurd")
	return cmd
}

func (o *TuneOptions) check() error {
	if !contains(config.Objectives, o.Objective) {
		return usageErrorf("--objective: must be final_loss, distance or auc, got %q", o.Objective)
	}
	if _, err := sweep.LogGrid(o.LRMin, o.LRMax, o.Trials); err != nil || o.LRMin >= o.LRMax {
		return usageErrorf("--lr-min %g, --lr-max %g, --trials %d: want 0 < lr-min < lr-max and trials ≥ 2", o.LRMin, o.LRMax, o.Trials)
	}
	if o.TuneSeeds < 1 {
		return usageErrorf("--tune-seeds: must be ≥ 1, got %d", o.TuneSeeds)
	}
	if o.EvalSeeds < 10 {
		return usageErrorf("--eval-seeds: must be ≥ 10 (a winner's spread needs them), got %d", o.EvalSeeds)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func runTune(ctx context.Context, opts *TuneOptions) error {
	spec := &config.SweepSpec{
		Values:  []config.SweepValue{{Path: "optimizers[*].lr", Log: &config.GridSpec{From: opts.LRMin, To: opts.LRMax, Num: opts.Trials}}},
		Repeats: opts.TuneSeeds,
		Best:    &config.BestSpec{Reruns: opts.EvalSeeds, Objective: opts.Objective},
	}
	sw, err := config.LoadSweep(opts.ConfigPath, spec, opts.Flags)
	if err != nil {
		return err
	}
	if f := opts.Flags.Lookup("out"); f == nil || !f.Changed {
		sw.File.Output.Dir += "-tune"
	}
	if sw.File.Sweep != nil {
		fmt.Fprintln(opts.IO.Err, "note: tune runs its own search; the config's sweep: block is not used")
	}
	if !opts.Force {
		if err := checkSweepWork(sw); err != nil {
			return err
		}
	}
	start := time.Now()
	perStep, err := gradsPerStep(ctx, sw)
	if err != nil {
		return err
	}
	budget := int64(sw.File.Steps) // gradient evaluations per trial: a one-gradient method's horizon
	steps := map[string]int{}
	for label, g := range perStep {
		steps[label] = max(1, int(math.Floor(float64(budget)/g)))
	}
	hook := func(e *lab.Experiment) {
		for i := range e.Runs {
			e.Runs[i].Steps = steps[e.Runs[i].Label]
		}
	}
	lim := parallel.New(0)
	jobs := sweep.Jobs(sw.Points(), len(sw.Seeds))
	grid, err := runSweepJobs(ctx, sw, lim, jobs, hook)
	if err != nil {
		return err
	}
	dir := sw.File.Output.Dir
	var rep *tuneReport
	extra := func(d *output.Dir, sum *sweepSummary) error {
		rep = newTuneReport(sw, sum, budget, perStep, steps)
		if err := d.Write(tunedFile, func(w io.Writer) error { return writeIndented(w, rep.Tuned) }); err != nil {
			return err
		}
		return d.Write("tune.md", func(w io.Writer) error { return rep.markdown(w) })
	}
	if _, err := finishSweep(ctx, opts.IO, sw, opts.ConfigPath, grid, dir, lim, finishOptions{hook: hook, extra: extra, horizon: fmt.Sprintf("after %d gradient evaluations", budget)}); err != nil {
		return sweepWriteErr(dir, err)
	}
	if err := rep.markdown(opts.IO.Out); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Err, "tuned %d optimizers × %d lrs × %d seeds, re-ran each winner over %d seeds, into %s in %s\n",
		len(rep.Tuned.Optimizers), opts.Trials, opts.TuneSeeds, opts.EvalSeeds, dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// gradsPerStep measures what one update of each labelled run costs in
// gradient evaluations (the lab's cost counter: sam's ascent point counts)
// from a short run at the grid's smallest lr.
func gradsPerStep(ctx context.Context, sw *config.Sweep) (map[string]float64, error) {
	f, err := sw.Job(0, sw.Seeds[0])
	if err != nil {
		return nil, err
	}
	e, err := f.Build()
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	e.Steps = 4
	runs, err := lab.Run(ctx, e, lab.Options{Limit: parallel.New(0), KeepPoints: 2})
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, r := range runs {
		taken := r.StopStep
		if taken <= 0 {
			taken = e.Steps
		}
		out[r.Label] = math.Max(1, float64(r.Cost.GradEvals)/float64(taken))
	}
	return out, nil
}
