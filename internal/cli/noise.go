package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/surfaces"
)

// NoiseOptions are the inputs of `optlab noise`.
type NoiseOptions struct {
	IO       *IOStreams
	Surface  string
	Params   []string
	At       []float64
	Batches  []int
	Samples  int
	Model    string
	Sigma    float64
	Spread   float64
	Examples int
	Seed     uint64
	JSON     bool
	Out      string
	NoFigure bool
	Force    bool // measure even when the estimated work is absurd
}

// NewCmdNoise builds `optlab noise SURFACE`.
func NewCmdNoise(ios *IOStreams, runF func(context.Context, *NoiseOptions) error) *cobra.Command {
	opts := &NoiseOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "noise SURFACE",
		Short: "Measure gradient noise against batch size at a point, and fit its slope",
		Long: `Sample the stochastic gradient at a point many times for each batch size, print
the standard deviation of each component and of the norm, and plot the noise level
(RMS of ‖ĝ − ∇f(x)‖) against the batch size on log-log axes with the fitted slope
(−1/2 for independent examples).`,
		Example: "  optlab noise rosenbrock --at -1,1 --batches 1,2,4,8,16,32,64,128,256\n" +
			"  optlab noise rosenbrock --model finite_sum --examples 4096 --json",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Surface = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runNoise(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	fs.Float64SliceVar(&opts.At, "at", nil, "the point x0,x1,... (default: the surface's start)")
	fs.IntSliceVar(&opts.Batches, "batches", []int{1, 2, 4, 8, 16, 32, 64, 128, 256}, "batch sizes m")
	fs.IntVar(&opts.Samples, "samples", 2000, "gradient draws per batch size")
	fs.StringVar(&opts.Model, "model", "gaussian", "noise model: gaussian or finite_sum")
	fs.Float64Var(&opts.Sigma, "sigma", 1, "gaussian: per-example noise σ")
	fs.Float64Var(&opts.Spread, "spread", 0.5, "finite_sum: spread s of the examples")
	fs.IntVar(&opts.Examples, "examples", 4096, "finite_sum: number of examples N")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed for all randomness")
	fs.BoolVar(&opts.JSON, "json", false, `print {"batches": [...], "std": [...], "slope": s} instead of the table`)
	fs.StringVarP(&opts.Out, "out", "o", "", "figure file, .png, .svg or .pdf (default out/noise-SURFACE.png)")
	fs.BoolVar(&opts.NoFigure, "no-figure", false, "print only; draw no figure")
	fs.BoolVar(&opts.Force, "force", false, "measure even when the estimated work is absurd")
	return cmd
}

func runNoise(ctx context.Context, o *NoiseOptions) error {
	params, err := surfaceArgs("noise", o.Surface, o.Params)
	if err != nil {
		return err
	}
	// One list of models, the ones a measurement can use (none has no
	// noise to measure), for every wrong value.
	if o.Model != noise.Gaussian && o.Model != noise.FiniteSum {
		return usageErrorf("--model: must be gaussian or finite_sum, got %q%s", o.Model,
			config.Suggest(o.Model, []string{noise.Gaussian, noise.FiniteSum}))
	}
	for i, v := range o.At {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return usageErrorf("--at: coordinate %d must be finite, got %g", i, v)
		}
	}
	s, err := surfaces.New(o.Surface, params, len(o.At))
	if err != nil {
		if len(o.At) > 0 {
			return usageErrorf("--at: %v", err)
		}
		return usageErrorf("noise: %v", err)
	}
	at := o.At
	if at == nil {
		at = s.Start()
	}
	if err := finiteAt(s, at); err != nil {
		return err
	}
	c := noise.Config{Model: o.Model, Batch: 1, Sigma: o.Sigma, Spread: o.Spread, Examples: o.Examples}
	if err := c.Validate(); err != nil {
		// The first problem, named by its flag: each field is a flag.
		var problems fielderr.List
		if errors.As(err, &problems) {
			return usageErrorf("--%v", problems[0])
		}
		return usageErrorf("--%v", err)
	}
	scale := "--sigma"
	if c.Model == noise.FiniteSum {
		scale = "--spread"
	}
	if (c.Model == noise.Gaussian && c.Sigma == 0) || (c.Model == noise.FiniteSum && c.Spread == 0) {
		return usageErrorf("%s: must be > 0 to have noise to measure, got 0", scale)
	}
	for _, m := range o.Batches {
		if m < 1 || (c.Model == noise.FiniteSum && m > c.Examples) {
			return usageErrorf("--batches: each must be in [1, %s, got %d", maxBatch(c), m)
		}
	}
	if o.Samples < 2 {
		return usageErrorf("--samples: must be ≥ 2, got %d", o.Samples)
	}
	if !o.Force {
		if err := lab.CheckSampling(noiseDraws(c, o.Batches, o.Samples), len(at)); err != nil {
			return &UsageError{Err: err}
		}
	}
	out, format := "", ""
	if !o.NoFigure {
		// Each model its own default file: finite_sum must not overwrite
		// the gaussian figure.
		def := "out/noise-" + o.Surface + ".png"
		if c.Model != noise.Gaussian {
			def = "out/noise-" + o.Surface + "-" + strings.ReplaceAll(c.Model, "_", "-") + ".png"
		}
		if out, format, err = figurePath(o.Out, def); err != nil {
			return err
		}
	}
	m, err := noise.MeasureContext(ctx, s, c, o.Seed, at, o.Batches, o.Samples)
	if ctx.Err() != nil {
		return errNoiseInterrupted
	}
	if err != nil {
		var fe *noise.FieldError
		if errors.As(err, &fe) {
			return usageErrorf("--%s: %s", fe.Path, fe.Msg)
		}
		return err
	}
	for k, v := range m.Std {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return usageErrorf("%s: %g makes the noise overflow float64 (its level at batch %d is %g); use a smaller value",
				scale, map[string]float64{"--sigma": c.Sigma, "--spread": c.Spread}[scale], m.Batches[k], v)
		}
	}
	if o.JSON {
		b, err := json.Marshal(m)
		if err != nil {
			return err
		}
		fmt.Fprintln(o.IO.Out, string(b))
	} else {
		printNoise(o, m)
	}
	if o.NoFigure {
		return nil
	}
	fd := noiseFigureData(m)
	fd.Surface, fd.At = o.Surface, m.At
	p, err := plotting.NoiseFigure(fd)
	if err != nil {
		return err
	}
	figOut := o.IO
	if o.JSON { // keep stdout pure JSON
		figOut = &IOStreams{Out: o.IO.Err, Err: o.IO.Err}
	}
	return writeFigure(figOut, out, format, p)
}

// errNoiseInterrupted: a measurement stopped by a signal has nothing to
// report; nothing is written.
var errNoiseInterrupted = errors.New("interrupted: the measurement stopped before its end; nothing was written")

// finiteAt refuses a point where the loss or its gradient is not finite:
// no noise around it can be measured.
func finiteAt(s surfaces.Surface, at []float64) error {
	g := make([]float64, len(at))
	s.Grad(g, at)
	loss := s.Loss(at)
	ok := !math.IsNaN(loss) && !math.IsInf(loss, 0)
	for _, v := range g {
		ok = ok && !math.IsNaN(v) && !math.IsInf(v, 0)
	}
	if !ok {
		return usageErrorf("--at: the loss or gradient at %s is not finite (loss %g); choose a point where both are", vec(at), loss)
	}
	return nil
}

// noiseDraws estimates the work of a measurement in example gradients:
// a gaussian draw costs one gradient whatever m, a finite_sum draw m.
func noiseDraws(c noise.Config, batches []int, samples int) float64 {
	var per float64
	for _, m := range batches {
		if c.Model == noise.FiniteSum {
			per += float64(m)
		} else {
			per++
		}
	}
	return per * float64(samples)
}

// noiseFigureData is what the noise figure draws of a measurement.
func noiseFigureData(m noise.Measurement) plotting.NoiseMeasurement {
	return plotting.NoiseMeasurement{
		Model: m.Model, Samples: m.Samples, Examples: m.Examples,
		Batches: m.Batches, Std: m.Std, Slope: m.Slope, Intercept: m.Intercept,
	}
}

func maxBatch(c noise.Config) string {
	if c.Model == noise.FiniteSum {
		return fmt.Sprint(c.Examples) + "]"
	}
	return "∞)"
}

func printNoise(o *NoiseOptions, m noise.Measurement) {
	w := o.IO.Out
	fmt.Fprintf(w, "%s noise on %s at %s, %d samples per batch size\n\n", m.Model, o.Surface, vec(m.At), m.Samples)
	head := []string{"batch", "rms(‖ĝ−∇f‖)", "std(‖ĝ‖)"}
	for j := range m.At {
		head = append(head, fmt.Sprintf("std(g%d)", j))
	}
	t := newTable(w, head...)
	for k, b := range m.Batches {
		row := []string{fmt.Sprint(b), fmt.Sprintf("%.4g", m.Std[k]), fmt.Sprintf("%.4g", m.NormStd[k])}
		for _, v := range m.CompStd[k] {
			row = append(row, fmt.Sprintf("%.4g", v))
		}
		t.row(row...)
	}
	t.flush()
	if math.IsNaN(m.Slope) {
		fmt.Fprintln(w, "\nslope: not enough batch sizes with noise to fit")
		return
	}
	fmt.Fprintf(w, "\nfitted slope of log std vs log m: %.4f (−0.5 expected for independent examples)\n", m.Slope)
}
