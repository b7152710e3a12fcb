package plotting

import (
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/recorder"
)

// contourPaths are the contour strokes of a figure (their colour).
func contourPaths(acts []recorder.Action) [][]vg.Point {
	var out [][]vg.Point
	var col color.Color
	for _, a := range acts {
		switch a := a.(type) {
		case *recorder.SetColor:
			col = a.Color
		case *recorder.Stroke:
			if c, ok := col.(color.NRGBA); !ok || c != (color.NRGBA{0x20, 0x20, 0x20, 0x60}) {
				continue
			}
			var pts []vg.Point
			for _, c := range a.Path {
				if c.Type == vg.MoveComp && len(pts) > 0 {
					out, pts = append(out, pts), nil
				}
				if c.Type == vg.MoveComp || c.Type == vg.LineComp {
					pts = append(pts, c.Pos)
				}
			}
			out = append(out, pts)
		}
	}
	return out
}

// Item 9 of issue 8: contours are smooth (no vertex turning back by more
// than 90°, as the saw-tooth in Rosenbrock's valley did; no loop of a few
// vertices, as the half-pipe's hexagons were) and reach the frame.
func TestContoursSmoothAndToTheFrame(t *testing.T) {
	for _, s := range []testSurface{halfpipe(), rosenbrock()} {
		p, err := SurfaceFigure(s.Landscape, SurfaceOptions{})
		if err != nil {
			t.Fatal(err)
		}
		acts, data := record(p)
		paths := contourPaths(acts)
		if len(paths) == 0 {
			t.Fatalf("%s: no contour drawn", s.Name)
		}
		worst, edge, coarse := 0.0, false, 0
		for _, pts := range paths {
			if n := len(pts); n > 2 && pts[0] == pts[n-1] && n < 16 {
				coarse++ // a loop of a few vertices: a polygon, not an ellipse
			}
			for i := 2; i < len(pts); i++ {
				a1 := math.Atan2(float64(pts[i-1].Y-pts[i-2].Y), float64(pts[i-1].X-pts[i-2].X))
				a2 := math.Atan2(float64(pts[i].Y-pts[i-1].Y), float64(pts[i].X-pts[i-1].X))
				turn := math.Abs(math.Remainder(a2-a1, 2*math.Pi)) * 180 / math.Pi
				worst = math.Max(worst, turn)
			}
			for _, q := range pts {
				if q.X-data.Min.X < 0.5 || data.Max.X-q.X < 0.5 || q.Y-data.Min.Y < 0.5 || data.Max.Y-q.Y < 0.5 {
					edge = true
				}
			}
		}
		// (The tip of Rosenbrock's valley contour is sharp at this scale
		// in its own right; a saw-tooth turns back on itself.)
		if worst > 90 || coarse > 0 {
			t.Errorf("%s: a contour turns by %.0f° at one vertex; %d loops of < 16 vertices", s.Name, worst, coarse)
		}
		if !edge {
			t.Errorf("%s: no contour reaches the frame", s.Name)
		}
	}
}
