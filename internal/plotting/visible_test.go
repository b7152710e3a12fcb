package plotting

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// colourPixels counts, per run colour, the pixels of p's PNG inside its
// data area within a small distance of that colour.
// Pixels equal to those of bare (the figure without runs; nil: none) are
// not counted.
func colourPixels(t *testing.T, p, bare *plot.Plot, n int) []int {
	t.Helper()
	_, data := record(p)
	img := pngOf(t, p)
	var under image.Image
	if bare != nil {
		under = pngOf(t, bare)
	}
	b := img.Bounds()
	sx := float64(b.Dx()) / float64(encode.DefaultWidth)
	sy := float64(b.Dy()) / float64(encode.DefaultHeight)
	// The data area in pixels (y grows downwards in the image).
	r := image.Rect(int(float64(data.Min.X)*sx)+2, b.Dy()-int(float64(data.Max.Y)*sy)+2,
		int(float64(data.Max.X)*sx)-2, b.Dy()-int(float64(data.Min.Y)*sy)-2)
	counts := make([]int, n)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if under != nil && color.NRGBAModel.Convert(under.At(x, y)).(color.NRGBA) == c {
				continue
			}
			for i := 0; i < n; i++ {
				if near(c, RunColor(i), 24) {
					counts[i]++
				}
			}
		}
	}
	return counts
}

func pngOf(t *testing.T, p *plot.Plot) image.Image {
	t.Helper()
	var buf bytes.Buffer
	if err := encode.Save(&buf, p, "png", 0, 0); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func near(a, b color.NRGBA, tol int) bool {
	d := func(x, y uint8) int {
		if x > y {
			return int(x - y)
		}
		return int(y - x)
	}
	return d(a.R, b.R) <= tol && d(a.G, b.G) <= tol && d(a.B, b.B) <= tol
}

// Item 5 of issue 8: paths that coincide (rmsprop under sgd, gd under
// saddle-free Newton, m=256 under full batch) are all visible: every
// run's colour is in the PNG's data area, in the trajectory and the loss
// figure.
func TestCoincidingPathsVisible(t *testing.T) {
	s := rosenbrock()
	a := descend(s, "sgd", "gd", s.Start, 1e-3, 400, 0, 1)
	b := a
	b.Label = "rmsprop"
	c := descend(s, "adam", "adam", s.Start, 0.02, 400, 0, 1)
	d := c
	d.Label = "same-as-adam"
	e := c
	e.Label = "third-on-adam"
	runs := []trace.Run{a, b, c, d, e}
	// AutoWindow: the paths fill the panel (item 8).
	traj, err := Trajectory(s.Landscape, runs, TrajectoryOptions{AutoWindow: true})
	if err != nil {
		t.Fatal(err)
	}
	loss, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The landscape alone over the same window: its pixels of a run's
	// colour are not the run's.
	// The same runs (the same legend, so the same layout) moved out of
	// the window, for the landscape's own pixels.
	lo, hi := []float64{traj.X.Min, traj.Y.Min}, []float64{traj.X.Max, traj.Y.Max}
	var away []trace.Run
	for _, r := range runs {
		r.Points = append([]trace.Point(nil), r.Points...)
		for k := range r.Points {
			r.Points[k].X = []float64{r.Points[k].X[0] + 1e3, r.Points[k].X[1]}
		}
		away = append(away, r)
	}
	traj, err = Trajectory(s.Landscape, runs, TrajectoryOptions{FreeAspect: true, Lo: lo, Hi: hi})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := Trajectory(s.Landscape, away, TrajectoryOptions{FreeAspect: true, Lo: lo, Hi: hi})
	if err != nil {
		t.Fatal(err)
	}
	under := map[string]*plot.Plot{"trajectory": bare}
	for name, p := range map[string]*plot.Plot{"trajectory": traj, "loss": loss} {
		counts := colourPixels(t, p, under[name], len(runs))
		most := 0
		for _, n := range counts {
			most = max(most, n)
		}
		for i, n := range counts {
			// A hidden run has (almost) none; a visible one a good share
			// of what the most visible run has.
			if n < 150 || 20*n < most {
				t.Errorf("%s: run %s (colour %d) has %d pixels in the data area (most: %d): hidden", name, runs[i].Label, i, n, most)
			}
		}
		writeFigure(t, p, "coinciding-"+name)
	}
}
