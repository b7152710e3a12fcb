package encode

import (
	"github.com/optlab/optlab/internal/parallel"

	"bytes"
	"hash/adler32"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// testPlot is a small figure with a title, a line and a raster image (as
// the heat map and colour bar of a landscape are).
func testPlot(t *testing.T) *plot.Plot {
	t.Helper()
	p := plot.New()
	p.Title.Text = "log10(f − f*)"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 2}, {X: 2, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewNRGBA(image.Rect(0, 0, 4, 3))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 20)
	}
	p.Add(l, plotter.NewImage(img, 0, 0, 2, 2))
	return p
}

func checkPNG(t *testing.T, b []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Fatalf("PNG is %dx%d, want %dx%d", got.X, got.Y, w, h)
	}
}

// TestSVGImagesMended: raster images are embedded as PNG data labelled
// image/png and stretched to their boxes.
func TestSVGImagesMended(t *testing.T) {
	var buf bytes.Buffer
	if err := Save(&buf, testPlot(t), "svg", 0, 0); err != nil {
		t.Fatal(err)
	}
	svg := buf.Bytes()
	if bytes.Count(svg, []byte("<image ")) != 1 {
		t.Fatalf("want one embedded image")
	}
	if bytes.Contains(svg, []byte("image/jpg;base64,iVBOR")) {
		t.Error("PNG data labelled image/jpg")
	}
	if !bytes.Contains(svg, []byte(`<image preserveAspectRatio="none" `)) {
		t.Error("the image keeps its aspect ratio and is letterboxed")
	}
}

func TestSaveFormats(t *testing.T) {
	p := testPlot(t)
	for _, c := range []struct{ format, magic string }{
		{"png", "\x89PNG\r\n\x1a\n"},
		{"", "\x89PNG\r\n\x1a\n"},
		{".SVG", "<?xml"},
		{"pdf", "%PDF-"},
	} {
		var buf bytes.Buffer
		if err := Save(&buf, p, c.format, 0, 0); err != nil {
			t.Fatalf("%q: %v", c.format, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte(c.magic)) {
			t.Errorf("%q: starts with %q", c.format, buf.Bytes()[:min(8, buf.Len())])
		}
		if c.format == ".SVG" && !bytes.Contains(buf.Bytes(), []byte("<svg")) {
			t.Error("svg: no <svg element")
		}
	}
	var buf bytes.Buffer
	if err := Save(&buf, p, "png", 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
	checkPNG(t, buf.Bytes(), 600, 400)
	if err := Save(&buf, p, "bmp", 0, 0); err == nil {
		t.Error("unknown format: want an error")
	}
}

func TestSaveFileAtomic(t *testing.T) {
	dir := t.TempDir()
	p := testPlot(t)
	for name, magic := range map[string]string{"a.png": "\x89PNG", "b.svg": "<?xml", "c.pdf": "%PDF-", "d": "\x89PNG"} {
		if err := SaveFile(filepath.Join(dir, name), p, 0, 0); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("%s: %v, starts %q", name, err, b[:min(5, len(b))])
		}
	}
	// Overwriting keeps the old file until the new one is complete; a
	// failure leaves neither a partial file nor a temporary one.
	if err := SaveFile(filepath.Join(dir, "e.bmp"), p, 0, 0); err == nil {
		t.Error("unknown extension: want an error")
	}
	if err := SaveFile(filepath.Join(dir, "missing", "f.png"), p, 0, 0); err == nil {
		t.Error("missing directory: want an error")
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "a.png b.svg c.pdf d" {
		t.Errorf("directory holds %q", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, "a.png")); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}
}

// encodePNG must round-trip exactly, bands and all.
func TestEncodePNGRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, size := range [][2]int{{1, 1}, {3, 200}, {257, 130}, {1200, 900}} {
		img := image.NewRGBA(image.Rect(0, 0, size[0], size[1]))
		for i := 0; i < len(img.Pix); i += 4 {
			v := uint8(i / 4 % 7 * 30)
			if rng.IntN(10) == 0 {
				v = uint8(rng.IntN(256))
			}
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = v, 255-v, v/2, 255
		}
		var buf bytes.Buffer
		if err := encodePNG(&buf, img, parallel.New(0)); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("bounds %v, want %v", got.Bounds(), img.Bounds())
		}
		for y := 0; y < size[1]; y++ {
			for x := 0; x < size[0]; x++ {
				if a, b := color.RGBAModel.Convert(got.At(x, y)), img.At(x, y); a != b {
					t.Fatalf("%v: pixel (%d,%d) = %v, want %v", size, x, y, a, b)
				}
			}
		}
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

// adler32Combine gives the sum of the concatenation, for splits of every
// size (empty parts, and parts longer than the modulus).
func TestAdler32Combine(t *testing.T) {
	data := make([]byte, 200000)
	for i := range data {
		data[i] = byte(i*7 + i/251)
	}
	for _, cut := range []int{0, 1, 5, 65520, 65521, 65522, 100000, len(data)} {
		a, b := data[:cut], data[cut:]
		got := adler32Combine(adler32.Checksum(a), adler32.Checksum(b), len(b))
		if want := adler32.Checksum(data); got != want {
			t.Errorf("cut at %d: %08x, want %08x", cut, got, want)
		}
	}
}
