package cli

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/theory"
	"github.com/optlab/optlab/internal/trace"
)

// DescribeFigures are describe's lecture views: `describe momentum
// --forms`, `describe radam --plot`, `describe adagrad|rmsprop --rates`.
type DescribeFigures struct {
	Forms bool
	Plot  bool
	Rates bool
	// forms
	Surface  string
	LR       float64
	Momentum float64
	Steps    int
	Out      string
	Format   string
	// radam
	Beta2 []float64
	Until int
}

func (f DescribeFigures) any() bool { return f.Forms || f.Plot || f.Rates }

func addDescribeFigureFlags(cmd *cobra.Command, f *DescribeFigures) {
	fs := cmd.Flags()
	fs.BoolVar(&f.Forms, "forms", false, "momentum: the three forms, their mapping, and their paths from one start overlaid")
	fs.BoolVar(&f.Rates, "rates", false, "adagrad, rmsprop: draw both's effective per-coordinate rates lr/√G over the updates of a run")
	fs.StringVar(&f.Surface, "surface", "halfpipe", "--forms, --rates: surface to run on")
	fs.Float64Var(&f.LR, "lr", 0.01, "--forms: the common form's learning rate; --rates: the rate of both")
	fs.Float64Var(&f.Momentum, "momentum", 0.9, "--forms: momentum α")
	fs.IntVar(&f.Steps, "steps", 1000, "--forms, --rates: steps per run")
	fs.BoolVar(&f.Plot, "plot", false, "radam: draw ρ_t and the rectification term r_t against t, with the switch to adaptive steps")
	fs.Float64SliceVar(&f.Beta2, "beta2", []float64{0.999, 0.99}, "--plot: the β2 values to draw")
	fs.IntVar(&f.Until, "until", 3000, "--plot: last update t drawn")
	fs.StringVar(&f.Out, "out", "", "folder of the figure (default out/describe-NAME)")
	fs.StringVar(&f.Format, "format", "png", "figure format: png, svg or pdf")
}

func runDescribeFigures(o *DescribeOptions) error {
	f := o.Figures
	if err := checkFormat(f.Format); err != nil {
		return err
	}
	if f.Forms {
		if o.Name != "momentum" {
			return usageErrorf("--forms: only for momentum, not %s", o.Name)
		}
		return describeMomentumForms(o)
	}
	if f.Rates {
		if o.Name != "adagrad" && o.Name != "rmsprop" {
			return usageErrorf("--rates: only for adagrad and rmsprop, not %s", o.Name)
		}
		return describeRates(o)
	}
	if f.Plot {
		if o.Name != "radam" {
			return usageErrorf("--plot: only for radam, not %s", o.Name)
		}
		return describeRAdam(o)
	}
	return usageErrorf("describe: no figure asked for")
}

func describeRAdam(o *DescribeOptions) error {
	f := o.Figures
	if f.Until < 10 || f.Until > 1000000 {
		return usageErrorf("--until: must be in [10, 1000000], got %d", f.Until)
	}
	if len(f.Beta2) == 0 || len(f.Beta2) > 8 {
		return usageErrorf("--beta2: give 1 to 8 values, got %d", len(f.Beta2))
	}
	w := o.IO.Out
	var curves []plotting.RAdamCurve
	t := newTable(w, "β2", "ρ∞", "adaptive from t", "r_t there", "r_t at t = 100", "r_t at t = "+strconv.Itoa(f.Until))
	for _, b2 := range f.Beta2 {
		if !(b2 > 0 && b2 < 1) {
			return usageErrorf("--beta2: each must be in (0, 1), got %g", b2)
		}
		c := plotting.RAdamCurve{Beta2: b2, Switch: optimizers.RAdamSwitch(b2, f.Until)}
		for k := 1; k <= f.Until; k++ {
			rho, inf := optimizers.RAdamRho(b2, k)
			r, _ := optimizers.RAdamRect(b2, k)
			c.Rho, c.Rect, c.RhoInf = append(c.Rho, rho), append(c.Rect, r), inf
		}
		sw, at := "never", "-"
		if c.Switch > 0 {
			sw, at = strconv.Itoa(c.Switch), strconv.FormatFloat(c.Rect[c.Switch-1], 'g', 4, 64)
		}
		at100 := "-"
		if f.Until >= 100 {
			at100 = strconv.FormatFloat(c.Rect[99], 'g', 4, 64)
		}
		t.row(strconv.FormatFloat(b2, 'g', -1, 64), strconv.FormatFloat(c.RhoInf, 'g', 6, 64), sw, at, at100, strconv.FormatFloat(c.Rect[f.Until-1], 'g', 4, 64))
		curves = append(curves, c)
	}
	t.flush()
	fmt.Fprintln(w, "(before the switch RAdam steps x ← x − lr·ŝ, SGD with momentum, whose size is lr times the gradient)")
	p, err := plotting.RAdamTerms(curves)
	if err != nil {
		return err
	}
	dir := f.Out
	if dir == "" {
		dir = filepath.Join("out", "describe-radam")
	}
	return writeFigure(o.IO, filepath.Join(dir, "rectification."+f.Format), f.Format, p)
}

// figureSurface is the --surface of describe's figures: a registered one
// at its defaults (halfpipe rotated by 30°, so that both coordinates move)
// or an expression.
func figureSurface(name string) (surfaces.Surface, error) {
	if e, _, ok, err := exprSurface("--surface", name, nil); ok {
		return e, err
	}
	if _, err := surfaceArgs("--surface", name, nil); err != nil {
		return nil, err
	}
	params := map[string]float64{}
	if name == "halfpipe" {
		params["angle"] = 30
	}
	s, err := surfaces.New(name, params, 2)
	if err != nil {
		return nil, usageErrorf("--surface: %v", err)
	}
	return s, nil
}

// describeRates runs AdaGrad and RMSProp at one lr from the surface's
// start and draws each coordinate's effective rate lr/(√G + eps): the
// accumulators are recomputed from the exact gradients at the iterates,
// which is what each optimizer saw. AdaGrad's only falls (G only grows);
// RMSProp's follows the recent gradient size.
func describeRates(o *DescribeOptions) error {
	f := o.Figures
	if !(f.LR > 0) || math.IsInf(f.LR, 0) {
		return usageErrorf("--lr: must be a finite number > 0, got %g", f.LR)
	}
	if f.Steps < 1 || f.Steps > 100000 {
		return usageErrorf("--steps: must be in [1, 100000], got %d", f.Steps)
	}
	s, err := figureSurface(f.Surface)
	if err != nil {
		return err
	}
	var series []plotting.RateSeries
	w := o.IO.Out
	t := newTable(w, "optimizer", "coordinate", "lr_eff at t = 1", "at t = 10", "at t = "+strconv.Itoa(f.Steps), "final loss")
	for k, name := range []string{"adagrad", "rmsprop"} {
		h, err := optimizers.Resolve(optimizers.Config{Name: name, Values: map[string]float64{"lr": f.LR}})
		if err != nil {
			return err
		}
		rates, final, err := theory.EffectiveRates(s, s.Start(), name, h.Values, f.Steps)
		if err != nil {
			return err
		}
		for i, r := range rates {
			series = append(series, plotting.RateSeries{Label: fmt.Sprintf("%s, x%d", name, i), Rate: r, Dash: i > 0, Color: k})
			at := func(step int) string {
				if step > len(r) {
					return "-"
				}
				return strconv.FormatFloat(r[step-1], 'g', 4, 64)
			}
			t.row(name, "x"+strconv.Itoa(i), at(1), at(10), at(f.Steps), strconv.FormatFloat(final, 'g', 4, 64))
		}
	}
	t.flush()
	p, err := plotting.EffectiveRates(fmt.Sprintf("effective rates lr/√G on %s, lr = %g", s.Name(), f.LR), series)
	if err != nil {
		return err
	}
	dir := f.Out
	if dir == "" {
		dir = filepath.Join("out", "describe-"+o.Name)
	}
	return writeFigure(o.IO, filepath.Join(dir, "rates."+f.Format), f.Format, p)
}

func describeMomentumForms(o *DescribeOptions) error {
	f := o.Figures
	if !(f.LR > 0) || math.IsInf(f.LR, 0) {
		return usageErrorf("--lr: must be a finite number > 0, got %g", f.LR)
	}
	if !(f.Momentum >= 0 && f.Momentum < 1) {
		return usageErrorf("--momentum: must be in [0, 1), got %g", f.Momentum)
	}
	if f.Steps < 1 || f.Steps > 100000 {
		return usageErrorf("--steps: must be in [1, 100000], got %d", f.Steps)
	}
	s, err := figureSurface(f.Surface)
	if err != nil {
		return err
	}
	runs, err := theory.MomentumForms(s, s.Start(), f.LR, f.Momentum, f.Steps)
	if err != nil {
		return err
	}
	w := o.IO.Out
	a := f.Momentum
	fmt.Fprintf(w, "Heavy-ball momentum in three forms (g = ∇f(x)):\n\n")
	for _, r := range runs {
		fmt.Fprintf(w, "    %-15s %s\n", r.Form+":", r.Rule)
	}
	fmt.Fprintf(w, "\nMapping at constant lr (exact in exact arithmetic):\n"+
		"    common (lr, α) ↔ standard (lr, α):            v_standard = −lr·v_common\n"+
		"    common (lr, α) ↔ ewma, v₀ = 0 (lr/(1−α), α):  v_ewma = (1−α)·v_common\n"+
		"    ewma with v₁ = g₁ (the lecture's, torch dampening = α) takes a first step lr/(1−α)·g₁,\n"+
		"    1/(1−α) = %.4g times the common form's lr·g₁, and never catches up exactly.\n"+
		"    (Under a schedule, standard differs too: lr enters its velocity, not the step.)\n\n", 1/(1-a))
	fmt.Fprintf(w, "Runs on %s from %s, %d steps, common lr = %g, α = %g:\n", s.Name(), vec(s.Start()), f.Steps, f.LR, a)
	t := newTable(w, "    form", "lr", "momentum", "first-step deviation", "max deviation from common", "final loss")
	for _, r := range runs {
		last := r.Path[len(r.Path)-1]
		fl := "diverged"
		if len(r.Path) == f.Steps+1 {
			fl = strconv.FormatFloat(s.Loss(last), 'g', 6, 64)
		}
		t.row("    "+r.Form, strconv.FormatFloat(r.LR, 'g', 6, 64), strconv.FormatFloat(r.Alpha, 'g', 6, 64),
			strconv.FormatFloat(r.FirstDev, 'g', 3, 64), strconv.FormatFloat(r.MaxDev, 'g', 3, 64), fl)
	}
	t.flush()
	l, err := runner.LandscapeOf(s)
	if err != nil {
		return err
	}
	var truns []trace.Run
	for _, r := range runs {
		tr := trace.Run{Label: r.Form, Optimizer: "momentum", Status: trace.MaxSteps}
		if len(r.Path) != f.Steps+1 {
			tr.Status = trace.Diverged
		}
		for k, x := range r.Path {
			tr.Points = append(tr.Points, trace.Point{Step: k, X: x, Loss: s.Loss(x), LR: r.LR})
		}
		tr.StopStep = len(r.Path) - 1
		truns = append(truns, tr)
	}
	p, err := plotting.Trajectory(l, truns, plotting.TrajectoryOptions{})
	if err != nil {
		return err
	}
	p.Title.Text = fmt.Sprintf("momentum forms on %s: common = standard = zero-start ewma; v₁ = g₁ differs", s.Name())
	dir := f.Out
	if dir == "" {
		dir = filepath.Join("out", "describe-momentum")
	}
	return writeFigure(o.IO, filepath.Join(dir, "forms."+f.Format), f.Format, p)
}
