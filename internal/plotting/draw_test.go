package plotting

import (
	"fmt"
	"image/color"
	"io"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// record draws p on a recorder at the default size and returns its
// actions and the data area.
func record(p *plot.Plot) ([]recorder.Action, vg.Rectangle) {
	var rec recorder.Canvas
	c := encode.Inset(draw.NewCanvas(&rec, encode.DefaultWidth, encode.DefaultHeight))
	p.Draw(c)
	return rec.Actions, p.DataCanvas(c).Rectangle
}

// Every drawn coordinate is finite and on the page, and every stroke in a
// run's colour lies in the data area (paths) or right of it (legend).
func TestDrawingStaysInside(t *testing.T) {
	isRun := map[color.NRGBA]bool{}
	for _, c := range runColors {
		isRun[c] = true
	}
	s := rosenbrock()
	runs := syntheticRuns(s, 500)
	traj, err := Trajectory(s.Landscape, runs, TrajectoryOptions{Overlay: true})
	if err != nil {
		t.Fatal(err)
	}
	loss, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const eps = 1e-6
	for name, p := range map[string]*plot.Plot{"trajectory": traj, "loss": loss} {
		actions, data := record(p)
		var col color.Color
		var width vg.Length
		runStrokes := 0
		for _, a := range actions {
			switch a := a.(type) {
			case *recorder.SetColor:
				col = a.Color
			case *recorder.SetLineWidth:
				width = a.Width
			case *recorder.Stroke, *recorder.Fill:
				var path vg.Path
				if s, ok := a.(*recorder.Stroke); ok {
					path = s.Path
				} else {
					path = a.(*recorder.Fill).Path
				}
				c, _ := col.(color.NRGBA)
				inData, inLegend := true, true
				for _, comp := range path {
					pt := comp.Pos
					if !finite(float64(pt.X), float64(pt.Y)) {
						t.Fatalf("%s: non-finite point %v", name, pt)
					}
					if pt.X < -eps || pt.Y < -eps || pt.X > encode.DefaultWidth+eps || pt.Y > encode.DefaultHeight+eps {
						t.Fatalf("%s: point %v off the page", name, pt)
					}
					inData = inData && pt.X >= data.Min.X-eps && pt.X <= data.Max.X+eps &&
						pt.Y >= data.Min.Y-eps && pt.Y <= data.Max.Y+eps
					inLegend = inLegend && pt.X > data.Max.X
				}
				// Paths, not the X markers (wider strokes), which may
				// overhang the edge they are drawn on.
				if _, stroke := a.(*recorder.Stroke); stroke && isRun[c] && width <= vg.Points(2) {
					runStrokes++
					if !inData && !inLegend {
						t.Errorf("%s: a %v stroke leaves the data area %v: %v", name, c, data, path)
					}
				}
			}
		}
		if runStrokes < 7 {
			t.Errorf("%s: only %d strokes in run colours", name, runStrokes)
		}
	}
}

// ExampleTrajectory draws the paths of two runs on the Rosenbrock valley and saves
// the figure as a PNG.
func ExampleTrajectory() {
	s := rosenbrock()
	runs := syntheticRuns(s, 300)[:2]
	p, err := Trajectory(s.Landscape, runs, TrajectoryOptions{Title: "two runs"})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := encode.Save(io.Discard, p, "png", encode.DefaultWidth, encode.DefaultHeight); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Title.Text, len(runs))
	// Output: two runs 2
}
