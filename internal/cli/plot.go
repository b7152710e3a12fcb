package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/smoothing"
	"github.com/optlab/optlab/internal/trace"
)

// PlotOptions are the inputs of `optlab plot KIND`.
type PlotOptions struct {
	IO      *IOStreams
	Kind    string      // trajectory, loss, surface, smoothing
	From    string      // saved run folder (trajectory, loss)
	Out     string      // output file; the extension picks the format
	Smooth  string      // loss: ewma:0.9, sma:10, wma:3,2,1
	LRPanel bool        // loss: the lr schedules in a strip underneath
	Metric  string      // loss of a data run: loss, accuracy, or a column such as test_acc
	Figure  figureFlags // --window (trajectory), --log-steps (loss)
	// surface
	Surface string
	Params  []string
	// smoothing
	Alphas []float64
	Seed   uint64
	// trajectory --gif
	GIF gifFlags
}

// NewCmdPlot builds `optlab plot`, with one subcommand per figure.
func NewCmdPlot(ios *IOStreams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plot",
		Short: "Draw figures: from a saved run, of a surface, or of smoothing",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageErrorf("plot: name a figure: trajectory, loss, surface or smoothing (see 'optlab plot --help')")
		},
	}
	cmd.AddCommand(
		newCmdPlotFromRun(ios, "trajectory", nil),
		newCmdPlotFromRun(ios, "loss", nil),
		NewCmdPlotBoundary(ios, nil),
		NewCmdPlotSurface(ios, nil),
		NewCmdPlotSmoothing(ios, nil),
		NewCmdPlotNewton(ios, nil),
		NewCmdPlotBasins(ios, nil),
		NewCmdPlotLandscape(ios, nil),
	)
	return cmd
}

func newCmdPlotFromRun(ios *IOStreams, kind string, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: ios, Kind: kind}
	cmd := &cobra.Command{
		Use:     kind,
		Short:   "Re-draw " + kind + " from a saved run (trace.csv + summary.json), without re-running",
		Example: fmt.Sprintf("  optlab plot %s --from out/rosenbrock\n  optlab plot %s --from out/rosenbrock --out slides/%s.svg", kind, kind, kind),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.From == "" {
				return usageErrorf("plot %s: --from DIR is required (a folder written by optlab run or compare)", kind)
			}
			var gif *plotting.GIFOptions
			if kind == "trajectory" { // the only one with --gif
				var err error
				if gif, err = opts.GIF.options(); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			if gif != nil {
				return writeGIF(opts.IO, opts.From, opts.Out, gif)
			}
			return runPlotFromRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "folder of a saved run")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default DIR/"+kind+".png)")
	if kind == "trajectory" {
		addGIFFlags(cmd.Flags(), &opts.GIF)
		cmd.Flags().Lookup("gif").Usage = "write DIR/trajectory.gif (or --out X.gif): the paths growing step by step"
	}
	if kind == "loss" {
		cmd.Flags().StringVar(&opts.Smooth, "smooth", "", "smooth the curves (of log-loss): ewma:0.9, ewma_bc:0.9, sma:10 or wma:3,2,1; written beside loss.png as loss-ewma0.9.png")
		cmd.Flags().BoolVar(&opts.LRPanel, "lr-panel", false, "draw each run's learning-rate schedule in a strip under the curves")
		cmd.Flags().StringVar(&opts.Metric, "metric", "", "a run on data: loss (default), accuracy, or a trace column such as test_acc")
	}
	if kind == "loss" {
		addFigureFlags(cmd.Flags(), &opts.Figure, false)
	} else {
		cmd.Flags().StringVar(&opts.Figure.Window, "window", "", `window "x0,x1,y0,y1", or "auto" to fit every path (default: the surface's)`)
	}
	return cmd
}

func runPlotFromRun(o *PlotOptions) error {
	if t, ok, err := dataTrace(o.From); err == nil && ok {
		if o.Kind != "loss" {
			return usageErrorf("plot %s: %s is a run on data; draw loss (--metric) or boundary", o.Kind, o.From)
		}
		return runPlotDataLoss(o, t)
	}
	if o.Metric != "" {
		return usageErrorf("--metric: only for runs on data (a problem block); %s is a surface run", o.From)
	}
	var smooth func([]float64) []float64
	if o.Smooth != "" {
		var err error
		if smooth, err = smoothing.Parse(o.Smooth); err != nil {
			return usageErrorf("--smooth: %v", err)
		}
	}
	var fo runner.FigureOptions
	if err := o.Figure.figureOptions(&fo); err != nil {
		return err
	}
	if o.LRPanel && fo.XAxis != trace.Steps {
		return usageErrorf("--lr-panel: the schedules are drawn against steps; not with --x %s", fo.XAxis)
	}
	stem := o.Kind
	if o.Smooth != "" {
		stem += "-" + smoothedName(o.Smooth) // beside loss.png, never over it
	}
	out, format, err := figurePath(o.Out, filepath.Join(o.From, stem+".png"))
	if err != nil {
		return err
	}
	sum, runs, err := trace.ReadDir(o.From)
	if err != nil {
		return usageErrorf("--from %s: %v", o.From, err)
	}
	s, err := runner.SavedLandscape(sum)
	if err != nil {
		return usageErrorf("--from %s: %v", o.From, err)
	}
	if o.Kind == "trajectory" && s.Dim() != 2 {
		return usageErrorf("plot trajectory: %s is %d-D; trajectories are drawn for 2-D surfaces only", sum.Surface, s.Dim())
	}
	fo.Only, fo.Smooth, fo.SmoothLabel, fo.FStar, fo.LRPanel = o.Kind, smooth, o.Smooth, sum.FStar, o.LRPanel
	fo.XScale = trace.XScales(sum, fo.XAxis)
	fo.Heading = runner.Heading(sum.Name, sum.Surface, sum.SurfaceParams, sum.Dim)
	lrs := map[string]float64{}
	for _, r := range sum.Runs {
		lrs[r.Label] = r.LR
	}
	fo.Notes = runner.LRNotes(lrs, nil) // summary.json does not say which rates --lr set
	if sum.TestShift != nil {
		fo.TestLoss = runner.TestLossOf(sum.Metrics)
	}
	figs, err := runner.Figures(s, runs, fo)
	if err != nil {
		return err
	}
	return writeFigure(o.IO, out, format, figs[0].Plot)
}

// figurePath returns the output path and format (by extension).
func figurePath(out, def string) (string, string, error) {
	if out == "" {
		out = def
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	switch ext {
	case "png", "svg", "pdf":
		return out, ext, nil
	}
	return "", "", usageErrorf("--out: the extension picks the format: .png, .svg or .pdf, got %q", out)
}

// writeFigure writes one figure atomically and says where.
func writeFigure(ios *IOStreams, path, format string, p *plot.Plot) error {
	d, err := output.Begin(filepath.Dir(path))
	if err != nil {
		return err
	}
	if err := d.Write(filepath.Base(path), func(w io.Writer) error { return encode.Save(w, p, format, 0, 0) }); err != nil {
		d.Abort()
		return err
	}
	if err := d.Commit(); err != nil {
		return err
	}
	fmt.Fprintln(ios.Out, path)
	return nil
}
