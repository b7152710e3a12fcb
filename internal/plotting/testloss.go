package plotting

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/trace"
)

// testDashes is the dash pattern of a test-loss curve: long enough that
// the dashed curve reads as the solid one's companion in the same colour.
func testDashes() []vg.Length { return []vg.Length{vg.Points(7), vg.Points(4)} }

// testCurve is the dashed test-loss curve of run (the group's drawn
// one) in colour col, on the loss axis, its range added to r; nil when
// the run has no finite test loss.
func testCurve(run trace.Run, test func(trace.Point) float64, ax lossAxis, stepX func(float64) float64,
	r *yRanger, limit int, col color.Color, lw vg.Length) *lines {
	shadow := run
	shadow.Points = make([]trace.Point, 0, len(run.Points))
	for _, pt := range run.Points {
		pt.Loss = test(pt)
		if !finite(pt.Loss) {
			continue // not evaluated at this step
		}
		shadow.Points = append(shadow.Points, pt)
	}
	s, _ := lossSeries(shadow, ax, stepX)
	if len(s.y) == 0 {
		return nil
	}
	return r.line(s, limit, draw.LineStyle{Color: col, Width: lw * 0.8, Dashes: testDashes()})
}

// testLegend is the legend entry that says which line is which.
func testLegend(l *plot.Legend, lw vg.Length) {
	grey := color.Gray{0x50}
	l.Add("solid: train loss, dashed: test loss",
		thumbs{&lines{style: draw.LineStyle{Color: grey, Width: lw * 0.8, Dashes: []vg.Length{vg.Points(4), vg.Points(2.5)}}}})
}
