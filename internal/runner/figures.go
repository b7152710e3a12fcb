package runner

import (
	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// FigureOptions tune Figures.
type FigureOptions struct {
	// Smooth is applied to every loss curve at full resolution (nil: none).
	Smooth func([]float64) []float64
	// SmoothLabel names the smoothing in the figure ("ewma:0.9").
	SmoothLabel string
	// Only draws just the named figure ("trajectory" or "loss") when set.
	Only string
	// FStar is subtracted from losses (nil: the surface's lowest minimum).
	FStar *float64
	// Landscape is the surface as figures see it (LandscapeOf), with its
	// cache of sampled grids; nil: Figures converts the surface itself.
	// Callers that draw several figures of one surface pass the same one.
	Landscape *plotting.Landscape
	// LRPanel draws the lr schedules under the loss curves.
	LRPanel bool
}

// Figures draws the figures of an experiment: the trajectory over the
// landscape (2-D surfaces only) and the loss curves.
func Figures(s problem.Objective, runs []trace.Run, o FigureOptions) ([]Figure, error) {
	var figs []Figure
	if s != nil && s.Dim() == 2 && (o.Only == "" || o.Only == "trajectory") {
		l, err := o.landscape(s)
		if err != nil {
			return nil, err
		}
		p, err := plotting.Trajectory(l, runs, plotting.TrajectoryOptions{})
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: "trajectory", Plot: p})
	}
	if o.Only == "" || o.Only == "loss" {
		lo := plotting.LossOptions{Smooth: o.Smooth, Title: nameOf(s) + ": loss", LRPanel: o.LRPanel}
		if o.SmoothLabel != "" {
			lo.Title += ", smoothed " + o.SmoothLabel
		}
		if o.FStar != nil {
			lo.FMin = *o.FStar
		} else if fstar, ok := problem.FStar(problem.MinimaOf(s)); ok {
			lo.FMin = fstar
		}
		p, err := plotting.Loss(runs, lo)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: "loss", Plot: p})
	}
	return figs, nil
}

func (o FigureOptions) landscape(s problem.Objective) (plotting.Landscape, error) {
	if o.Landscape != nil {
		return *o.Landscape, nil
	}
	return LandscapeOf(s)
}

// SavedLandscape rebuilds, from a saved run's summary, the surface its runs
// descended (see lab.Experiment.Landscape): the finite-sum dataset is drawn
// again from the saved seed, so the landscape is the same one.
func SavedLandscape(sum *trace.Summary) (problem.Objective, error) {
	s, err := surfaces.New(sum.Surface, sum.SurfaceParams, sum.Dim)
	if err != nil {
		return nil, err
	}
	n := sum.Noise
	if n == nil || n.Model != noise.FiniteSum {
		return s, nil
	}
	c := noise.Config{Model: n.Model, Batch: 1, Spread: n.Spread, Examples: n.Examples}
	obj, err := noise.New(s, c, sum.Seed)
	if err != nil {
		return nil, err
	}
	return noise.Landscape(s, obj, problem.Polish(obj.(problem.Polishable), s.Minima())), nil
}
