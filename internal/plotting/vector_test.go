package plotting

import (
	"bytes"
	"testing"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// TestSVGImagesRender: the heat map and colour bar are embedded as PNG
// data labelled image/png and stretched to their boxes, so strict SVG
// renderers draw them and no renderer letterboxes them.
func TestSVGImagesRender(t *testing.T) {
	p, err := SurfaceFigure(rosenbrock().Landscape, SurfaceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := encode.Save(&buf, p, "svg", 0, 0); err != nil {
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
