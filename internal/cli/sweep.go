package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/sweep"
)

// SweepOptions are the inputs of `optlab sweep`.
type SweepOptions struct {
	IO         *IOStreams
	ConfigPath string
	Flags      *pflag.FlagSet // --out
	Shard      string         // "i/n", 1-based; "" reads the scheduler's array index
	Force      bool
	Getenv     func(string) string // os.Getenv; injectable in tests
}

// NewCmdSweep builds `optlab sweep CONFIG`.
func NewCmdSweep(ios *IOStreams, runF func(context.Context, *SweepOptions) error) *cobra.Command {
	opts := &SweepOptions{IO: ios, Getenv: os.Getenv}
	cmd := &cobra.Command{
		Use:   "sweep CONFIG",
		Short: "Run every point of a config's sweep: block on all cores",
		Long: `Run the config once per point of its sweep: block (the product of the swept
values) and seed, every run on one shared worker limit, and write DIR/results.csv
(one row per point × seed × optimizer), DIR/summary.json (each optimizer's best
point, re-run over further seeds when the block asks), DIR/sweep.json (the
manifest), DIR/sensitivity.png and, for two swept values, DIR/heatmap-LABEL.png.
The files do not depend on the number of cores. --shard i/n (counted from 1)
runs the i-th of n disjoint slices into DIR (results.csv and sweep.json only);
without it SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX
with OPTLAB_SHARD_COUNT choose the slice. 'optlab merge' joins the slices
(docs/sweeps.md, docs/cluster.md).`,
		Example: "  optlab sweep configs/lr-sweep.yaml\n  optlab sweep configs/lr-sweep.yaml --shard 2/4 --out out/s2",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ConfigPath = args[0]
			opts.Flags = cmd.Flags()
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runSweep(cmd.Context(), opts)
		},
	}
	cmd.Flags().String("out", "", "output folder (default: the config's output.dir)")
	cmd.Flags().StringVar(&opts.Shard, "shard", "", "run only slice i of n (i/n, counted from 1)")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "run even when the estimated work of a point is absurd")
	return cmd
}

// shardOf is the slice to run: the flag, else a scheduler's array index.
func shardOf(flag string, getenv func(string) string) (sweep.Shard, error) {
	if flag != "" {
		s, err := sweep.ParseShard(flag)
		if err != nil {
			return s, usageErrorf("--shard: %v", err)
		}
		return s, nil
	}
	s, _, err := sweep.ShardFromEnv(getenv)
	if err != nil {
		return s, &UsageError{Err: err}
	}
	return s, nil
}

func runSweep(ctx context.Context, opts *SweepOptions) error {
	shard, err := shardOf(opts.Shard, opts.Getenv)
	if err != nil {
		return err
	}
	sw, err := config.LoadSweep(opts.ConfigPath, nil, opts.Flags)
	if err != nil {
		return err
	}
	return executeSweep(ctx, opts.IO, sw, opts.ConfigPath, shard, opts.Force, nil)
}

// executeSweep runs a loaded sweep's slice and writes its folder.
func executeSweep(ctx context.Context, ios *IOStreams, sw *config.Sweep, configFile string, shard sweep.Shard, force bool, hook jobHook) error {
	if !force {
		if err := checkSweepWork(sw); err != nil {
			return err
		}
	}
	if shard.N > 1 && sw.Reruns > 0 {
		fmt.Fprintf(ios.Err, "note: shard %s runs its slice of the grid; merge re-runs the best points over %d seeds\n", shard, sw.Reruns)
	}
	start := time.Now()
	jobs := sweep.Jobs(sw.Points(), len(sw.Seeds))
	lo, hi := shard.Range(len(jobs))
	lim := parallel.New(0)
	grid, err := runSweepJobs(ctx, sw, lim, jobs[lo:hi], hook)
	if err != nil {
		return err
	}
	dir := sw.File.Output.Dir
	if shard.Whole() {
		if _, err := finishSweep(ctx, ios, sw, configFile, grid, dir, lim, finishOptions{hook: hook}); err != nil {
			return sweepWriteErr(dir, err)
		}
	} else if err := writeShard(sw, configFile, shard, lo, hi, len(jobs), grid, dir); err != nil {
		return sweepWriteErr(dir, err)
	}
	fmt.Fprintf(ios.Err, "ran %d of %d sweep jobs (shard %s) into %s in %s\n", hi-lo, len(jobs), shard, dir, time.Since(start).Round(time.Millisecond))
	return nil
}

// errSweepInterrupted: a signal stopped the sweep (exit 1).
var errSweepInterrupted = errors.New("interrupted: the sweep wrote nothing (its files are all or nothing)")

func sweepWriteErr(dir string, err error) error {
	if err == errSweepInterrupted {
		return err
	}
	return fmt.Errorf("writing %s: %w", dir, err)
}

// runSweepJobs runs jobs on the limit; rows come back in job order,
// whichever worker finished first. An interrupted sweep writes nothing.
func runSweepJobs(ctx context.Context, sw *config.Sweep, lim *parallel.Limit, jobs []sweep.Job, hook jobHook) ([]sweepRow, error) {
	out := make([][]sweepRow, len(jobs))
	errs := make([]error, len(jobs))
	stopped := make([]bool, len(jobs))
	lim.Do(len(jobs), func(k int) {
		j := jobs[k]
		out[k], stopped[k], errs[k] = runSweepJob(ctx, sw, lim, "grid", j.Index, j.Point, sw.Seeds[j.Repeat], "", hook)
	})
	var rows []sweepRow
	for k := range out {
		if errs[k] != nil {
			return nil, errs[k]
		}
		if stopped[k] || ctx.Err() != nil {
			return nil, errSweepInterrupted
		}
		rows = append(rows, out[k]...)
	}
	return rows, nil
}

// checkSweepWork refuses a point whose work is absurd (lab.CheckWork on
// the first and last points: the grid's ends).
func checkSweepWork(sw *config.Sweep) error {
	for _, p := range []int{0, sw.Points() - 1} {
		f, err := sw.Job(p, sw.Seeds[0])
		if err != nil {
			return err
		}
		e, err := f.Build()
		if err != nil {
			return &UsageError{Err: err}
		}
		if err := lab.CheckWork(e); err != nil {
			return &UsageError{Err: fmt.Errorf("sweep point %d: %w", p, err)}
		}
	}
	return nil
}

// writeShard writes a shard's folder: its rows and its manifest.
func writeShard(sw *config.Sweep, configFile string, shard sweep.Shard, lo, hi, jobs int, rows []sweepRow, dir string) error {
	d, err := output.Begin(dir)
	if err != nil {
		return err
	}
	man := sweep.Manifest{Name: sw.File.Name, ConfigFile: configFile, ConfigHash: sw.Hash(), Config: string(sw.Text),
		Jobs: jobs, Shard: shard.String(), First: lo, End: hi}
	if err := d.Write(resultsFile, func(w io.Writer) error { return writeRows(w, sw, rows) }); err != nil {
		d.Abort()
		return err
	}
	if err := d.Write(sweep.ManifestFile, func(w io.Writer) error { return writeIndented(w, man) }); err != nil {
		d.Abort()
		return err
	}
	return d.Commit()
}
