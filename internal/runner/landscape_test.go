package runner

import (
	"io"
	"math"
	"testing"

	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// Every registered 2-D surface converts to a landscape that keeps its
// name, window, start and marked points, and draws both landscape figures.
func TestLandscapeOfEverySurface(t *testing.T) {
	n := 0
	for _, name := range surfaces.Names() {
		s, err := surfaces.New(name, nil, 2)
		if err != nil || s.Dim() != 2 {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			l, err := LandscapeOf(s)
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := s.Bounds()
			if l.Name != s.Name() || l.Lo != [2]float64{lo[0], lo[1]} || l.Hi != [2]float64{hi[0], hi[1]} {
				t.Errorf("name %q window %v–%v", l.Name, l.Lo, l.Hi)
			}
			if len(l.Points) != len(s.Minima()) {
				t.Errorf("%d points for %d minima", len(l.Points), len(s.Minima()))
			}
			for i, m := range s.Minima() {
				p := l.Points[i]
				if p.X != m.X[0] || p.Y != m.X[1] || p.Value != m.Value || (p.Kind == plotting.Saddle) != (m.Kind == "saddle") {
					t.Errorf("point %d: %+v from %+v", i, p, m)
				}
			}
			x := s.Start()
			if got := l.F.At(x[0], x[1]); got != s.Loss(x) && !math.IsNaN(got) {
				t.Errorf("f(start) = %g, want %g", got, s.Loss(x))
			}
			// A straight run from the start to the first marked point.
			run := trace.Run{Label: "line", Status: trace.MaxSteps}
			for k := 0; k <= 20; k++ {
				a := float64(k) / 20
				p := []float64{x[0] + a*(l.Points[0].X-x[0]), x[1] + a*(l.Points[0].Y-x[1])}
				run.Points = append(run.Points, trace.Point{Step: k, Loss: s.Loss(p), X: p})
			}
			traj, err := plotting.Trajectory(l, []trace.Run{run}, plotting.TrajectoryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			surf, err := plotting.SurfaceFigure(l, plotting.SurfaceOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if err := encode.Save(io.Discard, traj, "png", 0, 0); err != nil {
				t.Fatal(err)
			}
			if err := encode.Save(io.Discard, surf, "svg", 0, 0); err != nil {
				t.Fatal(err)
			}
		})
	}
	if n < 10 {
		t.Fatalf("only %d 2-D surfaces", n)
	}
}

func TestLandscapeOfNot2D(t *testing.T) {
	if _, err := LandscapeOf(surfaces.Rosenbrock{A: 1, B: 100, N: 3}); err == nil {
		t.Error("3-D surface: want an error")
	}
}
