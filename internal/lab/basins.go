package lab

import (
	"math"

	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// Basin names that are not a minimum's: a run whose end point is farther
// than the radius from every known minimum, and a run that diverged
// (its end point is no place to classify).
const (
	BasinNone     = "none"
	BasinDiverged = "diverged"
)

// perSpec is the number of runs of each RunSpec: every start, Repeats
// times each (start-major, repeat-minor).
func (e *Experiment) perSpec() int {
	return max(len(e.Starts), 1) * e.repeats()
}

// startOf is where run i starts: its start of Starts, else Start.
func (e *Experiment) startOf(i int) []float64 {
	if len(e.Starts) == 0 {
		return e.Start
	}
	return e.Starts[(i%e.perSpec())/e.repeats()]
}

// StartIndex is the index into Starts of run i's start (0 without Starts).
func (e *Experiment) StartIndex(i int) int {
	if len(e.Starts) == 0 {
		return 0
	}
	return (i % e.perSpec()) / e.repeats()
}

// BasinOf classifies an end point: the name of the nearest known minimum
// (saddles are no basins) within radius of x, else BasinNone. A point
// that is not finite is BasinDiverged.
func BasinOf(x []float64, minima []problem.Point, radius float64) string {
	if !finiteVec(x) {
		return BasinDiverged
	}
	best, name := math.Inf(1), BasinNone
	for _, m := range minima {
		if !m.Kind.IsMin() || len(m.X) != len(x) {
			continue
		}
		var d float64
		for i := range x {
			d += (x[i] - m.X[i]) * (x[i] - m.X[i])
		}
		if d = math.Sqrt(d); d <= radius && d < best {
			best, name = d, m.Name
		}
	}
	return name
}

// basinOfRun classifies a finished run of e: diverged runs are
// BasinDiverged, the others by their last finite point.
func (e *Experiment) basinOfRun(r trace.Run) string {
	if r.Status == trace.Diverged {
		return BasinDiverged
	}
	x := r.FinalX
	if x == nil {
		last, ok := r.Last()
		if !ok {
			return BasinDiverged
		}
		x = last.X
	}
	return BasinOf(x, e.KnownMinima(), e.BasinRadius)
}

// BasinFractions is the fraction of runs per basin: every known minimum
// and BasinNone always (0 when no run ended there), BasinDiverged when
// some run diverged.
func BasinFractions(basins []string, minima []problem.Point) map[string]float64 {
	out := map[string]float64{BasinNone: 0}
	for _, m := range minima {
		if m.Kind.IsMin() {
			out[m.Name] = 0
		}
	}
	if len(basins) == 0 {
		return out
	}
	count := map[string]int{}
	for _, b := range basins {
		count[b]++
	}
	for b, k := range count {
		out[b] = float64(k) / float64(len(basins))
	}
	return out
}
