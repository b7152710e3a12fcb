package plotting

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/trace"
)

// maxOverlaid is the most labels drawn over one landscape: beyond it,
// however the paths are dashed, some hide others (issue 8, item 5), so
// each label gets a panel of its own on a grid of small multiples.
const maxOverlaid = 6

// A panelRole is what a trajectory plot is drawn for.
type panelRole uint8

const (
	wholeFigure panelRole = iota // a figure of its own
	gridPanel                    // one panel of the small multiples
	gridSide                     // the side panel beside the small multiples (its plot unused)
)

// trajectoryPanels draws one small panel per label, all over the same
// window w (the landscape, the starts and the landmarks in each), on a
// grid under one title, with the colour bar and the legend (every label's
// entry, the start and the landmarks) beside the grid.
func trajectoryPanels(l Landscape, groups []group, paths map[*trace.Run][]xy, starts []xy,
	w box, title string, lw vg.Length, o TrajectoryOptions) (*plot.Plot, error) {
	// The grid whose panels' shape is nearest the window's (the grid's
	// area is about 1.1 times as wide as high beside the side panel), so
	// that the free axes of a panel are stretched least.
	n := len(groups)
	want := (w.X1 - w.X0) / (w.Y1 - w.Y0)
	cols, best := 1, math.Inf(1)
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		if d := math.Abs(math.Log(1.1 * float64(r) / float64(c) / want)); d < best-1e-9 {
			cols, best = c, d
		}
	}
	rows := (n + cols - 1) / cols
	t := &panelGrid{cols: cols, rows: rows}
	for i := range groups {
		sub, err := drawTrajectories(l, groups[i:i+1], paths, starts, w, "", lw, o, true, gridPanel)
		if err != nil {
			return nil, err
		}
		shrink(sub)
		t.plots = append(t.plots, sub)
		t.labels = append(t.labels, groups[i].Label)
	}
	// The figure's own side panel: the colour bar of the landscape (the
	// same in every panel) and every label's legend entry.
	_, panel, err := trajectoryPanel(l, groups, paths, starts, w, title, lw, o, false, gridSide)
	if err != nil {
		return nil, err
	}
	p := newPlot(title, "", "")
	p.HideAxes()
	// The hidden axes span the panels' window (each panel's own axes).
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w.X0, w.X1, w.Y0, w.Y1
	p.Add(t, panel)
	return p, nil
}

// shrink sets a panel's text smaller than a full figure's.
func shrink(p *plot.Plot) {
	p.Title.TextStyle.Font.Size = vg.Points(11)
	p.Title.Padding = vg.Points(4)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.Text = ""
		ax.Tick.Label.Font.Size = vg.Points(9)
		ax.Tick.Length = vg.Points(3)
	}
}

// panelGrid draws plots on a grid of cols × rows filling the data area,
// row by row.
type panelGrid struct {
	plots      []*plot.Plot
	labels     []string // each panel's label: its title when the whole entry is too wide
	cols, rows int
}

// fitTitle makes a panel's title no wider than the panel (width wd):
// smaller, down to 8 points, else the label alone (the legend beside the
// grid has the whole entry), smaller too if need be. The width is known
// only when the grid is drawn: the legend beside it takes what its
// entries need.
func fitTitle(p *plot.Plot, label string, wd vg.Length) {
	room := wd - vg.Points(4)
	st := &p.Title.TextStyle
	for st.Width(p.Title.Text) > room && st.Font.Size > 8 {
		st.Font.Size--
	}
	if st.Width(p.Title.Text) <= room {
		return
	}
	p.Title.Text = label
	for st.Width(p.Title.Text) > room && st.Font.Size > 6 {
		st.Font.Size--
	}
}

// Plot implements plot.Plotter.
func (t *panelGrid) Plot(c draw.Canvas, _ *plot.Plot) {
	wd := (c.Max.X - c.Min.X) / vg.Length(t.cols)
	ht := (c.Max.Y - c.Min.Y) / vg.Length(t.rows)
	// Whole pixels apart, the panels' data areas share their sub-pixel
	// phase, so their contours are one raster layer (contourlayer.go);
	// the grid loses less than a pixel a panel. Vector output is laid
	// out on the pixels of the PNG it must look like.
	dpi := float64(vectorDPI)
	if rc, ok := rasterOf(c.Canvas); ok {
		dpi = rc.DPI()
	}
	s := vg.Length(dpi / vg.Inch.Points())
	wd = vg.Length(math.Floor(float64(wd*s))) / s
	ht = vg.Length(math.Floor(float64(ht*s))) / s
	rects := make([]vg.Rectangle, len(t.plots))
	plots := make([]plotDrawer, len(t.plots))
	for i, sub := range t.plots {
		col, row := i%t.cols, i/t.cols
		rects[i] = vg.Rectangle{
			Min: vg.Point{X: c.Min.X + vg.Length(col)*wd, Y: c.Max.Y - vg.Length(row+1)*ht},
			Max: vg.Point{X: c.Min.X + vg.Length(col+1)*wd, Y: c.Max.Y - vg.Length(row)*ht},
		}
		q := *sub             // a copy to fit the title on: the grid may be drawn again, at another size
		label := q.Title.Text // basins' panels have no shorter label
		if i < len(t.labels) {
			label = t.labels[i]
		}
		fitTitle(&q, label, wd)
		plots[i] = &q
	}
	if lim := limitOf(c.Canvas); lim != nil && len(plots) > 1 && drawApart(c, plots, rects, lim) {
		return
	}
	for i, p := range plots {
		p.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: rects[i]})
	}
}
