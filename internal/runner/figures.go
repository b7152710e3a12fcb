package runner

import (
	"fmt"
	"sort"
	"strconv"

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
	// Heading names the experiment in titles ("quickstart · rosenbrock
	// a=1 b=100 · 2-D"; see Heading); "" takes the surface's name.
	Heading string
	// LogSteps draws the loss figure's step axis on a log scale.
	LogSteps bool
	// WindowLo and WindowHi fix the trajectory's window (nil: the
	// surface's, the same for every run of it); AutoWindow fits it to
	// the paths instead.
	WindowLo, WindowHi []float64
	AutoWindow         bool
	// Notes follow a label in the legends (LRNotes: each run's rate).
	Notes map[string]string
	// TestLoss, if set, adds each run's test loss to the loss figure,
	// dashed (TestLossOf).
	TestLoss func(trace.Point) float64
	// XAxis is the loss figure's x axis (zero: steps); XScale its cost
	// per step by label (trace.XScales of the run's summary).
	XAxis  trace.XAxis
	XScale map[string]float64
}

// LRNotes are the legend notes naming each label's learning rate as the
// run had it (after lr scaling: summary.json's per-run lr), marked
// "(--lr)" for the labels in flagged, whose rate the command line set.
func LRNotes(lrs map[string]float64, flagged map[string]bool) map[string]string {
	notes := make(map[string]string, len(lrs))
	for label, lr := range lrs {
		if !(lr > 0) {
			continue // a rate-free method (Newton) or an unknown rate
		}
		n := "lr " + strconv.FormatFloat(lr, 'g', 4, 64)
		if flagged[label] {
			n += " (--lr)"
		}
		notes[label] = n
	}
	return notes
}

// Heading is a figure title's name of an experiment: its config name,
// the surface with its parameters, and the dimension.
func Heading(name, surface string, params map[string]float64, dim int) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := surface
	for _, k := range keys {
		s += fmt.Sprintf(" %s=%g", k, params[k])
	}
	if name != "" && name != surface {
		s = name + " · " + s
	}
	return s + fmt.Sprintf(" · %d-D", dim)
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
		to := plotting.TrajectoryOptions{Lo: o.WindowLo, Hi: o.WindowHi, AutoWindow: o.AutoWindow, Notes: o.Notes}
		if o.Heading != "" {
			to.Title = o.Heading + ": trajectories"
		}
		p, err := plotting.Trajectory(l, runs, to)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: "trajectory", Plot: p})
	}
	if o.Only == "" || o.Only == "loss" {
		head := o.Heading
		if head == "" {
			head = nameOf(s)
		}
		lo := plotting.LossOptions{Smooth: o.Smooth, Title: head + ": loss", LogSteps: o.LogSteps, LRPanel: o.LRPanel, Notes: o.Notes,
			TestLoss: o.TestLoss}
		if o.XAxis != "" && o.XAxis != trace.Steps {
			lo.XScale, lo.XLabel = o.XScale, o.XAxis.Label("step")
		}
		if o.SmoothLabel != "" {
			lo.Title += ", smoothed " + o.SmoothLabel
		}
		if o.FStar != nil {
			lo.FMin = *o.FStar
		} else if fstar, ok := problem.FStar(problem.MinimaOf(s)); ok {
			lo.FMin = fstar
		} else {
			lo.NoFStar = true // never a run's own lowest loss
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
