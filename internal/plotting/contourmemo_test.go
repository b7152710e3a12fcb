package plotting

import (
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Panels of small multiples share a grid: the contour is traced once per
// canvas size and moved to each panel's place, and what a panel draws is
// what tracing it afresh there would draw.
func TestContourTracedOncePerSize(t *testing.T) {
	s := himmelblau()
	g, err := NewGrid(s.Landscape, []float64{-5, -5}, []float64{5, 5}, 60, 60)
	if err != nil {
		t.Fatal(err)
	}
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -5, 5, -5, 5
	contour := func() *plotter.Contour {
		return plotter.NewContour(rawGrid{g}, g.rawLevels(g.Levels(10)), nil)
	}
	img := vgimg.New(600, 300)
	draw2 := func(memo *Grid, x0 vg.Length) []recordedStroke {
		rec := &strokeRecorder{Canvas: img}
		c := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Min: vg.Point{X: x0, Y: 10}, Max: vg.Point{X: x0 + 250, Y: 260}}}
		orderedContour{c: contour(), traced: memo}.Plot(c, p)
		return rec.strokes
	}
	shared := &Grid{}
	first := draw2(shared, 10)
	second := draw2(shared, 310)
	if n := len(shared.traced.m); n != 1 {
		t.Fatalf("%d traced entries after two panels of one size, want 1", n)
	}
	fresh := draw2(nil, 310) // no memo: traced at the second place
	if len(first) == 0 || len(second) != len(fresh) {
		t.Fatalf("strokes: first %d, second %d, traced afresh %d", len(first), len(second), len(fresh))
	}
	for i := range fresh {
		a, b := second[i].path, fresh[i].path
		if len(a) != len(b) {
			t.Fatalf("stroke %d: %d vs %d components", i, len(a), len(b))
		}
		for j := range a {
			if d := math.Hypot(float64(a[j].Pos.X-b[j].Pos.X), float64(a[j].Pos.Y-b[j].Pos.Y)); d > 1e-9 {
				t.Fatalf("stroke %d point %d: moved %v, traced %v", i, j, a[j].Pos, b[j].Pos)
			}
		}
	}
}
