package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A PlanePanel is one run's loss on a plane through its end point: Loss at
// (Alphas[i], Betas[j]) is Loss[j·len(Alphas)+i], the end point at (0, 0).
type PlanePanel struct {
	Label         string
	Alphas, Betas []float64
	Loss          []float64
}

// planeGrid is a panel as plotter.GridXYZ, in log10 of the loss.
type planeGrid struct{ p PlanePanel }

func (g planeGrid) Dims() (c, r int)   { return len(g.p.Alphas), len(g.p.Betas) }
func (g planeGrid) X(c int) float64    { return g.p.Alphas[c] }
func (g planeGrid) Y(r int) float64    { return g.p.Betas[r] }
func (g planeGrid) Z(c, r int) float64 { return logLoss(g.p.Loss[r*len(g.p.Alphas)+c]) }

// logLoss is log10 of a loss, NaN where there is none to take.
func logLoss(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 1) {
		return math.NaN()
	}
	return math.Log10(v)
}

// PlaneFigure draws small multiples of 2-D loss slices, one panel per run,
// on one colour scale and one set of contour levels (every quarter decade
// of the loss), so that a sharp and a flat end point are told apart by
// how tightly the rings close around the centre (marked with a cross).
func PlaneFigure(title string, panels []PlanePanel) (*plot.Plot, error) {
	if len(panels) == 0 {
		return nil, fmt.Errorf("plotting: no slices to draw")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pp := range panels {
		if len(pp.Alphas) < 2 || len(pp.Betas) < 2 || len(pp.Loss) != len(pp.Alphas)*len(pp.Betas) {
			return nil, fmt.Errorf("plotting: slice %s: %d values for a %d×%d grid", pp.Label, len(pp.Loss), len(pp.Alphas), len(pp.Betas))
		}
		for _, v := range pp.Loss {
			if z := logLoss(v); !math.IsNaN(z) {
				lo, hi = math.Min(lo, z), math.Max(hi, z)
			}
		}
	}
	if !(hi > lo) {
		return nil, fmt.Errorf("plotting: slices: no finite loss to draw")
	}
	var levels []float64
	for z := math.Ceil(lo*4) / 4; z <= hi; z += 0.25 {
		levels = append(levels, z)
	}
	outer := plot.New()
	outer.HideAxes()
	outer.Title.Text = title
	outer.Title.TextStyle = textStyle(titleSize, color.Black)
	outer.Title.TextStyle.XAlign = draw.XCenter
	outer.Title.TextStyle.YAlign = draw.YTop
	outer.Title.Padding = vg.Points(10)
	pal := landscapePalette{n: 64, light: 0.15}
	t := &tiles{}
	for _, pp := range panels {
		g := planeGrid{pp}
		centre := pp.Loss[len(pp.Loss)/2]
		if len(pp.Alphas)%2 == 1 && len(pp.Betas)%2 == 1 {
			centre = pp.Loss[(len(pp.Betas)/2)*len(pp.Alphas)+len(pp.Alphas)/2]
		}
		sub := newPlot(fmt.Sprintf("%s: %.3g at the end point", pp.Label, centre), "α (direction 1)", "β (direction 2)")
		sub.Title.TextStyle = textStyle(labelSize, color.Black)
		sub.Title.TextStyle.XAlign = draw.XCenter
		sub.Title.TextStyle.YAlign = draw.YTop
		sub.Title.Padding = vg.Points(6)
		sub.X.Label.TextStyle = textStyle(labelSize-3, color.Black)
		sub.Y.Label.TextStyle = textStyle(labelSize-3, color.Black)
		sub.X.Tick.Label = textStyle(tickSize-3, color.Black)
		sub.X.Tick.Label.XAlign, sub.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
		sub.Y.Tick.Label = textStyle(tickSize-3, color.Black)
		sub.Y.Tick.Label.XAlign, sub.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
		h := plotter.NewHeatMap(g, pal)
		h.Min, h.Max = lo, hi
		h.NaN = color.White
		h.Rasterized = true // no seams between the cells
		c := plotter.NewContour(g, levels, nil)
		c.LineStyles = []draw.LineStyle{{Color: color.NRGBA{0x20, 0x20, 0x20, 0xc0}, Width: vg.Points(0.8)}}
		c.Min, c.Max = lo, hi
		mark := &markers{pts: []xy{{0, 0}}, shape: crossMarker, radius: vg.Points(7), fill: color.NRGBA{0xff, 0xff, 0xff, 0xff},
			edge: color.NRGBA{0xd6, 0x27, 0x28, 0xff}, width: vg.Points(2.5)}
		sub.Add(h, c, mark)
		sub.X.Min, sub.X.Max = pp.Alphas[0], pp.Alphas[len(pp.Alphas)-1]
		sub.Y.Min, sub.Y.Max = pp.Betas[0], pp.Betas[len(pp.Betas)-1]
		t.plots = append(t.plots, sub)
	}
	outer.Add(t)
	return outer, nil
}
