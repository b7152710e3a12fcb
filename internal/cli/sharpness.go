package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/sharpness"
	"github.com/optlab/optlab/internal/trace"
)

// SharpnessOptions are the inputs of `optlab sharpness`.
type SharpnessOptions struct {
	IO      *IOStreams
	Dir     string
	JSON    bool
	Rho     float64 // --rho (0: the config's, else the default)
	Epsilon float64 // --epsilon (0: the config's, else the default)
	// Config, if set (--config), is read instead of DIR/config.yaml: the
	// original, whose problem block's relative paths are from its folder.
	Config string
	flags  *pflag.FlagSet
}

// NewCmdSharpness builds `optlab sharpness DIR`.
func NewCmdSharpness(ios *IOStreams, runF func(context.Context, *SharpnessOptions) error) *cobra.Command {
	opts := &SharpnessOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "sharpness DIR",
		Short: "Measure how sharp each run of an output folder ended",
		Long: `Re-load the end point of every run label in DIR (summary.json's final_x, or a
network's params/<label>.txt) and the experiment DIR was made from (DIR/config.yaml,
which optlab run keeps, or --config FILE; a surface's folder without one is rebuilt from
summary.json),
and print λmax, the Hessian's trace, the SAM sharpness (max over ‖ε‖ ≤ ρ of
L(x+ε) − L(x)) and Keskar et al.'s box sharpness of each (docs/generalization.md).
A network is measured on its training set in evaluation mode.`,
		Example: "  optlab sharpness out/sharpflat-sam\n  optlab sharpness out/sharpflat-sam --rho 0.1 --json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir, opts.flags = args[0], cmd.Flags()
			if f := cmd.Flags().Lookup("rho"); f.Changed && !(opts.Rho > 0 && !math.IsInf(opts.Rho, 0)) {
				return usageErrorf("--rho: must be > 0 and finite, got %g", opts.Rho)
			}
			if f := cmd.Flags().Lookup("epsilon"); f.Changed && !(opts.Epsilon > 0 && !math.IsInf(opts.Epsilon, 0)) {
				return usageErrorf("--epsilon: must be > 0 and finite, got %g", opts.Epsilon)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runSharpness(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print the measurements as JSON")
	cmd.Flags().Float64Var(&opts.Rho, "rho", 0, "SAM radius ρ (default: the config's sharpness.rho, else 0.05)")
	cmd.Flags().Float64Var(&opts.Epsilon, "epsilon", 0, "Keskar box size ε (default: the config's sharpness.epsilon, else 1e-3)")
	cmd.Flags().StringVar(&opts.Config, "config", "", "the config DIR was made from, instead of DIR/config.yaml (its relative data paths are from its own folder)")
	return cmd
}

// sharpnessRun is one line of the command's output.
type sharpnessRun struct {
	Label     string           `json:"label"`
	Sharpness *trace.Sharpness `json:"sharpness"`
}

type sharpnessJSON struct {
	Dir  string         `json:"dir"`
	Runs []sharpnessRun `json:"runs"`
}

func runSharpness(ctx context.Context, opts *SharpnessOptions) error {
	dir := opts.Dir
	sf, err := os.Open(filepath.Join(dir, "summary.json"))
	if err != nil {
		return usageErrorf("%s: no summary.json: not an output folder of optlab run or compare", dir)
	}
	sum, err := trace.ReadSummary(sf)
	sf.Close()
	if err != nil {
		return usageErrorf("%s: %v", dir, err)
	}
	problems, o, err := savedProblems(dir, opts.Config, sum)
	if err != nil {
		return err
	}
	if opts.Rho > 0 {
		o.Rho = opts.Rho
	}
	if opts.Epsilon > 0 {
		o.Epsilon = opts.Epsilon
	}
	type job struct {
		label    string
		p        problem.Objective
		x, state []float64
	}
	var jobs []job
	for _, rs := range sum.Runs {
		x, state, err := savedEndPoint(dir, rs)
		if err != nil {
			return err
		}
		p := problems(rs.Label)
		if len(x) == 0 || p == nil {
			continue
		}
		if len(x) != p.Dim() {
			return usageErrorf("%s: run %q ends at a point of %d coordinates, its problem has %d: the folder does not match its config", dir, rs.Label, len(x), p.Dim())
		}
		jobs = append(jobs, job{rs.Label, p, x, state})
	}
	if len(jobs) == 0 {
		return usageErrorf("%s: no end points: summary.json lists no final_x and there are no params files", dir)
	}
	out := make([]sharpnessRun, len(jobs))
	errs := make([]error, len(jobs))
	lim := parallel.New(0)
	lim.Do(len(jobs), func(i int) {
		if ctx.Err() != nil {
			errs[i] = ctx.Err()
			return
		}
		j := jobs[i]
		out[i].Label = j.label
		out[i].Sharpness, errs[i] = runner.Sharpness(j.p, j.x, j.state, o, lim)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, sharpnessJSON{Dir: dir, Runs: out})
	}
	printSharpness(opts.IO.Out, out)
	return nil
}

// savedProblems rebuilds what each label of a saved folder minimised, and
// the measurement its config asks for: from DIR/config.yaml (with the
// saved seed), else, for a surface, from summary.json.
func savedProblems(dir, configPath string, sum *trace.Summary) (func(label string) problem.Objective, sharpness.Options, error) {
	path := filepath.Join(dir, runner.ConfigFile)
	if configPath != "" {
		path = configPath
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && configPath != "" {
		return nil, sharpness.Options{}, usageErrorf("--config: %s: no such file", configPath)
	}
	if errors.Is(err, fs.ErrNotExist) {
		for _, rs := range sum.Runs {
			if rs.DataSummary != nil && rs.ParamsFile != "" {
				return nil, sharpness.Options{}, usageErrorf("%s: no %s to rebuild the network's data from (folders of optlab run keep one; run the experiment again)", dir, runner.ConfigFile)
			}
		}
		s, err := runner.SavedLandscape(sum)
		if err != nil {
			return nil, sharpness.Options{}, usageErrorf("%s: %v", dir, err)
		}
		return func(string) problem.Objective { return s }, sharpness.Options{Seed: sum.Seed}, nil
	}
	if err != nil {
		return nil, sharpness.Options{}, err
	}
	fs := pflag.NewFlagSet("saved", pflag.ContinueOnError)
	addOverrideFlags(fs)
	if err := fs.Set("seed", strconv.FormatUint(sum.Seed, 10)); err != nil { // a --seed of the run is in summary.json
		return nil, sharpness.Options{}, err
	}
	f, err := config.LoadBytes(path, data, fs, config.OverrideFlags())
	if err != nil {
		if configPath == "" && strings.Contains(err.Error(), "problem.") {
			err = fmt.Errorf("%w\n(a kept config's relative paths are from %s; give the original with --config FILE)", err, dir)
		}
		return nil, sharpness.Options{}, &UsageError{Err: err}
	}
	e, err := f.Build()
	if err != nil {
		return nil, sharpness.Options{}, &UsageError{Err: fmt.Errorf("%s: %w", path, err)}
	}
	o := sharpness.Options{Seed: f.Seed}
	if m := f.Measures(); m != nil { // skip: true skips the run's measurement, not this one
		o = *m
	}
	byLabel := map[string]problem.Objective{}
	for _, r := range e.Runs {
		byLabel[r.Label] = r.Problem
		if r.Problem == nil {
			byLabel[r.Label] = e.Problem
		}
	}
	return func(label string) problem.Objective { return byLabel[label] }, o, nil
}

// savedEndPoint is where a saved run ended: a network's params file (and
// its batch-norm state beside it), else summary.json's final_x.
func savedEndPoint(dir string, rs trace.RunSummary) (x, state []float64, err error) {
	if rs.DataSummary == nil || rs.ParamsFile == "" {
		return rs.FinalX, nil, nil
	}
	path := filepath.Join(dir, rs.ParamsFile)
	if x, err = readFloats(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil, usageErrorf("%s: no such file (summary.json names it as run %q's end point)", path, rs.Label)
	} else if err != nil {
		return nil, nil, err
	}
	state, err = readFloats(filepath.Join(dir, runner.StateFile(rs.ParamsFile)))
	if errors.Is(err, fs.ErrNotExist) {
		return x, nil, nil // no batch norm
	}
	return x, state, err
}

// readFloats reads one number a line.
func readFloats(path string) ([]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, usageErrorf("%s: %v", path, err)
	}
	defer f.Close()
	var v []float64
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		x, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, usageErrorf("%s:%d: not a number: %q", path, line, t)
		}
		v = append(v, x)
	}
	return v, sc.Err()
}

func printSharpness(w interface{ Write([]byte) (int, error) }, runs []sharpnessRun) {
	tw := newTable(w, "label", "loss", "λmax", "trace", "SAM", "Keskar", "measured")
	num := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprintf("%.4g", *v)
	}
	for _, r := range runs {
		s := r.Sharpness
		how := fmt.Sprintf("λ %s, trace %s, ρ %g, ε %g", s.LambdaMethod, s.TraceMethod, s.Rho, s.Epsilon)
		if s.On != "" {
			how += ", on " + s.On
		}
		tw.row(r.Label, num(s.Loss), num(s.LambdaMax), num(s.Trace), num(s.SAM), num(s.Keskar), how)
	}
	tw.flush()
}

// testCells are run's test loss and gap for the run table (a surface with
// a test shift), "-" where not computed.
func testCells(r trace.RunSummary) []string {
	cells := []string{"-", "-"}
	if r.DataSummary == nil {
		return cells
	}
	if r.TestLoss != nil {
		cells[0] = fmt.Sprintf("%.6g", *r.TestLoss)
	}
	if r.Gap != nil {
		cells[1] = fmt.Sprintf("%.3g", *r.Gap)
	}
	return cells
}
