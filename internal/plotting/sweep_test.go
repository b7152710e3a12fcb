package plotting

import (
	"math"
	"strings"
	"testing"
)

// Every curve of a sensitivity figure is visible in the data area, a
// failed median does not stretch the axis, and a bad curve is an error.
func TestSensitivityCurvesVisible(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	x := []float64{1e-4, 1e-3, 1e-2, 1e-1, 1}
	curves := []SweepCurve{
		{Label: "a", X: x, Median: []float64{3, 1, 0.1, inf, inf}, Q1: []float64{2, 0.8, 0.05, 1, inf}, Q3: []float64{4, 2, 0.2, inf, inf}},
		{Label: "b", X: x, Median: []float64{5, 2, 1e-3, 1e-6, 0}, Q1: []float64{5, 2, 1e-3, 1e-6, 0}, Q3: []float64{5, 2, 1e-3, 1e-6, 0}},
		{Label: "c", X: x, Median: []float64{nan, 4, 3, 2, 1}, Q1: []float64{nan, 4, 3, 2, 1}, Q3: []float64{nan, 4, 3, 2, 1}},
	}
	p, err := Sensitivity(curves, "t", "lr", "loss")
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range colourPixels(t, p, nil, len(curves)) {
		if n < 50 {
			t.Errorf("curve %s: %d pixels of its colour", curves[i].Label, n)
		}
	}
	if p.Y.Max > 3 || p.Y.Min > -16 { // log10: the largest finite value is 5 (+ the failed row's margin), the floor 1e-16
		t.Errorf("y range [%g, %g]", p.Y.Min, p.Y.Max)
	}
	if !strings.Contains(p.X.Label.Text, "log scale") || !strings.Contains(p.Y.Label.Text, "drawn at") {
		t.Errorf("labels %q, %q", p.X.Label.Text, p.Y.Label.Text)
	}
	if _, err := Sensitivity([]SweepCurve{{Label: "bad", X: x, Median: x[:2]}}, "t", "lr", "loss"); err == nil {
		t.Error("mismatched curve accepted")
	}
}

// A heat map draws a cell per value pair, its missing cells marked.
func TestSweepHeatMap(t *testing.T) {
	g := SweepGrid{Title: "h", XLabel: "lr", YLabel: "momentum", X: []float64{1e-3, 1e-2, 1e-1}, XLog: true,
		Y: []float64{0, 0.9}, Z: [][]float64{{1, 0.1, math.Inf(1)}, {0.5, 1e-3, math.NaN()}}}
	p, err := SweepHeatMap(g)
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min >= -3 || p.X.Max <= -1 || p.Y.Min != -0.5 || p.Y.Max != 1.5 {
		t.Errorf("axes [%g, %g] × [%g, %g]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if img := pngOf(t, p); img.Bounds().Dx() == 0 {
		t.Error("empty image")
	}
	g.Z = g.Z[:1]
	if _, err := SweepHeatMap(g); err == nil {
		t.Error("a grid with a missing row accepted")
	}
}
