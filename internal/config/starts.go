package config

import (
	"math"
	"strconv"

	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/random"
	"github.com/optlab/optlab/internal/trace"
)

// StartsSpec is the starts block: many starts over the surface's window,
// each run by every optimizer (repeats times), and where each run ends
// classified by basin (docs/config.md, "starts").
type StartsSpec struct {
	// Grid is [nx, ny]: the centres of an nx × ny grid of cells over the
	// window, so that drawn as tiles they cover it.
	Grid []int `cfg:"grid"`
	// Random is a number of starts drawn uniformly in the window from the
	// experiment's seed.
	Random *int `cfg:"random"`
	// Radius is how close to a minimum an end point must be to count as
	// in its basin (default DefaultBasinFraction of the window's diagonal).
	Radius *float64 `cfg:"radius"`
}

// Bounds of the starts block: each grid side and the random count (a
// basin figure draws one marker per start; past a few thousand they are
// a blur and the runs take minutes).
const (
	MaxGridSide  = 100
	MaxStarts    = 10000
	randomTag    = 0x5a7a // the random starts' stream of the seed
	defaultBasin = 0.05
)

// DefaultBasinFraction is the default basin radius as a fraction of the
// window's diagonal: 0.43 on sharpflat, whose minima are 3 apart.
const DefaultBasinFraction = defaultBasin

// Validate checks the block (nil: none); dim is the surface's dimension
// (0 when unknown): starts cover a 2-D window.
func (s *StartsSpec) Validate(dim int) fielderr.List {
	var problems fielderr.List
	if s == nil {
		return nil
	}
	switch {
	case s.Grid == nil && s.Random == nil:
		problems.Add("", "needs grid: [nx, ny] or random: K")
	case s.Grid != nil && s.Random != nil:
		problems.Add("", "give grid or random, not both")
	}
	if s.Grid != nil {
		if len(s.Grid) != 2 {
			problems.Add("grid", "must be [nx, ny], got %d number(s)", len(s.Grid))
		}
		for i, n := range s.Grid {
			if n < 1 || n > MaxGridSide {
				problems.Add(gridPath(i), "must be between 1 and %d, got %d", MaxGridSide, n)
			}
		}
	}
	if s.Random != nil && (*s.Random < 1 || *s.Random > MaxStarts) {
		problems.Add("random", "must be between 1 and %d, got %d", MaxStarts, *s.Random)
	}
	if r := s.Radius; r != nil && (!(*r > 0) || math.IsInf(*r, 0)) {
		problems.Add("radius", "must be a finite number > 0, got %g", *r)
	}
	if dim > 0 && dim != 2 {
		problems.Add("", "covers a 2-D window; the surface is %d-D", dim)
	}
	return problems
}

func gridPath(i int) string { return "grid[" + strconv.Itoa(i) + "]" }

// points are the starts over the window [lo, hi].
func (s *StartsSpec) points(lo, hi []float64, seed uint64) [][]float64 {
	var pts [][]float64
	if s.Grid != nil {
		nx, ny := s.Grid[0], s.Grid[1]
		for j := 0; j < ny; j++ { // row by row, bottom up
			for i := 0; i < nx; i++ {
				pts = append(pts, []float64{
					lo[0] + (float64(i)+0.5)*(hi[0]-lo[0])/float64(nx),
					lo[1] + (float64(j)+0.5)*(hi[1]-lo[1])/float64(ny),
				})
			}
		}
		return pts
	}
	r := random.New(seed, randomTag)
	for k := 0; k < *s.Random; k++ {
		x := make([]float64, len(lo))
		for i := range x {
			x[i] = lo[i] + r.Float()*(hi[i]-lo[i])
		}
		pts = append(pts, x)
	}
	return pts
}

// radius is the basin radius: given, or a fraction of the window's diagonal.
func (s *StartsSpec) radius(lo, hi []float64) float64 {
	if s.Radius != nil {
		return *s.Radius
	}
	var d float64
	for i := range lo {
		d += (hi[i] - lo[i]) * (hi[i] - lo[i])
	}
	return DefaultBasinFraction * math.Sqrt(d)
}

// RecordEverySet reports whether record_every was given (file, flag or
// environment) rather than defaulted, so that a writer of configs can
// leave a defaulted one out and a basin experiment keeps its default.
func (f *File) RecordEverySet() bool { return f.recordSet }

// applyStarts makes e a basin experiment: every run from every start,
// end points classified. Unless record_every was given, trace.csv keeps
// only each run's start and end (hundreds of runs × every step is a file
// nobody reads; the figure needs just those two points).
func (f *File) applyStarts(e *lab.Experiment, lo, hi []float64) {
	s := f.Starts
	e.Starts = s.points(lo, hi, f.Seed)
	e.Start = e.Starts[0]
	e.BasinRadius = s.radius(lo, hi)
	if !f.recordSet {
		e.RecordEvery = max(f.Steps, 1)
	}
	e.Report.Starts = &trace.StartsSummary{Grid: s.Grid, Count: len(e.Starts),
		Lo: lo, Hi: hi, Radius: e.BasinRadius}
	if s.Random != nil {
		e.Report.Starts.Random = *s.Random
	}
}
