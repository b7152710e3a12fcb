package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/sweep"
)

// MergeOptions are the inputs of `optlab merge`.
type MergeOptions struct {
	IO   *IOStreams
	Dirs []string
	Out  string
}

// NewCmdMerge builds `optlab merge DIR... --out DIR`.
func NewCmdMerge(ios *IOStreams, runF func(context.Context, *MergeOptions) error) *cobra.Command {
	opts := &MergeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "merge DIR... --out DIR",
		Short: "Join the shard folders of a sweep into the folder the whole sweep writes",
		Long: `Read the shard folders written by 'optlab sweep --shard i/n' and write to --out
the same files, byte for byte, as the sweep run whole: results.csv, summary.json,
sweep.json and the figures (re-running each optimizer's best point first when the
sweep asks for it). Shards of different configs (their config_sha256 differs), a
missing slice or overlapping slices are refused, naming what is wrong (exit 2).`,
		Example: "  optlab merge out/s1 out/s2 out/s3 out/s4 --out out/all",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dirs = args
			if opts.Out == "" {
				return usageErrorf("merge: --out is required")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runMerge(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "the merged sweep's folder")
	return cmd
}

func runMerge(ctx context.Context, opts *MergeOptions) error {
	ms := make([]sweep.Manifest, len(opts.Dirs))
	for i, dir := range opts.Dirs {
		b, err := os.ReadFile(filepath.Join(dir, sweep.ManifestFile))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return usageErrorf("merge: %s has no %s: not a sweep folder", dir, sweep.ManifestFile)
			}
			return err
		}
		if err := json.Unmarshal(b, &ms[i]); err != nil {
			return usageErrorf("merge: %s: %v", filepath.Join(dir, sweep.ManifestFile), err)
		}
		if ms[i].Shard == "1/1" && len(opts.Dirs) > 1 {
			return usageErrorf("merge: %s is a whole sweep, not a shard", dir)
		}
	}
	order, err := sweep.CheckShards(opts.Dirs, ms)
	if err != nil {
		return &UsageError{Err: err}
	}
	m := ms[0]
	sw, err := config.LoadSweepBytes(m.ConfigFile, []byte(m.Config), nil, nil)
	if err != nil {
		return &UsageError{Err: fmt.Errorf("merge: the shards' config no longer loads: %w", err)}
	}
	if h := sw.Hash(); h != m.ConfigHash {
		return usageErrorf("merge: the shards' config resolves differently here (config_sha256 %.12s…, the shards' %.12s…): an OPTLAB_* variable or a data file differs", h, m.ConfigHash)
	}
	var rows []sweepRow
	for _, k := range order {
		dir := opts.Dirs[k]
		f, err := os.Open(filepath.Join(dir, resultsFile))
		if err != nil {
			return usageErrorf("merge: %s: %v", dir, err)
		}
		part, err := readRows(filepath.Join(dir, resultsFile), f, sw)
		f.Close()
		if err != nil {
			return &UsageError{Err: fmt.Errorf("merge: %w", err)}
		}
		jobs := map[int]bool{}
		for _, r := range part {
			if r.Job < ms[k].First || r.Job >= ms[k].End || r.Phase != "grid" {
				return usageErrorf("merge: %s holds job %d, outside its slice %d–%d", dir, r.Job, ms[k].First, ms[k].End-1)
			}
			jobs[r.Job] = true
		}
		if len(jobs) != ms[k].End-ms[k].First {
			return usageErrorf("merge: %s holds %d of the %d jobs of its slice %d–%d: its results.csv is incomplete", dir, len(jobs), ms[k].End-ms[k].First, ms[k].First, ms[k].End-1)
		}
		rows = append(rows, part...)
	}
	if _, err := finishSweep(ctx, opts.IO, sw, m.ConfigFile, rows, opts.Out, parallel.New(0), finishOptions{}); err != nil {
		return sweepWriteErr(opts.Out, err)
	}
	fmt.Fprintf(opts.IO.Err, "merged %d shards (%s) into %s\n", len(ms), strings.Join(opts.Dirs, " "), opts.Out)
	return nil
}
