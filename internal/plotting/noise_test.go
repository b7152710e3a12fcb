package plotting

import (
	"math"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg/recorder"
)

// noiseData is a measurement like `optlab noise` makes: a noise level
// falling as 1/√m, with a finite-sum bend towards m = N, where it is 0.
func noiseData(examples int) NoiseMeasurement {
	m := NoiseMeasurement{Model: "gaussian", Samples: 500, Slope: -0.5, Intercept: math.Log(3)}
	bs := []int{1, 2, 4, 8, 16, 32, 64, 128, 256}
	if examples > 0 {
		m.Model, m.Examples, m.Slope = "finite_sum", examples, -0.56
		bs = append(bs, 384, examples)
	}
	for k, b := range bs {
		s := 3 / math.Sqrt(float64(b)) * (1 + 0.03*math.Sin(float64(k)))
		if n := float64(examples); n > 0 {
			s *= math.Sqrt((n - float64(b)) / (n - 1))
		}
		m.Batches, m.Std = append(m.Batches, b), append(m.Std, s)
	}
	return m
}

func TestNoiseFigure(t *testing.T) {
	for name, m := range map[string]NoiseMeasurement{
		"noise_gaussian.png":   noiseData(0),
		"noise_finite_sum.png": noiseData(512),
	} {
		p, err := NoiseFigure(m)
		if err != nil {
			t.Fatal(err)
		}
		renderSmoothingPNG(t, p, name)
	}
	if _, err := NoiseFigure(NoiseMeasurement{Batches: []int{1}, Std: []float64{0}}); err == nil {
		t.Error("a figure without data was drawn")
	}
}

// Item 12 of issue 8: the noise figure's title names the surface and the
// point, its label has no bars that read as "ll", and every glyph it draws
// is in its font.
func TestNoiseFigureText(t *testing.T) {
	m := noiseData(0)
	m.Surface, m.At = "rosenbrock", []float64{-1, 1}
	p, err := NoiseFigure(m)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Title.Text, "rosenbrock at (-1, 1)") {
		t.Errorf("title %q", p.Title.Text)
	}
	if l := p.Y.Label.Text; strings.ContainsAny(l, "‖|") {
		t.Errorf("y label %q: bars read as \"ll\"", l)
	}
	for _, s := range missingGlyphs(t, p) {
		t.Errorf("no glyph in the font for %q", s)
	}
}

// missingGlyphs lists the drawn strings' runes that p's fonts lack.
func missingGlyphs(t *testing.T, p *plot.Plot) []string {
	t.Helper()
	acts, _ := record(p)
	var buf sfnt.Buffer
	var missing []string
	seen := map[rune]bool{}
	for _, a := range acts {
		f, ok := a.(*recorder.FillString)
		if !ok {
			continue
		}
		face := font.DefaultCache.Lookup(f.Font, f.Font.Size)
		for _, r := range f.String {
			if seen[r] || r == ' ' {
				continue
			}
			seen[r] = true
			if i, err := face.Face.GlyphIndex(&buf, r); err != nil || i == 0 {
				missing = append(missing, string(r)+" in "+f.String)
			}
		}
	}
	return missing
}
