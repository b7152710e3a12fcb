package plotting

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// basinRuns are runs from a 4 × 4 grid of starts over himmelblau's window,
// the label's runs ending 0.4 beside the landmark named at (beside the
// star that marks it) and classified as basin.
func basinRuns(s testSurface, label, at, basin string) []trace.Run {
	var ex, ey float64
	for _, m := range s.Points {
		if m.Name == at {
			ex, ey = m.X+0.4, m.Y-0.4
		}
	}
	var runs []trace.Run
	for k := 0; k < 16; k++ {
		x, y := -5+1.25+2.5*float64(k%4), -5+1.25+2.5*float64(k/4)
		runs = append(runs, trace.Run{Label: label, Repeat: k, Basin: basin, Status: trace.MaxSteps,
			Points: []trace.Point{{Step: 0, X: []float64{x, y}}, {Step: 100, X: []float64{ex, ey}}}})
	}
	return runs
}

// panelPixels counts the pixels of p's PNG left of the legend (the
// panels) near colour c.
func panelPixels(t *testing.T, img image.Image, c color.NRGBA) int {
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Min.X+b.Dx()*3/4; x++ {
			if near(color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA), c, 20) {
				n++
			}
		}
	}
	return n
}

// TestBasinsColoursByBasin: the end points are drawn in the colour of
// their basin, and only basins some run ended in are in the panels; the
// titles give each label's fractions.
func TestBasinsColoursByBasin(t *testing.T) {
	s := himmelblau()
	blue, green := basinColor(0), basinColor(2) // global-1, global-3
	draw := func(runs []trace.Run) image.Image {
		t.Helper()
		p, err := Basins(s.Landscape, runs, BasinsOptions{Grid: []int{4, 4}})
		if err != nil {
			t.Fatal(err)
		}
		return pngOf(t, p)
	}
	a := basinRuns(s, "a", "global-1", "global-1")
	ended := draw(append(a, basinRuns(s, "b", "global-3", "global-3")...))
	// The same end points, not classified as global-3's (outside a radius).
	unclassified := draw(append(a, basinRuns(s, "b", "global-3", "none")...))
	nb, ng := panelPixels(t, ended, blue), panelPixels(t, ended, green)
	ub, ug := panelPixels(t, unclassified, blue), panelPixels(t, unclassified, green)
	if nb < 50 || ub < 50 {
		t.Errorf("%d and %d pixels of global-1's colour; want its runs' end points drawn in it", nb, ub)
	}
	if ng < ug+50 {
		t.Errorf("%d pixels of global-3's colour when runs end there, %d when they do not: want its runs drawn in it", ng, ug)
	}
	order, _ := basinColors(s.Landscape, a)
	mixed := append(basinRuns(s, "c", "global-1", "global-1")[:12], basinRuns(s, "c", "global-1", "none")[:4]...)
	if got, want := basinTitle(groupRuns(mixed)[0], order), "c: global-1 75% · none 25%"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
	if _, err := Basins(s.Landscape, nil, BasinsOptions{}); err == nil || !strings.Contains(err.Error(), "no runs") {
		t.Errorf("Basins of no runs: %v", err)
	}
}
