package runner

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/problem"
)

// LandscapeOf presents a 2-D problem to the figures as plain data: its
// name, f(x, y), its default window, its standard start and its marked
// minima and saddles, each asked of the problem's capabilities (a window
// is required; a start and known points are drawn when it has them). It is
// the one place where figures meet the problem seam. The result caches the
// grids it is sampled on (see plotting.Landscape.Cached): pass the same
// value to every figure of one command.
func LandscapeOf(p problem.Objective) (plotting.Landscape, error) {
	name := nameOf(p)
	if p.Dim() != 2 {
		return plotting.Landscape{}, fmt.Errorf("%s is %d-D; landscapes are drawn for 2-D problems only", name, p.Dim())
	}
	w, ok := p.(problem.Windowed)
	if !ok {
		return plotting.Landscape{}, fmt.Errorf("%s has no plotting window", name)
	}
	lo, hi := w.Bounds()
	if len(lo) != 2 || len(hi) != 2 {
		return plotting.Landscape{}, fmt.Errorf("%s: bad plotting window %v–%v", name, lo, hi)
	}
	l := plotting.Landscape{
		Name: name,
		F:    lossFunc{p},
		Lo:   [2]float64{lo[0], lo[1]},
		Hi:   [2]float64{hi[0], hi[1]},
	}
	if s, ok := p.(problem.Starter); ok {
		if st := s.Start(); len(st) >= 2 {
			l.Start = st[:2]
		}
	}
	for _, m := range problem.MinimaOf(p) {
		pt := plotting.Landmark{Name: m.Name, X: math.NaN(), Y: math.NaN(), Value: m.Value}
		if len(m.X) >= 2 {
			pt.X, pt.Y = m.X[0], m.X[1]
		}
		if !m.Kind.IsMin() {
			pt.Kind = plotting.Saddle
		}
		l.Points = append(l.Points, pt)
	}
	return l.Cached(), nil
}

// nameOf is the problem's name for titles, when it has one.
func nameOf(p problem.Objective) string {
	if n, ok := p.(interface{ Name() string }); ok {
		return n.Name()
	}
	return "problem"
}

// lossFunc is a 2-D problem's f(x, y).
type lossFunc struct{ p problem.Objective }

// At returns f(x, y).
func (f lossFunc) At(x, y float64) float64 { return f.p.Loss([]float64{x, y}) }
