package cli

import (
	"context"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// NewCmdPlotBasins builds `optlab plot basins --from DIR`: a basin
// experiment's figure (a config with starts:) re-drawn from its trace.csv
// (each run's start and end) and summary.json (each run's basin).
func NewCmdPlotBasins(ios *IOStreams, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: ios, Kind: runner.BasinsName}
	cmd := &cobra.Command{
		Use:     "basins",
		Short:   "Re-draw where each start of a basin experiment ends (basins.png), without re-running",
		Example: "  optlab plot basins --from out/sharp-vs-flat\n  optlab plot basins --from out/sharp-vs-flat --out slides/basins.svg",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.From == "" {
				return usageErrorf("plot basins: --from DIR is required (a folder written by optlab run of a config with starts:)")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotBasins(opts)
		},
	}
	cmd.Flags().StringVar(&opts.From, "from", "", "folder of a saved run")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default DIR/basins.png)")
	cmd.Flags().StringVar(&opts.Figure.Window, "window", "", `window "x0,x1,y0,y1" (default: the window the starts cover)`)
	return cmd
}

func runPlotBasins(o *PlotOptions) error {
	var fo runner.FigureOptions
	if err := o.Figure.figureOptions(&fo); err != nil {
		return err
	}
	if fo.AutoWindow {
		return usageErrorf("--window: auto is for trajectories; give \"x0,x1,y0,y1\" or leave it out for the starts' window")
	}
	out, format, err := figurePath(o.Out, filepath.Join(o.From, runner.BasinsName+".png"))
	if err != nil {
		return err
	}
	sum, runs, err := trace.ReadDir(o.From)
	if err != nil {
		return usageErrorf("--from %s: %v", o.From, err)
	}
	if sum.Starts == nil {
		return usageErrorf("--from %s: not a basin experiment (its config has no starts: block); draw trajectory or loss", o.From)
	}
	s, err := runner.SavedLandscape(sum)
	if err != nil {
		return usageErrorf("--from %s: %v", o.From, err)
	}
	if s.Dim() != 2 {
		return usageErrorf("plot basins: %s is %d-D; basins are drawn for 2-D surfaces only", sum.Surface, s.Dim())
	}
	fo.Heading = runner.Heading(sum.Name, sum.Surface, sum.SurfaceParams, sum.Dim)
	p, err := runner.BasinsFigure(s, runs, sum.Starts, fo)
	if err != nil {
		return err
	}
	return writeFigure(o.IO, out, format, p)
}
