package runner

import (
	"fmt"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// BasinsName is the stem of a basin experiment's figure (basins.png).
const BasinsName = "basins"

// figureKinds are the figures of an experiment: a basin experiment (runs
// from many starts, summary.json's starts block) draws basins.png only —
// its trace keeps each run's start and end, and hundreds of paths or
// loss curves per label would show nothing; otherwise the trajectory
// (2-D) and the loss.
func figureKinds(landscape problem.Objective, starts *trace.StartsSummary) []string {
	two := landscape != nil && landscape.Dim() == 2
	switch {
	case starts != nil && two:
		return []string{BasinsName}
	case two:
		return []string{"trajectory", "loss"}
	}
	return []string{"loss"}
}

// BasinsFigure draws the basins figure of a basin experiment: one panel
// per label, each start coloured by the basin its run ended in, over the
// window the starts cover (o.WindowLo/WindowHi win when set).
func BasinsFigure(s problem.Objective, runs []trace.Run, starts *trace.StartsSummary, o FigureOptions) (*plot.Plot, error) {
	if s == nil || s.Dim() != 2 {
		return nil, fmt.Errorf("runner: basins are drawn for 2-D surfaces only")
	}
	if starts == nil {
		return nil, fmt.Errorf("runner: not a basin experiment (summary.json has no starts block)")
	}
	l, err := o.landscape(s)
	if err != nil {
		return nil, err
	}
	bo := plotting.BasinsOptions{Lo: starts.Lo, Hi: starts.Hi, Grid: starts.Grid}
	if o.WindowLo != nil || o.WindowHi != nil {
		bo.Lo, bo.Hi = o.WindowLo, o.WindowHi
	}
	head := o.Heading
	if head == "" {
		head = nameOf(s)
	}
	bo.Title = fmt.Sprintf("%s: where each of %d starts ends (radius %.3g)", head, starts.Count, starts.Radius)
	return plotting.Basins(l, runs, bo)
}
