package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"gonum.org/v1/plot/vg"

	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// NewCmdPlotBoundary builds `optlab plot boundary --from DIR`: the decision
// regions of a saved run on 2-D data, re-drawn from DIR/boundary.csv.
func NewCmdPlotBoundary(ios *IOStreams, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: ios, Kind: "boundary"}
	cmd := &cobra.Command{
		Use:     "boundary",
		Short:   "Re-draw the decision regions of a saved run on 2-D data (boundary.csv), without re-running",
		Example: "  optlab plot boundary --from out/moons-mlp\n  optlab plot boundary --from out/moons-mlp --out slides/boundary.svg",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.From == "" {
				return usageErrorf("plot boundary: --from DIR is required (a folder written by optlab run on 2-D data)")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotBoundary(opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "folder of a saved run")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default DIR/boundary.png)")
	return cmd
}

func runPlotBoundary(o *PlotOptions) error {
	out, format, err := figurePath(o.Out, filepath.Join(o.From, "boundary.png"))
	if err != nil {
		return err
	}
	b, err := runner.ReadBoundary(o.From)
	if os.IsNotExist(err) {
		return usageErrorf("--from %s: no %s: decision regions are saved for classifiers on 2-D data", o.From, runner.BoundaryFile)
	}
	if err != nil {
		return usageErrorf("--from %s: %v", o.From, err)
	}
	fig, err := runner.BoundaryFigure(b)
	if err != nil {
		return err
	}
	w, h := runner.FigureSize("boundary", len(b.Panels))
	return writeSized(o.IO, out, format, fig, w, h)
}

// dataTrace reads DIR/trace.csv when its columns are a problem's own (a
// model on data), else reports false.
func dataTrace(dir string) (*trace.Table, bool, error) {
	f, err := os.Open(filepath.Join(dir, "trace.csv"))
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	t, err := trace.ReadTable(f)
	if err != nil {
		return nil, false, err
	}
	for _, c := range t.Columns {
		if c == "epoch" {
			return t, true, nil
		}
	}
	return nil, false, nil
}

// runPlotDataLoss re-draws loss (or --metric) against the epoch.
func runPlotDataLoss(o *PlotOptions, t *trace.Table) error {
	def := "loss.png"
	if o.Metric != "" {
		def = o.Metric + ".png"
	}
	out, format, err := figurePath(o.Out, filepath.Join(o.From, def))
	if err != nil {
		return err
	}
	x, err := o.Figure.xAxis()
	if err != nil {
		return err
	}
	var scales map[string]float64
	if x != trace.Steps {
		sum, err := readSummaryFile(o.From)
		if err != nil {
			return usageErrorf("--from %s: %v", o.From, err)
		}
		scales = trace.EpochScales(sum, x)
	}
	fig, err := runner.EpochFigureOn(t, o.Metric, x, scales)
	if err != nil {
		return usageErrorf("--metric: %v", err)
	}
	return writeSized(o.IO, out, format, fig, 0, 0)
}

// writeSized is writeFigure at a given size (0, 0: the default).
func writeSized(ios *IOStreams, path, format string, fig runner.Figure, w, h vg.Length) error {
	d, err := output.Begin(filepath.Dir(path))
	if err != nil {
		return err
	}
	if err := d.Write(filepath.Base(path), func(wr io.Writer) error { return encode.Save(wr, fig.Plot, format, w, h) }); err != nil {
		d.Abort()
		return err
	}
	if err := d.Commit(); err != nil {
		return err
	}
	fmt.Fprintln(ios.Out, path)
	return nil
}

// readSummaryFile reads DIR/summary.json.
func readSummaryFile(dir string) (*trace.Summary, error) {
	f, err := os.Open(filepath.Join(dir, output.SummaryFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return trace.ReadSummary(f)
}
