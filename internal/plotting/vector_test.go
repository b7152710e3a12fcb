package plotting

import (
	"bytes"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
)

// TestSVGImagesRender: the heat map and colour bar are embedded as PNG
// data labelled image/png and stretched to their boxes, so strict SVG
// renderers draw them and no renderer letterboxes them.
func TestSVGImagesRender(t *testing.T) {
	p, err := SurfaceFigure(surfaces.Rosenbrock{A: 1, B: 100}, SurfaceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Save(&buf, p, "svg", 0, 0); err != nil {
		t.Fatal(err)
	}
	svg := buf.Bytes()
	if n := bytes.Count(svg, []byte("<image ")); n < 2 {
		t.Fatalf("%d embedded images, want the heat map and the colour bar", n)
	}
	if bytes.Contains(svg, []byte("image/jpg;base64,iVBOR")) {
		t.Error("PNG data labelled image/jpg")
	}
	if bytes.Count(svg, []byte(`<image preserveAspectRatio="none" `)) != bytes.Count(svg, []byte("<image ")) {
		t.Error("an image keeps its aspect ratio and is letterboxed")
	}
}

func TestCP1252Safe(t *testing.T) {
	for in, want := range map[string]string{
		"log10(f − f*)":        "log10(f - f*)",
		"RMS of ‖ĝ − g‖":       "RMS of |g^ - g|",
		"EWMA α = 0.9, σ = 2":  "EWMA alpha = 0.9, sigma = 2",
		"adam ×10 median  f=1": "adam ×10 median  f=1",
		"x² · y":               "x² · y",
		"日本":                   "??",
	} {
		if got := cp1252Safe(in); got != want {
			t.Errorf("cp1252Safe(%q) = %q, want %q", in, got, want)
		}
	}
}
