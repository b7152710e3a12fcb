package plotting

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// regen (go test -regen) rewrites the golden figures from the current
// code; the flag is cmpimg's own, which registers it.
var regen = cmpimg.GenerateTestData

// goldenFigures are the main figures of a small fixed set of synthetic
// runs: everything a trajectory and a loss figure draw (bold and faint
// paths, medians of repeats, clipping, stop marks, the legend), a
// landscape alone with named minima, and small multiples with the minima
// keyed by letters.
func goldenFigures(t *testing.T) map[string]*plot.Plot {
	t.Helper()
	s := rosenbrock()
	runs := syntheticRuns(s, 300)
	l := s.Landscape.Cached()
	traj, err := Trajectory(l, runs, TrajectoryOptions{Overlay: true})
	if err != nil {
		t.Fatal(err)
	}
	loss, err := Loss(runs, LossOptions{Title: "rosenbrock: loss"})
	if err != nil {
		t.Fatal(err)
	}
	surf, err := SurfaceFigure(himmelblau().Landscape, SurfaceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*plot.Plot{"trajectory": traj, "loss": loss, "surface": surf, "panels": panelsFigure(t)}
}

// TestGoldenFigures draws the golden figures as PNG and SVG and compares
// them with testdata/golden-*: PNGs pixel for pixel (the encoder's bytes
// depend on GOMAXPROCS, the pixels must not), SVGs byte for byte. Run
// with -regen to rewrite them when a figure is meant to change, look at
// them, and say so in the commit. On a mismatch the figure drawn and an
// image of the differences are left in testdata/failed-*.
func TestGoldenFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("draws three figures twice")
	}
	for name, p := range goldenFigures(t) {
		for _, format := range []string{"png", "svg"} {
			t.Run(name+"."+format, func(t *testing.T) {
				var buf bytes.Buffer
				if err := encode.Save(&buf, p, format, 0, 0); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join("testdata", "golden-"+name+"."+format)
				if *regen {
					if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -regen to create it)", err)
				}
				ok, err := cmpimg.Equal(format, buf.Bytes(), want)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					failed := filepath.Join("testdata", "failed-"+name+"."+format)
					os.WriteFile(failed, buf.Bytes(), 0o644)
					if format == "png" {
						writeDiff(t, buf.Bytes(), want, filepath.Join("testdata", "failed-"+name+"-diff.png"))
					}
					t.Errorf("%s differs from %s (drawn: %s)", name+"."+format, path, failed)
				}
			})
		}
	}
}

// writeDiff writes cmpimg's image of the differences between two PNGs.
func writeDiff(t *testing.T, got, want []byte, path string) {
	t.Helper()
	a, err1 := png.Decode(bytes.NewReader(got))
	b, err2 := png.Decode(bytes.NewReader(want))
	if err1 != nil || err2 != nil {
		return
	}
	d := image.NewRGBA(a.Bounds().Union(b.Bounds()))
	cmpimg.Diff(d, a, b)
	var buf bytes.Buffer
	if png.Encode(&buf, d) == nil {
		os.WriteFile(path, buf.Bytes(), 0o644)
	}
}

// The same figure drawn again, at another GOMAXPROCS (another number of
// encoder bands), gives the same pixels and the same SVG.
func TestFiguresReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("draws a figure many times")
	}
	p := goldenFigures(t)["trajectory"]
	draw := func(format string) []byte {
		var buf bytes.Buffer
		if err := encode.Save(&buf, p, format, 0, 0); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first, firstSVG := draw("png"), draw("svg")
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 4, 1, 2} {
		runtime.GOMAXPROCS(procs)
		if ok, err := cmpimg.Equal("png", draw("png"), first); err != nil || !ok {
			t.Fatalf("GOMAXPROCS=%d: PNG pixels differ (%v)", procs, err)
		}
		if !bytes.Equal(draw("svg"), firstSVG) {
			t.Fatalf("GOMAXPROCS=%d: SVG differs", procs)
		}
	}
}
