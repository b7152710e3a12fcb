package cli

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/surfaces"
)

// NewCmdPlotSurface builds `optlab plot surface NAME`.
func NewCmdPlotSurface(ios *IOStreams, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: ios, Kind: "surface"}
	cmd := &cobra.Command{
		Use:     "surface NAME",
		Short:   "Draw a surface's landscape alone: contours, minima, saddles and the standard start",
		Example: "  optlab plot surface himmelblau\n  optlab plot surface halfpipe --param kappa=50 --param angle=30 --out pipe.svg",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Surface = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotSurface(opts)
		},
	}
	cmd.Flags().StringSliceVar(&opts.Params, "param", nil, "surface parameter NAME=VALUE (repeatable)")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default out/surface-NAME.png)")
	return cmd
}

func runPlotSurface(o *PlotOptions) error {
	s, _, isExpr, err := exprSurface("plot surface", o.Surface, o.Params)
	if err != nil {
		return err
	}
	name := o.Surface
	if isExpr {
		name = "expr"
	} else {
		params, err := surfaceArgs("plot surface", o.Surface, o.Params)
		if err != nil {
			return err
		}
		if s, err = surfaces.New(o.Surface, params, 2); err != nil {
			return usageErrorf("--param: %v", err)
		}
	}
	out, format, err := figurePath(o.Out, "out/surface-"+name+".png")
	if err != nil {
		return err
	}
	l, err := runner.LandscapeOf(s)
	if err != nil {
		return err
	}
	p, err := plotting.SurfaceFigure(l, plotting.SurfaceOptions{})
	if err != nil {
		return err
	}
	return writeFigure(o.IO, out, format, p)
}

// NewCmdPlotSmoothing builds `optlab plot smoothing`.
func NewCmdPlotSmoothing(ios *IOStreams, runF func(context.Context, *PlotOptions) error) *cobra.Command {
	opts := &PlotOptions{IO: ios, Kind: "smoothing"}
	cmd := &cobra.Command{
		Use:   "smoothing",
		Short: "Draw the teaching figure of EWMA (lag and start-up bias), SMA and WMA on a noisy signal",
		Example: "  optlab plot smoothing --alphas 0.5,0.9,0.98\n" +
			"  optlab plot smoothing --out slides/ewma.svg",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, a := range opts.Alphas {
				if !(a > 0 && a < 1) {
					return usageErrorf("--alphas: each α must be in (0, 1), got %g", a)
				}
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlotSmoothing(opts)
		},
	}
	cmd.Flags().Float64SliceVar(&opts.Alphas, "alphas", []float64{0.5, 0.9, 0.98}, "EWMA factors α to draw")
	cmd.Flags().Uint64Var(&opts.Seed, "seed", 1, "seed of the noisy signal")
	cmd.Flags().StringVarP(&opts.Out, "out", "o", "", "output file, .png, .svg or .pdf (default out/smoothing.png; the start-up bias figure goes beside it as …-bias)")
	return cmd
}

func runPlotSmoothing(o *PlotOptions) error {
	out, format, err := figurePath(o.Out, "out/smoothing.png")
	if err != nil {
		return err
	}
	so := plotting.SmoothingOptions{Alphas: o.Alphas, Seed: o.Seed}
	p, err := plotting.SmoothingFigure(so)
	if err != nil {
		return err
	}
	if err := writeFigure(o.IO, out, format, p); err != nil {
		return err
	}
	bias, err := plotting.SmoothingBiasFigure(so)
	if err != nil {
		return err
	}
	ext := "." + format
	return writeFigure(o.IO, strings.TrimSuffix(out, ext)+"-bias"+ext, format, bias)
}
