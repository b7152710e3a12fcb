package cli

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/expr"
	"github.com/optlab/optlab/internal/plotting"
)

// NewtonPlotOptions are the inputs of `optlab plot newton`.
type NewtonPlotOptions struct {
	IO     *IOStreams
	Expr   string    // "expr:…" or the bare expression, in the variable x
	Params []string  // NAME=VALUE constants
	Starts []float64 // one path per start
	Steps  int
	Root   bool      // Newton for zeros (x ← x − f/f′) instead of minima (x ← x − f′/f″)
	Window []float64 // lo,hi
	Out    string
}

// NewCmdPlotNewton builds `optlab plot newton EXPR`.
func NewCmdPlotNewton(ios *IOStreams, runF func(context.Context, *NewtonPlotOptions) error) *cobra.Command {
	opts := &NewtonPlotOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "newton EXPR",
		Short: "Draw Newton's method on a function of one variable: f(x), the iterates and each step's local model",
		Long: "Draws f(x) with the iterates of Newton's method from several starts and, at each iterate,\n" +
			"the parabola f + f′t + ½f″t² whose vertex is the next iterate (1/f″ acts as the learning\n" +
			"rate), or with --root the tangent whose zero is the next iterate (x ← x − f/f′).",
		Example: "  optlab plot newton \"expr:x^4 - 3*x^2 + x\" --starts -2,0.3,1.6\n" +
			"  optlab plot newton \"x^3 - 2*x - 5\" --root --starts 1,3 --window -1,4",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Expr = args[0]
			if opts.Steps < 1 || opts.Steps > 100 {
				return usageErrorf("--steps: must be in [1, 100], got %d", opts.Steps)
			}
			if len(opts.Window) != 0 && (len(opts.Window) != 2 || !(opts.Window[0] < opts.Window[1])) {
				return usageErrorf("--window: must be lo,hi with lo < hi, got %v", opts.Window)
			}
			if len(opts.Starts) == 0 || len(opts.Starts) > 15 {
				return usageErrorf("--starts: give 1 to 15 starts, got %d", len(opts.Starts))
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotNewton(opts)
		},
	}
	fs := cmd.Flags()
	fs.StringSliceVar(&opts.Params, "param", nil, "expression constant NAME=VALUE (repeatable)")
	fs.Float64SliceVar(&opts.Starts, "starts", []float64{-2, 0.3, 1.6}, "starts x0 of the paths")
	fs.IntVar(&opts.Steps, "steps", 6, "Newton steps per path")
	fs.BoolVar(&opts.Root, "root", false, "Newton's zero-finding x ← x − f/f′ (tangents) instead of minimisation x ← x − f′/f″ (parabolas)")
	fs.Float64SliceVar(&opts.Window, "window", nil, "x range lo,hi (default: the span of the starts and iterates, widened by 30%)")
	fs.StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default out/newton.png)")
	return cmd
}

func runPlotNewton(o *NewtonPlotOptions) error {
	params, err := paramArgs(o.Params)
	if err != nil {
		return err
	}
	src := strings.TrimSpace(strings.TrimPrefix(o.Expr, expr.Prefix))
	t, err := expr.Parse(src, []string{"x"}, params)
	if err != nil {
		return usageErrorf("plot newton: %v", err)
	}
	for _, s := range o.Starts {
		if err := t.Check([]float64{s}); err != nil {
			return usageErrorf("plot newton: %v", err)
		}
	}
	out, format, err := figurePath(o.Out, "out/newton.png")
	if err != nil {
		return err
	}
	paths := make([]plotting.Newton1DPath, len(o.Starts))
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, s := range o.Starts {
		paths[k] = newtonPath(t, s, o.Steps, o.Root)
		paths[k].Label = fmt.Sprintf("x₀ = %.4g", s)
		if len(o.Window) == 0 {
			for _, it := range paths[k].Iterates {
				if math.Abs(it.X) < 1e3 {
					lo, hi = math.Min(lo, it.X), math.Max(hi, it.X)
				}
			}
		}
	}
	if len(o.Window) == 2 {
		lo, hi = o.Window[0], o.Window[1]
	} else {
		pad := math.Max(0.3*(hi-lo), 0.5)
		lo, hi = lo-pad, hi+pad
	}
	kind := "Newton for minima: x ← x − f′/f″"
	if o.Root {
		kind = "Newton for zeros: x ← x − f/f′"
	}
	p, err := plotting.Newton1D(plotting.Newton1DOptions{
		Title: fmt.Sprintf("%s on f(x) = %s", kind, src),
		F:     func(x float64) float64 { return t.Loss([]float64{x}) },
		Lo:    lo, Hi: hi, Paths: paths, Root: o.Root,
	})
	if err != nil {
		return err
	}
	return writeFigure(o.IO, out, format, p)
}

// newtonPath runs Newton's method from x0 with exact derivatives of t; a
// step with f″ = 0 (or f′ = 0 for zeros), or a non-finite one, ends it.
func newtonPath(t *expr.Tape, x0 float64, steps int, root bool) plotting.Newton1DPath {
	x := []float64{x0}
	g := make([]float64, 1)
	h := mat.NewSymDense(1, nil)
	var path plotting.Newton1DPath
	for k := 0; ; k++ {
		t.Grad(g, x)
		t.Hessian(h, x)
		it := plotting.Newton1DIterate{X: x[0], F: t.Loss(x), D1: g[0], D2: h.At(0, 0)}
		path.Iterates = append(path.Iterates, it)
		if k == steps {
			return path
		}
		step := it.D1 / it.D2
		if root {
			step = it.F / it.D1
		}
		if math.IsNaN(step) || math.IsInf(step, 0) || step == 0 {
			return path
		}
		x[0] -= step
	}
}
