package runner

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/surfaces"
)

// LandscapeOf presents a 2-D surface to the figures as plain data: its
// name, f(x, y), its default window, its standard start and its marked
// minima and saddles. It is the one place where figures meet
// surfaces.Surface, so a change of that interface is a change of this
// file alone. The result caches the grids it is sampled on (see
// plotting.Landscape.Cached): pass the same value to every figure of
// one command.
func LandscapeOf(s surfaces.Surface) (plotting.Landscape, error) {
	if s.Dim() != 2 {
		return plotting.Landscape{}, fmt.Errorf("%s is %d-D; landscapes are drawn for 2-D surfaces only", s.Name(), s.Dim())
	}
	lo, hi := s.Bounds()
	if len(lo) != 2 || len(hi) != 2 {
		return plotting.Landscape{}, fmt.Errorf("%s: bad plotting window %v–%v", s.Name(), lo, hi)
	}
	l := plotting.Landscape{
		Name: s.Name(),
		F:    surfaceFunc{s},
		Lo:   [2]float64{lo[0], lo[1]},
		Hi:   [2]float64{hi[0], hi[1]},
	}
	if st := s.Start(); len(st) >= 2 {
		l.Start = st[:2]
	}
	for _, m := range s.Minima() {
		p := plotting.Landmark{Name: m.Name, X: math.NaN(), Y: math.NaN(), Value: m.Value}
		if len(m.X) >= 2 {
			p.X, p.Y = m.X[0], m.X[1]
		}
		if m.Kind == "saddle" {
			p.Kind = plotting.Saddle
		}
		l.Points = append(l.Points, p)
	}
	return l.Cached(), nil
}

// surfaceFunc is a 2-D surface's f(x, y).
type surfaceFunc struct{ s surfaces.Surface }

// At returns f(x, y).
func (f surfaceFunc) At(x, y float64) float64 { return f.s.Value([]float64{x, y}) }
