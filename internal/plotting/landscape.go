package plotting

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// SurfaceOptions configures SurfaceFigure.
type SurfaceOptions struct {
	Title    string    // default: the landscape's name
	GridSize int       // grid nodes per side; default DefaultGridSize
	Levels   int       // contour lines; default 12
	Lo, Hi   []float64 // window; default the landscape's Lo, Hi (enlarged to show the start)
	NoStart  bool      // do not mark the standard start
	// FreeAspect lets the axes have different scales (see TrajectoryOptions).
	FreeAspect bool
}

// SurfaceFigure draws a landscape alone: filled log-scale contours with a
// colour bar, its minima and saddles marked and named, and its standard
// start.
func SurfaceFigure(l Landscape, o SurfaceOptions) (*plot.Plot, error) {
	if l.grids == nil {
		l = l.Cached()
	}
	title := o.Title
	if title == "" {
		title = l.Name
	}
	var starts []xy
	if st := l.Start; !o.NoStart && len(st) >= 2 && finite(st[0], st[1]) {
		starts = append(starts, xy{st[0], st[1]})
	}
	w, err := window(l, o.Lo, o.Hi, starts)
	if err != nil {
		return nil, err
	}
	return fitted(w, o.FreeAspect, func(w box, contours bool) (*plot.Plot, error) {
		p, panel, err := landscape(l, w, title, o.GridSize, o.Levels, contours)
		if err != nil {
			return nil, err
		}
		addLandmarks(p, panel.legend, l, w, starts, namesInFigure)
		return p, nil
	})
}

// fitted builds a landscape figure over w, or with equal axis scales over
// w enlarged by fitAspect. The layout is first probed on a build without
// contour lines (they take no room and are the costliest part); the
// figure is then built over the fitted window, and the grids sampled for
// both come from the landscape's cache.
func fitted(w box, free bool, build func(w box, contours bool) (*plot.Plot, error)) (*plot.Plot, error) {
	if !free {
		probe, err := build(w, false)
		if err != nil {
			return nil, err
		}
		w = fitAspect(probe, w)
	}
	return build(w, true)
}

// fitAspect enlarges w about its centre so that, in p's data area at the
// default figure size, a unit is as long along x as along y.
func fitAspect(p *plot.Plot, w box) box {
	full := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: encode.DefaultWidth, Y: encode.DefaultHeight}}}
	size := p.DataCanvas(encode.Inset(full)).Size()
	if size.X <= 0 || size.Y <= 0 {
		return w
	}
	ux, uy := (w.X1-w.X0)/float64(size.X), (w.Y1-w.Y0)/float64(size.Y)
	if ux > uy {
		h, mid := ux*float64(size.Y), (w.Y0+w.Y1)/2
		w.Y0, w.Y1 = mid-h/2, mid+h/2
	} else {
		h, mid := uy*float64(size.X), (w.X0+w.X1)/2
		w.X0, w.X1 = mid-h/2, mid+h/2
	}
	return w
}

// window returns the plotting window: lo/hi if given, else the
// landscape's default window, enlarged (by a 5% margin) to show every start lying not too far
// outside (within half the window's size).
func window(l Landscape, lo, hi []float64, starts []xy) (box, error) {
	fixed := lo != nil || hi != nil
	if !fixed {
		lo, hi = l.Lo[:], l.Hi[:]
	}
	if len(lo) != 2 || len(hi) != 2 || !finite(lo[0], lo[1], hi[0], hi[1]) ||
		!(lo[0] < hi[0]) || !(lo[1] < hi[1]) {
		return box{}, fmt.Errorf("plotting: bad window %v–%v", lo, hi)
	}
	b := box{lo[0], hi[0], lo[1], hi[1]}
	if fixed {
		return b, nil
	}
	wx, wy := b.X1-b.X0, b.Y1-b.Y0
	reach := box{b.X0 - wx/2, b.X1 + wx/2, b.Y0 - wy/2, b.Y1 + wy/2}
	for _, p := range starts {
		if b.contains(p) || !reach.contains(p) {
			continue
		}
		b.X0, b.X1 = min(b.X0, p.X-0.05*wx), max(b.X1, p.X+0.05*wx)
		b.Y0, b.Y1 = min(b.Y0, p.Y-0.05*wy), max(b.Y1, p.Y+0.05*wy)
	}
	return b, nil
}

// landscape builds a plot of l over w: heat map, contour lines (unless
// !contours: a build that only probes the layout), colour bar; it returns
// the side panel so callers can fill its legend. Its grids come from l's
// cache, which must be set.
func landscape(l Landscape, w box, title string, n, levels int, contours bool) (*plot.Plot, *sidePanel, error) {
	if n <= 0 {
		n = DefaultGridSize
	}
	if levels <= 0 {
		levels = 12
	}
	g, err := l.grids.grid(l, w, n, n)
	if err != nil {
		return nil, nil, err
	}
	pal := landscapePalette{n: 256, light: 0.38}
	heat := plotter.NewHeatMap(g, pal)
	heat.Rasterized = true
	// Contour lines are traced on a grid of their own, finer than the
	// heat map's (a narrow valley such as Rosenbrock's, Beale's arms and
	// Goldstein–Price's creases left jagged fragments at ⅔ of its nodes),
	// whose outer nodes lie on the window's edges so that the lines reach
	// the frame (a grid of cell centres stops half a cell short); the
	// traced lines are then smoothed (smoothContour). Levels it cannot
	// resolve are dropped.
	var cont plot.Plotter = nothing{}
	if contours {
		cn := max(4*n/3, 16)
		hx, hy := (w.X1-w.X0)/float64(cn-1), (w.Y1-w.Y0)/float64(cn-1)
		cw := box{w.X0 - hx/2, w.X1 + hx/2, w.Y0 - hy/2, w.Y1 + hy/2}
		cg, err := l.grids.grid(l, cw, cn, cn)
		if err != nil {
			return nil, nil, err
		}
		c := plotter.NewContour(rawGrid{cg}, cg.rawLevels(cg.Levels(levels)), nil)
		if len(c.Levels) == 0 {
			c.LineStyles = []draw.LineStyle{{}} // zero width: nothing drawn
			c.Levels = []float64{g.FMin}
		}
		c.LineStyles = []draw.LineStyle{{Color: color.NRGBA{0x20, 0x20, 0x20, 0x60}, Width: vg.Points(0.7)}}
		cont = orderedContour{c: c, traced: cg}
	}

	p := newPlot(title, "x", "y")
	panel := &sidePanel{
		bar:    &colorBar{pal: pal, min: g.Min(), max: g.Max(), label: g.Label()},
		legend: newLegend(),
	}
	p.Add(&heatLayer{grid: g, pal: pal, heat: heat}, cont, panel)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = w.X0, w.X1, w.Y0, w.Y1
	// A frame around the data area, as the heat map covers the axis lines.
	p.Add(frame{})
	return p, panel, nil
}

// addLandmarks marks the starts and the known minima (stars) and saddles
// (diamonds) inside w, with legend entries, and names the landmarks as
// names says.
func addLandmarks(p *plot.Plot, leg *plot.Legend, l Landscape, w box, starts []xy, names landmarkNames) {
	mins := &markers{shape: starMarker, radius: vg.Points(10), fill: color.White, edge: color.Black, width: vg.Points(1.2)}
	var keys landmarkKeys
	sads := &markers{shape: diamondMarker, radius: vg.Points(8), fill: color.White, edge: color.Black, width: vg.Points(1.2)}
	if names == namesKeyed {
		mins.tagSize, sads.tagSize = keyTagSize, keyTagSize
	}
	for _, m := range l.Points {
		if !finite(m.X, m.Y) || !w.contains(xy{m.X, m.Y}) {
			continue
		}
		dst := mins
		if m.Kind == Saddle {
			dst = sads
		}
		dst.pts = append(dst.pts, xy{m.X, m.Y})
		switch names {
		case namesInFigure:
			dst.names = append(dst.names, fmt.Sprintf("%s  f=%s", m.Name, fmtLoss(m.Value)))
		case namesKeyed:
			dst.names = append(dst.names, keys.next(m, dst))
		}
	}
	all := append(append(append([]xy(nil), mins.pts...), sads.pts...), starts...)
	mins.avoid, sads.avoid = all, all
	start := &markers{pts: starts, shape: circleMarker, radius: vg.Points(6.5), fill: color.Black, edge: color.White, width: vg.Points(1.5)}
	p.Add(mins, sads, start)
	if len(starts) > 0 {
		leg.Add("start", start)
	}
	if names == namesKeyed {
		keys.addTo(leg)
		return
	}
	if len(mins.pts) > 0 {
		leg.Add("minimum", mins)
	}
	if len(sads.pts) > 0 {
		leg.Add("saddle", sads)
	}
}

// frame strokes the border of the data area.
type frame struct{}

// Plot implements plot.Plotter.
func (frame) Plot(c draw.Canvas, _ *plot.Plot) {
	r := c.Rectangle
	c.StrokeLines(draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)},
		[]vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
}

// nothing is a plotter that draws nothing: the place of the contour lines
// in a build that only probes the layout.
type nothing struct{}

// Plot implements plot.Plotter.
func (nothing) Plot(draw.Canvas, *plot.Plot) {}
