package plotting

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
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

// vectorDiff renders p as PNG and as format (svg or pdf) rasterized by
// rsvg-convert or pdftoppm at the same size, and returns the mean
// difference of 12-pixel blocks (largest channel, 0–255) and its 99.5th
// percentile. It skips when the
// renderer is missing (apt-get install librsvg2-bin poppler-utils).
// panels says p is small multiples (trajectoryPanels).
func vectorDiff(t *testing.T, p *plot.Plot, name, format string, panels bool) (mean, far float64) {
	t.Helper()
	tool := map[string]string{"svg": "rsvg-convert", "pdf": "pdftoppm"}[format]
	if _, err := exec.LookPath(tool); err != nil {
		t.Skipf("%s not installed (apt-get install librsvg2-bin poppler-utils): cannot render %s to compare with the PNG", tool, format)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "fig."+format)
	var buf bytes.Buffer
	if err := encode.Save(&buf, p, format, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "vec.png")
	var cmd *exec.Cmd
	if format == "svg" {
		cmd = exec.Command(tool, "-w", "1200", "-h", "900", "-b", "white", "-o", out, src)
	} else {
		cmd = exec.Command(tool, "-r", "100", "-png", "-singlefile", src, strings.TrimSuffix(out, ".png"))
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v: %s", tool, err, b)
	}
	vf, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	vec, err := png.Decode(bytes.NewReader(vf))
	if err != nil {
		t.Fatal(err)
	}
	ref := pngOf(t, p)
	b := ref.Bounds()
	if vec.Bounds().Dx() != b.Dx() || vec.Bounds().Dy() != b.Dy() {
		t.Fatalf("%s rendered at %v, the PNG is %v", format, vec.Bounds(), b)
	}
	// Compare 12×12-pixel block means: glyph and line edges, which two
	// rasterizers anti-alias differently, average out; a colour that is
	// off (a grey halo, a grey band, a washed-out colour bar) does not.
	// Only the data area and the colour bar beside it (for small
	// multiples, the heat map of every panel and the colour bar): the
	// renderers lay out text in their own fonts (rsvg-convert substitutes
	// through fontconfig), so the axes' labels and the legend differ in
	// metrics.
	sx := float64(b.Dx()) / float64(encode.DefaultWidth)
	sy := float64(b.Dy()) / float64(encode.DefaultHeight)
	px := func(q vg.Rectangle) image.Rectangle {
		return image.Rect(int(float64(q.Min.X)*sx)+1, b.Dy()-int(float64(q.Max.Y)*sy)+1,
			int(float64(q.Max.X)*sx), b.Dy()-int(float64(q.Min.Y)*sy)-1)
	}
	actions, data := record(p)
	data.Max.X += panelGap + barWidth
	areas := []image.Rectangle{px(data)}
	if panels {
		areas = nil
		for _, a := range actions {
			if im, ok := a.(*recorder.DrawImage); ok {
				areas = append(areas, px(im.Rectangle))
			}
		}
	}
	const bs = 12
	var diffs []float64
	for _, r := range areas {
		for by := r.Min.Y; by+bs <= r.Max.Y; by += bs {
			for bx := r.Min.X; bx+bs <= r.Max.X; bx += bs {
				var s1, s2 [3]float64
				for y := by; y < by+bs; y++ {
					for x := bx; x < bx+bs; x++ {
						c1 := color.NRGBAModel.Convert(ref.At(x, y)).(color.NRGBA)
						c2 := color.NRGBAModel.Convert(vec.At(x, y)).(color.NRGBA)
						s1[0], s1[1], s1[2] = s1[0]+float64(c1.R), s1[1]+float64(c1.G), s1[2]+float64(c1.B)
						s2[0], s2[1], s2[2] = s2[0]+float64(c2.R), s2[1]+float64(c2.G), s2[2]+float64(c2.B)
					}
				}
				d := 0.0
				for k := range s1 {
					d = max(d, math.Abs(s1[k]-s2[k])/(bs*bs))
				}
				diffs = append(diffs, d)
			}
		}
	}
	if len(diffs) == 0 {
		t.Fatalf("%s.%s: no area to compare", name, format)
	}
	sort.Float64s(diffs)
	for _, d := range diffs {
		mean += d
	}
	mean /= float64(len(diffs))
	far = diffs[len(diffs)*995/1000] // the 99.5th percentile block
	if os.Getenv("OPTLAB_PLOT_OUT") != "" {
		os.WriteFile(filepath.Join(os.Getenv("OPTLAB_PLOT_OUT"), "vector-"+name+"-"+format+".png"), vf, 0o644)
		var pb bytes.Buffer
		encode.Save(&pb, p, "png", 0, 0)
		writeDiff(t, pb.Bytes(), vf, filepath.Join(os.Getenv("OPTLAB_PLOT_OUT"), "vector-"+name+"-"+format+"-diff.png"))
	}
	return mean, far
}

// Item 10 of issue 8: SVG and PDF look like the PNG: the same colours
// (halos white, bands in their run's colour, faint paths not near-black,
// the colour bar as the heat map) and the heat map at the PNG's
// resolution, not a stretched grid. Text is rendered by different
// rasterizers, so a few pixels differ at glyph edges.
func TestVectorLooksLikePNG(t *testing.T) {
	s := rosenbrock()
	var runs []trace.Run
	for rep := 0; rep < 4; rep++ {
		r := descend(s, "sgd-noisy", "gd", s.Start, 1e-3, 600, 3, uint64(rep))
		r.Repeat = rep
		runs = append(runs, r)
	}
	runs = append(runs, syntheticRuns(s, 300)...)
	traj, err := Trajectory(s.Landscape, runs, TrajectoryOptions{Overlay: true})
	if err != nil {
		t.Fatal(err)
	}
	loss, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The small multiples too: eight landscapes of their own, each with
	// its heat map at the output resolution.
	figs := map[string]*plot.Plot{"trajectory": traj, "loss": loss, "panels": panelsFigure(t)}
	for name, p := range figs {
		for _, format := range []string{"svg", "pdf"} {
			mean, far := vectorDiff(t, p, name, format, name == "panels")
			t.Logf("%s.%s: block difference mean %.2f/255, 99.5th percentile %.1f/255", name, format, mean, far)
			// The mean was 1.45/255 for panels.pdf before the panels
			// were placed whole pixels apart, 1.51 after (poppler's and
			// our text rasterizers then meet glyphs at other sub-pixel
			// phases); washed-out colours or a stretched heat map give
			// means of 10 and more.
			if mean > 1.75 || far > 30 {
				t.Errorf("%s.%s differs from the PNG: block difference mean %.2f/255, 99.5th percentile %.1f/255", name, format, mean, far)
			}
		}
	}
}

// Item 10: text in PDF comes out as written, for every non-ASCII rune
// optlab's figures print (cp1252's own ones as themselves, the others
// spelled): no "Ã—" for ×, no "Â·" for ·, no "?".
func TestPDFText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils): cannot read the PDF's text back")
	}
	const in = "×7 median · (1 − α^t)·level ½ ² ‖ĝ − ∇f‖ ≤ √κ λ ρ σ ŝ v\u0302 ← … –"
	const want = "×7 median · (1 - alpha^t)·level ½ ² |g^ - grad f| <= sqrtkappa lambda rho sigma s^ v^ <- … –"
	p := plot.New()
	p.Title.Text = in
	dir := t.TempDir()
	f := filepath.Join(dir, "t.pdf")
	var buf bytes.Buffer
	if err := encode.Save(&buf, p, "pdf", 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(got, strings.Join(strings.Fields(want), " ")) {
		t.Errorf("PDF text %q, want %q", got, want)
	}
}
