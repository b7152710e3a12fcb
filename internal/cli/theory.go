package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/theory"
)

// TheoryOptions are the inputs of `optlab theory`.
type TheoryOptions struct {
	IO       *IOStreams
	Surface  string
	Params   []string
	Kappa    float64 // halfpipe: shortcut for --param kappa=…
	Angle    float64 // halfpipe: shortcut for --param angle=…
	Spectrum []float64
	Out      string
	Format   string
	JSON     bool
	setKappa bool
	setAngle bool
}

// TheoryReport is what --json prints.
type TheoryReport struct {
	Surface      string               `json:"surface"`
	Quadratic    bool                 `json:"quadratic"`
	Quantities   theory.Quantities    `json:"quantities"`
	Observations []theory.Observation `json:"observations,omitempty"`
	Sweep        *theory.Sweep        `json:"sweep,omitempty"`
	Figures      []string             `json:"figures,omitempty"`
}

// NewCmdTheory builds `optlab theory SURFACE`.
func NewCmdTheory(ios *IOStreams, runF func(context.Context, *TheoryOptions) error) *cobra.Command {
	opts := &TheoryOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "theory SURFACE",
		Short: "What the theory predicts on a quadratic — κ, 2/λmax, optimal lr and momentum, rates — next to what the optimizers do",
		Long: "From the Hessian at the minimum: the condition number κ, GD's stability limit 2/λmax, its\n" +
			"optimal step 2/(λmin+λmax) and rate (κ−1)/(κ+1), heavy ball's optimal α and β and rate √β,\n" +
			"Nesterov's rate 1 − 1/√κ. On a quadratic (halfpipe, `quadratic --spectrum …`) the optimizers\n" +
			"run at those settings and the observed rates, GD's observed divergence threshold and an lr\n" +
			"sweep are reported and drawn; on other surfaces the quantities are local (the quadratic\n" +
			"model at the minimum) and nothing is run.",
		Example: "  optlab theory halfpipe --kappa 50\n" +
			"  optlab theory halfpipe --kappa 100 --angle 30 --json\n" +
			"  optlab theory quadratic --spectrum 1,10,100\n" +
			"  optlab theory rosenbrock",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Surface = args[0]
			opts.setKappa, opts.setAngle = cmd.Flags().Changed("kappa"), cmd.Flags().Changed("angle")
			if err := checkFormat(opts.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runTheory(opts)
		},
	}
	fs := cmd.Flags()
	fs.StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	fs.Float64Var(&opts.Kappa, "kappa", 20, "halfpipe: condition number κ")
	fs.Float64Var(&opts.Angle, "angle", 0, "halfpipe: rotation of the long axis, degrees")
	fs.Float64SliceVar(&opts.Spectrum, "spectrum", nil, "quadratic: the Hessian's eigenvalues λ1,λ2,…")
	fs.StringVar(&opts.Out, "out", "", "folder of the figures (default out/theory-SURFACE)")
	fs.StringVar(&opts.Format, "format", "png", "figure format: png, svg or pdf")
	fs.BoolVar(&opts.JSON, "json", false, "print the report as JSON instead of the table")
	return cmd
}

// theoryTarget is the problem the command looks at, with its name for
// titles and folders.
func theoryTarget(o *TheoryOptions) (theory.Target, string, error) {
	if o.Surface == "quadratic" && len(o.Spectrum) > 0 {
		for i, l := range o.Spectrum {
			if !(l > 0) || math.IsInf(l, 0) {
				return nil, "", usageErrorf("--spectrum: eigenvalue %d must be a finite number > 0, got %g", i+1, l)
			}
		}
		// The registry's quadratic with the given eigenvalues (axis-aligned).
		return surfaces.Quadratic{Lambda: append([]float64(nil), o.Spectrum...)}, "quadratic", nil
	}
	if len(o.Spectrum) > 0 {
		return nil, "", usageErrorf("--spectrum: only for the surface quadratic, not %s", o.Surface)
	}
	if s, _, ok, err := exprSurface("theory", o.Surface, o.Params); ok {
		return s, "expr", err
	}
	params, err := surfaceArgs("theory", o.Surface, o.Params)
	if err != nil {
		return nil, "", err
	}
	if o.setKappa || o.setAngle {
		if o.Surface != "halfpipe" {
			return nil, "", usageErrorf("--kappa/--angle: only for halfpipe; use --param for %s", o.Surface)
		}
		if o.setKappa {
			params["kappa"] = o.Kappa
		}
		if o.setAngle {
			params["angle"] = o.Angle
		}
	}
	s, err := surfaces.New(o.Surface, params, 0)
	if err != nil {
		return nil, "", usageErrorf("--param: %v", err)
	}
	return s, o.Surface, nil
}

func runTheory(o *TheoryOptions) error {
	p, name, err := theoryTarget(o)
	if err != nil {
		return err
	}
	var xstar []float64
	best := math.Inf(1)
	for _, m := range problem.MinimaOf(p) {
		if m.Kind.IsMin() && m.Value < best {
			xstar, best = m.X, m.Value
		}
	}
	if xstar == nil {
		return usageErrorf("theory: %s has no known minimum to take the Hessian at", o.Surface)
	}
	n := p.Dim()
	start := make([]float64, n)
	if s, ok := p.(problem.Starter); ok {
		start = s.Start()
	}
	far := make([]float64, n)
	for i := range far {
		far[i] = start[i] + 0.37*float64(i+1)
	}
	quad := theory.IsQuadratic(p, xstar, start, far)
	h := mat.NewSymDense(n, nil)
	p.Hessian(h, xstar)
	q, err := theory.FromHessian(h, xstar, !quad)
	if err != nil {
		return usageErrorf("theory: %v", err)
	}
	rep := TheoryReport{Surface: o.Surface, Quadratic: quad, Quantities: q}
	if quad {
		if rep.Observations, err = theory.Observe(p, q, start, 200000); err != nil {
			return err
		}
		sw, err := theory.GDSweep(p, q, start, 100, 40)
		if err != nil {
			return err
		}
		rep.Sweep = &sw
		dir := o.Out
		if dir == "" {
			dir = filepath.Join("out", "theory-"+name)
		}
		title := fmt.Sprintf("%s, κ = %.4g", name, q.Kappa)
		curves := make([]plotting.TheoryCurve, len(rep.Observations))
		for i, ob := range rep.Observations {
			curves[i] = plotting.TheoryCurve{Label: ob.Method, Observed: ob.Loss, Rate: ob.Predicted}
		}
		rates, err := plotting.TheoryRates(title+": predicted and observed rates", curves)
		if err != nil {
			return err
		}
		sweep, err := plotting.TheorySweep(fmt.Sprintf("%s: GD after %d steps against lr", title, sw.Steps), sw.LR, sw.FinalLoss, q.GDStableLR, q.GDOptimalLR)
		if err != nil {
			return err
		}
		ios := o.IO
		if o.JSON { // stdout is the JSON alone
			ios = &IOStreams{Out: io.Discard, Err: o.IO.Err}
		}
		for _, f := range []struct {
			name string
			p    *plot.Plot
		}{{"rates", rates}, {"sweep", sweep}} {
			path := filepath.Join(dir, f.name+"."+o.Format)
			if err := writeFigure(ios, path, o.Format, f.p); err != nil {
				return err
			}
			rep.Figures = append(rep.Figures, path)
		}
	}
	if o.JSON {
		enc := json.NewEncoder(o.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	printTheory(o.IO, rep)
	return nil
}

func printTheory(ios *IOStreams, r TheoryReport) {
	q := r.Quantities
	w := ios.Out
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
	if q.Local {
		fmt.Fprintf(w, "%s is not a quadratic: these are LOCAL quantities, of the quadratic model at the minimum %v\n", r.Surface, q.At)
	}
	t := newTable(w, "quantity", "formula", "value")
	t.row("λmin, λmax", "eigenvalues of ∇²f(x*)", g(q.LambdaMin)+", "+g(q.LambdaMax))
	t.row("κ", "λmax/λmin", g(q.Kappa))
	t.row("GD stable for lr <", "2/λmax", g(q.GDStableLR))
	t.row("GD optimal lr", "2/(λmin+λmax)", g(q.GDOptimalLR))
	t.row("GD rate", "(κ−1)/(κ+1)", g(q.GDRate))
	t.row("heavy ball α*", "(2/(√λmax+√λmin))²", g(q.HBLR))
	t.row("heavy ball β*", "((√κ−1)/(√κ+1))²", g(q.HBMomentum))
	t.row("heavy ball rate", "√β*", g(q.HBRate))
	t.row("Nesterov lr, momentum", "1/λmax, (√κ−1)/(√κ+1)", g(q.NesterovLR)+", "+g(q.NesterovMomentum))
	t.row("Nesterov rate", "1 − 1/√κ", g(q.NesterovRate))
	t.flush()
	if len(r.Observations) > 0 {
		fmt.Fprintln(w)
		t := newTable(w, "method", "optimizer", "lr", "momentum", "predicted rate", "observed rate", "rel. error", "steps")
		for _, o := range r.Observations {
			m := "-"
			if o.Momentum != 0 {
				m = g(o.Momentum)
			}
			t.row(o.Method, o.Optimizer, g(o.LR), m, g(o.Predicted), g(o.Observed), fmt.Sprintf("%.2g%%", 100*o.RelErr), strconv.Itoa(o.Steps))
		}
		t.flush()
		fmt.Fprintln(w, "(rates: per-step contraction of ‖x − x*‖, observed over the second half of each run)")
	}
	if r.Sweep != nil {
		fmt.Fprintf(w, "GD's observed divergence threshold: lr = %s (2/λmax = %s, off by %.2g%%; bisection on ‖x_N − x*‖ > ‖x_0 − x*‖, N = %d)\n",
			g(r.Sweep.Threshold), g(q.GDStableLR), 100*r.Sweep.ThresholdErr, r.Sweep.ThresholdSteps)
	}
}
