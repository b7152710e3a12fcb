package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/scaling"
	"github.com/optlab/optlab/internal/surfaces"
)

// ScalingOptions are the inputs of `optlab scaling`.
type ScalingOptions struct {
	IO         *IOStreams
	Optimizers []string
	Dims       string // "10,100,1e3"
	Surface    string
	Params     []string
	Budget     string // "60s,2GB", "off"
	PerSize    time.Duration
	Out        string
	Format     string
	JSON       bool
}

// scalingCoupling is the quadratic's default coupling here: a dense
// Hessian, so that Newton's Cholesky does its n³ work (on a diagonal one
// gonum's kernels skip the zeros), with an O(n) gradient.
const scalingCoupling = 1

// NewCmdScaling builds `optlab scaling OPTIMIZER...`.
func NewCmdScaling(ios *IOStreams, runF func(context.Context, *ScalingOptions) error) *cobra.Command {
	opts := &ScalingOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "scaling OPTIMIZER...",
		Short: "How each optimizer's time per step and memory grow with the dimension n (log-log, fitted slopes)",
		Long: "For each optimizer and dimension: the time of one step (a gradient and the update; Newton's\n" +
			"Hessian and Cholesky factorisation included) as the median of repeated batches of steps\n" +
			"after a warm-up, and the bytes of the optimizer's state. Prints a table with the fitted\n" +
			"slopes of log cost against log n and draws time.png and state.png in --out.\n" +
			"The problem is the n-D quadratic with coupling=1 (a dense Hessian, an O(n) gradient) unless\n" +
			"--surface or --param say otherwise. --budget SECONDS,BYTES refuses to start a size whose\n" +
			fmt.Sprintf("%d steps would take longer (extrapolated from the smaller sizes) or whose state would\n", scaling.MinSteps) +
			"not fit, and says so on stderr; --budget off measures everything.",
		Example: "  optlab scaling newton adam sgd --dims 10,100,1000,3000\n" +
			"  optlab scaling adam rmsprop --dims 1e4,1e5,1e6,1e7\n" +
			"  optlab scaling newton --dims 100,300,1000,2000 --json",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Optimizers = args
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runScaling(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Dims, "dims", "10,100,1000", "dimensions n, comma-separated (1e4 notation accepted)")
	fs.StringVar(&opts.Surface, "surface", "quadratic", "an n-D surface")
	fs.StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	fs.StringVar(&opts.Budget, "budget", "60s,2GB", "most time and memory a size may take: a duration and/or a size (kB, MB, GB), or off")
	fs.DurationVar(&opts.PerSize, "per-size", scaling.DefaultPerSize, "time aimed at per optimizer and size")
	fs.StringVar(&opts.Out, "out", filepath.Join("out", "scaling"), "folder of the figures and scaling.csv")
	fs.StringVar(&opts.Format, "format", "png", "figure format: png, svg or pdf")
	fs.BoolVar(&opts.JSON, "json", false, "print one JSON object per measurement instead of the table")
	return cmd
}

// scalingPlan is a checked command line.
type scalingPlan struct {
	optimizers []optimizers.Config
	dims       []int
	params     map[string]float64
	budget     scaling.Budget
}

// planScaling checks every input before anything runs, naming the flag.
func planScaling(o *ScalingOptions) (scalingPlan, error) {
	var p scalingPlan
	for _, name := range o.Optimizers {
		spec, ok := optimizers.Lookup(name)
		if !ok {
			return p, usageErrorf("optimizer: unknown optimizer %q%s; have %s", name,
				config.Suggest(name, optimizers.Names()), strings.Join(optimizers.Names(), ", "))
		}
		c := optimizers.Config{Name: name}
		if spec.HasBase {
			c.Base = &optimizers.Config{Name: spec.DefaultBase}
		}
		p.optimizers = append(p.optimizers, c)
	}
	var err error
	if p.dims, err = parseDims(o.Dims); err != nil {
		return p, err
	}
	if p.budget, err = parseBudget(o.Budget); err != nil {
		return p, err
	}
	if o.PerSize <= 0 {
		return p, usageErrorf("--per-size: must be > 0, got %v", o.PerSize)
	}
	spec, ok := surfaces.Lookup(o.Surface)
	if ok && !spec.AnyDim {
		return p, usageErrorf("--surface: %s is 2-D; scaling needs an n-D surface", o.Surface)
	}
	if p.params, err = surfaceArgs("--surface", o.Surface, o.Params); err != nil {
		return p, err
	}
	if _, set := p.params["coupling"]; o.Surface == "quadratic" && !set {
		p.params["coupling"] = scalingCoupling
	}
	for _, n := range p.dims {
		if problems := surfaces.Check(o.Surface, p.params, n); len(problems) > 0 {
			var msgs []string
			for _, e := range problems {
				flag := "--param " + strings.TrimPrefix(e.Path, "params.")
				if e.Path == "dim" {
					flag = "--dims"
				}
				msgs = append(msgs, fmt.Sprintf("%s: %s: %s", flag, o.Surface, e.Msg))
			}
			return p, usageErrorf("%s", strings.Join(msgs, "\n"))
		}
	}
	return p, nil
}

// parseDims reads "10,100,1e3": integers ≥ 2 in any float notation.
func parseDims(s string) ([]int, error) {
	var dims []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || v != math.Trunc(v) || !(v >= 2 && v <= 1e9) {
			return nil, usageErrorf("--dims: each dimension must be an integer in [2, 1e9], got %q", f)
		}
		dims = append(dims, int(v))
	}
	return dims, nil
}

// parseBudget reads "60s,2GB", "30s", "500MB" or "off".
func parseBudget(s string) (scaling.Budget, error) {
	var b scaling.Budget
	if strings.TrimSpace(s) == "off" {
		return b, nil
	}
	units := []struct {
		suffix string
		scale  float64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"KB", 1e3}, {"B", 1}}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if d, err := time.ParseDuration(part); err == nil && d > 0 && b.Seconds == 0 {
			b.Seconds = d.Seconds()
			continue
		}
		ok := false
		for _, u := range units {
			if num, found := strings.CutSuffix(part, u.suffix); found && b.Bytes == 0 {
				if v, err := strconv.ParseFloat(strings.TrimSpace(num), 64); err == nil && v > 0 && !math.IsInf(v, 0) {
					b.Bytes, ok = v*u.scale, true
				}
				break
			}
		}
		if !ok {
			return b, usageErrorf("--budget: want a duration and/or a size such as 60s,2GB (or off), got %q", part)
		}
	}
	return b, nil
}

func runScaling(ctx context.Context, o *ScalingOptions) error {
	plan, err := planScaling(o)
	if err != nil {
		return err
	}
	ms, err := scaling.Run(ctx, scaling.Options{
		Optimizers: plan.optimizers,
		Dims:       plan.dims,
		Problem: func(n int) (scaling.Problem, error) {
			return surfaces.New(o.Surface, plan.params, n)
		},
		PerSize: o.PerSize,
		Budget:  plan.budget,
		Skipped: func(opt string, n int, why string) {
			fmt.Fprintf(o.IO.Err, "scaling: %s at n = %d not measured: %s\n", opt, n, why)
		},
	})
	if err != nil {
		return err
	}
	if len(ms) == 0 {
		return fmt.Errorf("scaling: nothing was measured (see above); raise --budget or lower --dims")
	}
	fits := scaling.Fits(ms)
	if err := writeScaling(o, ms, fits); err != nil {
		return err
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		for _, m := range ms {
			if err := enc.Encode(m); err != nil {
				return err
			}
		}
		return nil
	}
	printScaling(o.IO.Out, ms, fits)
	return nil
}

func printScaling(w io.Writer, ms []scaling.Measurement, fits []scaling.Fit) {
	t := newTable(w, "optimizer", "n", "time/step", "ns/param", "state")
	for _, m := range ms {
		t.row(m.Optimizer, strconv.Itoa(m.Dim), scaling.Seconds(m.SecondsPerStep),
			strconv.FormatFloat(m.NsPerParam, 'g', 3, 64), scaling.Bytes(float64(m.StateBytes)))
	}
	t.flush()
	fmt.Fprintln(w)
	t = newTable(w, "optimizer", "time slope", "state slope")
	for _, f := range fits {
		t.row(f.Optimizer, slopeText(f.TimeSlope), slopeText(f.StateSlope))
	}
	t.flush()
	fmt.Fprintln(w, "(slopes: least-squares exponent p of cost ∝ nᵖ over the sizes measured)")
}

func slopeText(s float64) string {
	if math.IsNaN(s) {
		return "-"
	}
	return strconv.FormatFloat(s, 'f', 2, 64)
}

// writeScaling writes time and state figures and scaling.csv into --out,
// all or nothing.
func writeScaling(o *ScalingOptions, ms []scaling.Measurement, fits []scaling.Fit) error {
	var times, states []plotting.ScalingSeries
	for _, f := range fits {
		times = append(times, plotting.ScalingSeries{Label: f.Optimizer, N: f.Dims, Cost: f.Seconds, Slope: f.TimeSlope})
		states = append(states, plotting.ScalingSeries{Label: f.Optimizer, N: f.Dims, Cost: f.StateBytes, Slope: f.StateSlope})
	}
	title := o.Surface
	tp, err := plotting.ScalingFigure(title+": time per step", "seconds per step", times)
	if err != nil {
		return err
	}
	files := []struct {
		name string
		p    *plot.Plot
	}{{"time." + o.Format, tp}}
	if sp, err := plotting.ScalingFigure(title+": optimizer state", "state bytes", states); err == nil {
		files = append(files, struct {
			name string
			p    *plot.Plot
		}{"state." + o.Format, sp})
	} // else no optimizer keeps state (sgd alone): no state figure
	d, err := output.Begin(o.Out)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := d.Write(f.name, func(w io.Writer) error { return encode.Save(w, f.p, o.Format, 0, 0) }); err != nil {
			d.Abort()
			return err
		}
	}
	if err := d.Write("scaling.csv", func(w io.Writer) error {
		if _, err := fmt.Fprintln(w, "optimizer,dim,seconds_per_step,ns_per_param,state_bytes"); err != nil {
			return err
		}
		for _, m := range ms {
			if _, err := fmt.Fprintf(w, "%s,%d,%s,%s,%d\n", m.Optimizer, m.Dim, strconv.FormatFloat(m.SecondsPerStep, 'g', -1, 64),
				strconv.FormatFloat(m.NsPerParam, 'g', -1, 64), m.StateBytes); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		d.Abort()
		return err
	}
	if err := d.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.Err, "wrote %d files to %s\n", len(files)+1, o.Out)
	return nil
}
