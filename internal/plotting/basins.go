package plotting

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// BasinsOptions configures Basins.
type BasinsOptions struct {
	Title  string    // default: "<landscape>: basins of attraction"
	Lo, Hi []float64 // window; default the landscape's Lo, Hi
	// Grid is [nx, ny] when the starts are the cell centres of a grid
	// over the window: each start is then drawn as its cell, so the
	// panel is a map of where each part of the window ends. Otherwise
	// (random starts) each start is a dot.
	Grid []int
}

// Basin names that are no minimum's (lab.BasinNone, lab.BasinDiverged;
// plotting imports no engine package).
const (
	basinNone     = "none"
	basinDiverged = "diverged"
)

// basinPalette colours the basins: strong hues, none of them near the
// landscape's light yellow-orange (the run palette's orange vanished on it).
var basinPalette = []color.NRGBA{
	{0x1f, 0x5f, 0xc4, 0xff}, // blue
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
}

func basinColor(k int) color.NRGBA { return basinPalette[k%len(basinPalette)] }

// basinColors colour the basins: the landscape's minima in their order
// take basinPalette's colours, "none" is grey, "diverged" black.
func basinColors(l Landscape, runs []trace.Run) (names []string, cols map[string]color.NRGBA) {
	cols = map[string]color.NRGBA{}
	k := 0
	for _, m := range l.Points {
		if m.Kind != Saddle {
			if _, ok := cols[m.Name]; !ok {
				cols[m.Name] = basinColor(k)
				names = append(names, m.Name)
				k++
			}
		}
	}
	var extra []string // basins the runs name that the landscape does not
	for _, r := range runs {
		if _, ok := cols[r.Basin]; !ok && r.Basin != basinNone && r.Basin != basinDiverged {
			cols[r.Basin] = basinColor(k)
			extra = append(extra, r.Basin)
			k++
		}
	}
	sort.Strings(extra)
	names = append(names, extra...)
	cols[basinNone] = color.NRGBA{0x9a, 0x9a, 0x9a, 0xff}
	cols[basinDiverged] = color.NRGBA{0x10, 0x10, 0x10, 0xff}
	return append(names, basinNone, basinDiverged), cols
}

// Basins draws a basin experiment (runs from many starts, each with its
// Basin): one panel per label over the same window, each start coloured
// by the basin its run ended in (the classic basin-of-attraction map:
// "from here you end there"), the end points on top in the same colours
// and the minima marked. Each panel's title gives its label's fractions;
// the legend beside the grid names the basins.
func Basins(l Landscape, runs []trace.Run, o BasinsOptions) (*plot.Plot, error) {
	if l.grids == nil {
		l = l.Cached()
	}
	title := o.Title
	if title == "" {
		title = l.Name + ": basins of attraction"
	}
	w, err := window(l, o.Lo, o.Hi, nil)
	if err != nil {
		return nil, err
	}
	names, cols := basinColors(l, runs)
	groups := groupRuns(runs)
	if len(groups) == 0 {
		return nil, fmt.Errorf("plotting: basins: no runs")
	}
	used := map[string]bool{}
	for _, r := range runs {
		used[r.Basin] = true
	}
	// Panels on the grid whose panel shape is nearest the window's (as
	// trajectoryPanels).
	n := len(groups)
	want := (w.X1 - w.X0) / (w.Y1 - w.Y0)
	ncols, best := 1, math.Inf(1)
	for c := 1; c <= n; c++ {
		r := (n + c - 1) / c
		if d := math.Abs(math.Log(1.1 * float64(r) / float64(c) / want)); d < best-1e-9 {
			ncols, best = c, d
		}
	}
	t := &panelGrid{cols: ncols, rows: (n + ncols - 1) / ncols}
	for _, g := range groups {
		sub, sp, err := landscape(l, w, basinTitle(g, names), 0, 0, true)
		if err != nil {
			return nil, err
		}
		sp.bar, sp.legend = nil, nil // the figure's legend is beside the grid
		addBasinRuns(sub, g.Runs, cols, w, o.Grid)
		addLandmarks(sub, newLegend(), l, w, nil, namesNone)
		sub.Add(minimaNames(l, w))
		shrink(sub)
		sub.Title.TextStyle.Font.Size = vg.Points(12)
		room := encode.DefaultWidth * 0.6 / vg.Length(ncols)
		for sub.Title.TextStyle.Width(sub.Title.Text) > room && sub.Title.TextStyle.Font.Size > 8 {
			sub.Title.TextStyle.Font.Size--
		}
		t.plots = append(t.plots, sub)
	}
	// The side panel: the basins (those some run ended in) and the marks;
	// no colour bar, as the starts' colours cover the landscape's.
	_, panel, err := landscape(l, w, title, 0, 0, false)
	if err != nil {
		return nil, err
	}
	panel.bar = nil
	for _, b := range names {
		if !used[b] && (b == basinNone || b == basinDiverged) {
			continue
		}
		c := cols[b]
		panel.legend.Add("ends "+b, &cells{fill: []color.NRGBA{withAlpha(c, startAlpha)}},
			&markers{shape: circleMarker, radius: vg.Points(4), fill: c, edge: color.Black, width: vg.Points(0.8)})
	}
	startIcon := &markers{shape: circleMarker, radius: vg.Points(4), fill: color.White, edge: color.Black, width: vg.Points(0.8)}
	if len(o.Grid) == 2 {
		panel.legend.Add("start (its cell)", &cells{fill: []color.NRGBA{{0xc0, 0xc0, 0xc0, 0xff}}})
	} else {
		panel.legend.Add("start", &markers{shape: circleMarker, radius: vg.Points(3), fill: color.NRGBA{0xa0, 0xa0, 0xa0, 0xff}})
	}
	panel.legend.Add("end point", startIcon)
	addLandmarks(&plot.Plot{}, panel.legend, l, w, nil, namesNone)
	p := newPlot(title, "", "")
	p.HideAxes()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w.X0, w.X1, w.Y0, w.Y1
	p.Add(t, panel)
	return p, nil
}

// minimaNames marks the minima in w again, with their names only (the
// basins' names; the values and the saddle's name would crowd a panel).
func minimaNames(l Landscape, w box) *markers {
	m := &markers{shape: starMarker, radius: vg.Points(10), fill: color.White, edge: color.Black, width: vg.Points(1.2)}
	for _, p := range l.Points {
		if q := (xy{p.X, p.Y}); finite(p.X, p.Y) && w.contains(q) {
			m.avoid = append(m.avoid, q)
			if p.Kind != Saddle {
				m.pts, m.names = append(m.pts, q), append(m.names, p.Name)
			}
		}
	}
	return m
}

// startAlpha is the opacity of a start's cell: the contours show through.
const startAlpha = 0.6

// basinTitle is "label: flat 94% · sharp 5% · none 1%", the basins in
// the legend's order, those no run ended in left out.
func basinTitle(g group, order []string) string {
	count := map[string]int{}
	for _, r := range g.Runs {
		count[r.Basin]++
	}
	var parts []string
	for _, b := range order {
		if count[b] > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", b, percent(float64(count[b])/float64(len(g.Runs)))))
		}
	}
	return g.Label + ": " + strings.Join(parts, " · ")
}

// percent is a fraction as a whole percentage, or "<1%" for a few runs.
func percent(f float64) string {
	if f > 0 && f < 0.005 {
		return "<1%"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

// addBasinRuns adds a panel's starts (cells of a grid, or dots) and end
// points, coloured by basin.
func addBasinRuns(p *plot.Plot, runs []trace.Run, cols map[string]color.NRGBA, w box, grid []int) {
	starts := &cells{}
	dots := &markers{shape: circleMarker, radius: vg.Points(3), edge: color.NRGBA{0, 0, 0, 0}}
	var dotPts []xy
	var dotCols []color.NRGBA
	ends := map[string]*markers{}
	var endOrder []string
	for _, r := range runs {
		if len(r.Points) == 0 || len(r.Points[0].X) < 2 {
			continue
		}
		c := cols[r.Basin]
		s := xy{r.Points[0].X[0], r.Points[0].X[1]}
		if len(grid) == 2 {
			starts.pts = append(starts.pts, s)
			starts.fill = append(starts.fill, withAlpha(c, startAlpha))
		} else {
			dotPts, dotCols = append(dotPts, s), append(dotCols, withAlpha(c, 0.8))
		}
		last := r.Points[len(r.Points)-1].X
		if len(last) < 2 || !finite(last[0], last[1]) || !w.contains(xy{last[0], last[1]}) {
			continue
		}
		m, ok := ends[r.Basin]
		if !ok {
			m = &markers{shape: circleMarker, radius: vg.Points(3.5), fill: c, edge: color.Black, width: vg.Points(0.6)}
			ends[r.Basin] = m
			endOrder = append(endOrder, r.Basin)
		}
		m.pts = append(m.pts, xy{last[0], last[1]})
	}
	if len(grid) == 2 {
		starts.hx, starts.hy = (w.X1-w.X0)/float64(grid[0])/2, (w.Y1-w.Y0)/float64(grid[1])/2
		p.Add(starts)
	}
	for i := range dotPts {
		d := *dots
		d.pts, d.fill = dotPts[i:i+1], dotCols[i]
		p.Add(&d)
	}
	for _, b := range endOrder {
		p.Add(ends[b])
	}
}

// cells fills the rectangle of half-sizes hx, hy (data units) about each
// point with its colour; as a legend icon, a square of fill[0].
type cells struct {
	pts    []xy
	fill   []color.NRGBA
	hx, hy float64
}

// Plot implements plot.Plotter.
func (s *cells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, q := range s.pts {
		x0, x1 := trX(q.X-s.hx), trX(q.X+s.hx)
		y0, y1 := trY(q.Y-s.hy), trY(q.Y+s.hy)
		x0, x1 = max(x0, c.Min.X), min(x1, c.Max.X)
		y0, y1 = max(y0, c.Min.Y), min(y1, c.Max.Y)
		if x1 <= x0 || y1 <= y0 {
			continue
		}
		c.FillPolygon(s.fill[i], []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
}

// Thumbnail implements plot.Thumbnailer.
func (s *cells) Thumbnail(c *draw.Canvas) {
	if len(s.fill) == 0 {
		return
	}
	h := vg.Points(6)
	m := c.Center()
	c.FillPolygon(s.fill[0], []vg.Point{{X: m.X - h, Y: m.Y - h}, {X: m.X + h, Y: m.Y - h}, {X: m.X + h, Y: m.Y + h}, {X: m.X - h, Y: m.Y + h}})
}
