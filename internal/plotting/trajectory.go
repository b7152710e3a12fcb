package plotting

import (
	"github.com/optlab/optlab/internal/stats"

	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/trace"
)

// TrajectoryOptions configures Trajectory.
type TrajectoryOptions struct {
	Title    string    // default: "<landscape>: trajectories"
	GridSize int       // grid nodes per side; default DefaultGridSize
	Levels   int       // contour lines; default 12
	Lo, Hi   []float64 // window; default the landscape's Lo, Hi, enlarged to show the starts
	// LineWidth of a path; default 2pt. Repeats are drawn at half of it.
	LineWidth vg.Length
	// FreeAspect lets the axes have different scales. By default a unit is
	// as long on both axes (at the default figure size), so that gradients
	// look perpendicular to the contours: the window is enlarged, never cut.
	FreeAspect bool
}

// Trajectory draws the paths of runs over the landscape l. Every label has its own colour; repeats of a label (same
// Label, different Repeat) are drawn faintly with their component-wise
// median path in bold. Paths are clipped to the window; runs that stopped
// early get an X at their last finite point and their status in the legend.
func Trajectory(l Landscape, runs []trace.Run, o TrajectoryOptions) (*plot.Plot, error) {
	if l.grids == nil {
		l = l.Cached()
	}
	title := o.Title
	if title == "" {
		title = l.Name + ": trajectories"
	}
	lw := o.LineWidth
	if lw <= 0 {
		lw = vg.Points(2)
	}
	paths := make(map[*trace.Run][]xy, len(runs))
	var starts []xy
	groups := groupRuns(runs)
	for gi := range groups {
		for ri := range groups[gi].Runs {
			r := &groups[gi].Runs[ri]
			paths[r] = finitePath(*r)
			if pts := paths[r]; len(pts) > 0 && !containsPoint(starts, pts[0]) {
				starts = append(starts, pts[0])
			}
		}
	}
	w, err := window(l, o.Lo, o.Hi, starts)
	if err != nil {
		return nil, err
	}
	return fitted(w, o.FreeAspect, func(w box, contours bool) (*plot.Plot, error) {
		return drawTrajectories(l, groups, paths, starts, w, title, lw, o, contours)
	})
}

// drawTrajectories builds the trajectory figure over the window w.
func drawTrajectories(l Landscape, groups []group, paths map[*trace.Run][]xy, starts []xy,
	w box, title string, lw vg.Length, o TrajectoryOptions, contours bool) (*plot.Plot, error) {
	p, panel, err := landscape(l, w, title, o.GridSize, o.Levels, contours)
	if err != nil {
		return nil, err
	}
	halo := draw.LineStyle{Color: color.NRGBA{255, 255, 255, 150}, Width: lw + vg.Points(2.5)}
	// Bold paths are drawn longest first, so a short path (a slow or
	// early-stopped run) is never buried under a longer one that passes
	// the same way; stop marks go on top of all of them.
	type boldPath struct {
		l      *lines
		length float64
	}
	var bolds []boldPath
	var marks []plot.Plotter
	for _, g := range groups {
		col := RunColor(g.Color)
		bold := &lines{style: draw.LineStyle{Color: col, Width: lw}, halo: &halo, clip: true}
		var ends []xy // last points of runs that stopped early
		var rpaths [][]xy
		var finals []float64
		for i := range g.Runs {
			r := &g.Runs[i]
			pts := paths[r]
			if f, ok := lastLoss(*r); ok {
				finals = append(finals, f)
			}
			if len(pts) == 0 {
				continue
			}
			rpaths = append(rpaths, pts)
			if stopped(r.Status) {
				ends = append(ends, endMark(pts, w))
			}
			if len(g.Runs) > 1 {
				p.Add(&lines{pieces: [][]xy{pts}, clip: true,
					style: draw.LineStyle{Color: withAlpha(col, 0.35), Width: lw / 2}})
			}
		}
		if len(g.Runs) == 1 && len(rpaths) == 1 {
			bold.pieces = rpaths
		} else if len(rpaths) > 1 {
			bold.pieces = [][]xy{medianPath(rpaths)}
		}
		bolds = append(bolds, boldPath{bold, pathLength(bold.pieces)})
		icon := thumbs{bold}
		if len(ends) > 0 {
			x := &markers{pts: ends, shape: crossMarker, radius: vg.Points(9), fill: col,
				edge: color.NRGBA{0x10, 0x10, 0x10, 0xff}, width: vg.Points(2.5)}
			if len(g.Runs) > 1 {
				x.radius = vg.Points(7)
			}
			marks = append(marks, x)
			icon = append(icon, x)
		}
		panel.legend.Add(legendText(g, finals), icon)
	}
	sort.SliceStable(bolds, func(i, j int) bool { return bolds[i].length > bolds[j].length })
	for _, b := range bolds {
		p.Add(b.l)
	}
	p.Add(marks...)
	addLandmarks(p, panel.legend, l, w, starts, false)
	return p, nil
}

// legendText is "label  f=final" (the median final loss over repeats,
// "label ×n median"), followed by any early-stop status.
func legendText(g group, finals []float64) string {
	t := g.Label
	if t == "" {
		t = "(unlabelled)"
	}
	if len(g.Runs) > 1 {
		t += fmt.Sprintf(" ×%d median", len(g.Runs))
	}
	if len(finals) > 0 {
		sort.Float64s(finals)
		t += "  f=" + fmtLoss(stats.Quantile(finals, 0.5))
	} else {
		t += "  (no data)"
	}
	if note := g.statusNote(); note != "" {
		t += "  [" + note + "]"
	}
	return t
}

// endMark is where to mark the end of a path: its last point, or where it
// last left the window when that point is outside (the nearest point of
// the window if it never entered).
func endMark(pts []xy, w box) xy {
	if q, ok := lastExit(pts, w); ok {
		return q
	}
	return w.clamp(pts[len(pts)-1])
}

func containsPoint(pts []xy, q xy) bool {
	for _, p := range pts {
		if p == q {
			return true
		}
	}
	return false
}

// pathLength is the Euclidean length of polylines in data units.
func pathLength(pieces [][]xy) float64 {
	var l float64
	for _, pts := range pieces {
		for i := 1; i < len(pts); i++ {
			l += math.Hypot(pts[i].X-pts[i-1].X, pts[i].Y-pts[i-1].Y)
		}
	}
	return l
}
