package plotting

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// Item 5 of issue 8: more than six labels on one trajectory figure are
// drawn as small multiples, a panel per label over the same window, so
// that every run's colour is in the PNG — even where all the paths
// coincide (the worst case for one shared panel).
func TestTrajectoryPanelsBeyondSix(t *testing.T) {
	s := rosenbrock()
	base := descend(s, "adam", "adam", s.Start, 0.02, 400, 0, 1)
	var runs, away []trace.Run
	for i := 0; i < 8; i++ {
		r := base
		r.Label = fmt.Sprintf("run-%d", i)
		runs = append(runs, r)
		a := r
		a.Points = append([]trace.Point(nil), r.Points...)
		for k := range a.Points {
			a.Points[k].X = []float64{a.Points[k].X[0] + 1e3, a.Points[k].X[1]}
		}
		away = append(away, a)
	}
	o := TrajectoryOptions{Lo: []float64{-2, -1}, Hi: []float64{2, 3}}
	p, err := Trajectory(s.Landscape, runs, o)
	if err != nil {
		t.Fatal(err)
	}
	writeFigure(t, p, "trajectory-panels")
	// A panel per label, titled with its legend entry (which the legend
	// beside the grid holds too); the figure of six labels has no panels.
	titled := func(n int) int {
		p, err := Trajectory(s.Landscape, runs[:n], o)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Count(texts(p), "run-0  f=")
	}
	if six, eight := titled(6), titled(8); six != 1 || eight != 2 {
		t.Errorf("run-0's entry is drawn %d times for 6 labels, %d for 8: want once (the legend), then twice (its panel's title too)", six, eight)
	}
	bare, err := Trajectory(s.Landscape, away, o)
	if err != nil {
		t.Fatal(err)
	}
	counts := colourPixels(t, p, bare, len(runs))
	least := math.MaxInt
	for i, n := range counts {
		least = min(least, n)
		// A hidden run has (almost) none; these short paths in small
		// panels have about a hundred each.
		if n < 50 {
			t.Errorf("run %s (colour %d) has %d pixels: hidden", runs[i].Label, i, n)
		}
	}
	t.Logf("pixels per run colour: %v", counts)
}
