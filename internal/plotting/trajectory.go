package plotting

import (
	"github.com/optlab/optlab/internal/stats"

	"fmt"
	"image/color"
	"math"
	"sort"
	"strings"

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
	// AutoWindow fits the window to every finite point of the paths (and
	// the starts), so that a small cloud of noisy steps fills the panel;
	// Lo and Hi win when set.
	AutoWindow bool
	// Notes are shown after a label in its legend entry, by label (e.g.
	// "lr 0.05 (--lr)": the rate a run really had, after lr scaling).
	Notes map[string]string
	// Overlay draws every label over one landscape however many there
	// are. By default more than six labels get a panel each on a grid
	// (small multiples over the same window: trajectoryPanels), as some
	// paths would hide others.
	Overlay bool
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
	lo, hi := o.Lo, o.Hi
	if o.AutoWindow && lo == nil && hi == nil {
		lo, hi = pathsBox(paths)
	}
	w, err := window(l, lo, hi, starts)
	if err != nil {
		return nil, err
	}
	if len(groups) > maxOverlaid && !o.Overlay {
		return trajectoryPanels(l, groups, paths, starts, w, title, lw, o)
	}
	return fitted(w, o.FreeAspect, func(w box, contours bool) (*plot.Plot, error) {
		return drawTrajectories(l, groups, paths, starts, w, title, lw, o, contours, wholeFigure)
	})
}

// drawTrajectories builds the trajectory figure over the window w.
func drawTrajectories(l Landscape, groups []group, paths map[*trace.Run][]xy, starts []xy,
	w box, title string, lw vg.Length, o TrajectoryOptions, contours bool, role panelRole) (*plot.Plot, error) {
	p, _, err := trajectoryPanel(l, groups, paths, starts, w, title, lw, o, contours, role)
	return p, err
}

// trajectoryPanel is drawTrajectories returning the side panel too.
func trajectoryPanel(l Landscape, groups []group, paths map[*trace.Run][]xy, starts []xy,
	w box, title string, lw vg.Length, o TrajectoryOptions, contours bool, role panelRole) (*plot.Plot, *sidePanel, error) {
	tile := role == gridPanel
	p, panel, err := landscape(l, w, title, o.GridSize, o.Levels, contours)
	if err != nil {
		return nil, nil, err
	}
	halo := draw.LineStyle{Color: color.NRGBA{255, 255, 255, 150}, Width: lw + vg.Points(2.5)}
	// Bold paths are drawn longest first, so a short path (a slow or
	// early-stopped run) is never buried under a longer one that passes
	// the same way; stop marks go on top of all of them.
	type boldPath struct {
		l      *lines
		length float64
		level  int // how many paths drawn before it this one runs along
	}
	var bolds []boldPath
	var marks []plot.Plotter
	var drawn [][][]xy // the bold paths so far, to find coinciding ones
	var texts []string // the legend entries of the labels
	diag := math.Hypot(w.X1-w.X0, w.Y1-w.Y0)
	for _, g := range groups {
		col := RunColor(g.Color)
		bold := &lines{style: draw.LineStyle{Color: col, Width: lw}, halo: &halo, clip: true}
		med := -1
		var ends []xy    // last points of runs that stopped early
		var stops []exit // where runs that stopped outside the window left it
		var stopLabels []string
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
				// The ✕ where it stopped when that is in the window; else
				// the arrow where it left is labelled with its last point.
				if last := pts[len(pts)-1]; w.contains(last) {
					ends = append(ends, last)
				} else if ex := exits(pts, w); len(ex) > 0 {
					stops = append(stops, ex[len(ex)-1])
					stopLabels = append(stopLabels, lastPointLabel(last))
				} else {
					ends = append(ends, w.clamp(last))
				}
			}
			if len(g.Runs) > 1 {
				p.Add(&lines{pieces: [][]xy{pts}, clip: true,
					style: draw.LineStyle{Color: withAlpha(col, 0.35), Width: lw / 2}})
			}
		}
		if len(g.Runs) == 1 && len(rpaths) == 1 {
			bold.pieces = rpaths
		} else if len(rpaths) > 1 {
			med = medoid(g.Runs)
			if pts := paths[&g.Runs[med]]; len(pts) > 0 {
				bold.pieces = [][]xy{pts}
			}
		}
		// A path that runs along one drawn before it is drawn narrower
		// and dashed on top of it, so that both stay visible.
		drawn = append(drawn, bold.pieces)
		bolds = append(bolds, boldPath{bold, pathLength(bold.pieces), 0})
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
		text := legendText(g, finals, o.Notes[g.Label])
		if med >= 0 {
			text = strings.Replace(text, fmt.Sprintf(" ×%d median", len(g.Runs)), fmt.Sprintf(" ×%d, medoid #%d", len(g.Runs), g.Runs[med].Repeat), 1)
		}
		var ex []exit
		for _, pc := range bold.pieces {
			ex = append(ex, exits(pc, w)...)
		}
		if len(g.Runs) > 1 { // the repeats' final exits, labelled
			ex = nil
		}
		if len(stops) > 0 || len(ex) > 0 {
			labels := make([]string, len(ex), len(ex)+len(stops))
			if len(g.Runs) == 1 && len(stops) == 1 && len(ex) > 0 {
				ex = ex[:len(ex)-1] // the stop's own exit, labelled below
				labels = labels[:len(ex)]
			}
			a := &arrows{ex: append(ex, stops...), labels: append(labels, stopLabels...), color: col, size: vg.Points(11)}
			marks = append(marks, a)
			if len(stops) > 0 {
				icon = append(icon, a)
			}
		}
		panel.legend.Add(text, icon)
		texts = append(texts, text)
	}
	levels, tops := stackLevels(drawn, 0.006*diag)
	for i := range bolds {
		b := &bolds[i]
		b.level = levels[i]
		b.l.style.Width = overlapWidth(lw, levels[i], tops[i])
		if b.level > 0 {
			b.l.style.Dashes = overlapDashes(b.level)
			b.l.halo = nil // a halo would cover the path underneath
		}
	}
	// Widest first (a path others run along is drawn under them), then
	// longest first.
	sort.SliceStable(bolds, func(i, j int) bool {
		if bolds[i].level != bolds[j].level {
			return bolds[i].level < bolds[j].level
		}
		return bolds[i].length > bolds[j].length
	})
	for _, b := range bolds {
		p.Add(b.l)
	}
	p.Add(marks...)
	names := namesInFigure // minima named, as on the surface figure
	if role != wholeFigure {
		names = namesKeyed // by letters in the panels, the letters in the legend beside
	}
	addLandmarks(p, panel.legend, l, w, starts, names)
	if tile {
		// A panel of a grid: its one run's legend entry is its title, the
		// figure's colour bar and legend are beside the grid.
		p.Title.Text = strings.Join(texts, "; ")
		panel.bar, panel.legend = nil, nil
	}
	return p, panel, nil
}

// legendText is "label  f=final" (the median final loss over repeats,
// "label ×n median"), followed by any early-stop status.
func legendText(g group, finals []float64, note string) string {
	t := g.Label
	if t == "" {
		t = "(unlabelled)"
	}
	if note != "" {
		t += " " + note
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

// stackLevels finds the paths that run along others (most of one's
// length, sampled evenly along it, within tol of the other: equal speed
// is not needed, and a path that stops early on another's way counts):
// levels[i] is how many paths before i it runs along, tops[i] the highest level among the
// paths of its stack (0 for a path alone).
func stackLevels(paths [][][]xy, tol float64) (levels, tops []int) {
	n := len(paths)
	levels, tops = make([]int, n), make([]int, n)
	with := make([][]bool, n)
	samples := make([][]xy, n) // each path resampled once
	for i := range paths {
		samples[i] = resample(paths[i], 64)
	}
	for i := range paths {
		with[i] = make([]bool, n)
		for j := 0; j < i; j++ {
			a, b := samples[i], samples[j]
			if len(a) > 0 && len(b) > 0 && (along(a, b, tol) || along(b, a, tol)) {
				with[i][j], with[j][i] = true, true
				levels[i]++
			}
		}
	}
	for i := range paths {
		tops[i] = levels[i]
		for j := range paths {
			if with[i][j] {
				tops[i] = max(tops[i], levels[j])
			}
		}
	}
	return levels, tops
}

// along reports whether at least 60% of the samples of a lie within tol
// of the polyline through b's samples (taken densely enough for tol).
func along(a, b []xy, tol float64) bool {
	// Squared distances (no Hypot in the inner loop), and a segment whose
	// box, grown by tol, misses q is skipped before any arithmetic.
	tol2 := tol * tol
	if math.IsInf(tol2, 0) || math.IsNaN(tol2) {
		tol2 = math.Inf(1)
	}
	near := 0
	for _, q := range a {
		for i := 1; i < len(b); i++ {
			u, v := b[i-1], b[i]
			if q.X < min(u.X, v.X)-tol || q.X > max(u.X, v.X)+tol || q.Y < min(u.Y, v.Y)-tol || q.Y > max(u.Y, v.Y)+tol {
				continue
			}
			if segDist2(q, u, v) <= tol2 {
				near++
				break
			}
		}
	}
	return near*10 >= 6*len(a)
}

// segDist2 is the squared distance from q to the segment u–v.
func segDist2(q, u, v xy) float64 {
	dx, dy := v.X-u.X, v.Y-u.Y
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((q.X-u.X)*dx+(q.Y-u.Y)*dy)/l))
	}
	ex, ey := q.X-u.X-t*dx, q.Y-u.Y-t*dy
	return ex*ex + ey*ey
}

// resample returns n points evenly spaced along the pieces' length
// (nil for a path of no length).
func resample(pieces [][]xy, n int) []xy {
	total := pathLength(pieces)
	if !(total > 0) || !finite(total) {
		return nil
	}
	out := make([]xy, 0, n)
	step := total / float64(n-1)
	next, done := 0.0, 0.0
	for _, pts := range pieces {
		for i := 1; i < len(pts); i++ {
			l := math.Hypot(pts[i].X-pts[i-1].X, pts[i].Y-pts[i-1].Y)
			for next <= done+l && len(out) < n {
				t := 0.0
				if l > 0 {
					t = (next - done) / l
				}
				out = append(out, xy{pts[i-1].X + t*(pts[i].X-pts[i-1].X), pts[i-1].Y + t*(pts[i].Y-pts[i-1].Y)})
				next += step
			}
			done += l
		}
	}
	return out
}

// pathsBox is the bounding box of every point of the paths, padded by 5%
// (nil when there is no finite extent).
func pathsBox(paths map[*trace.Run][]xy) ([]float64, []float64) {
	b := box{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, pts := range paths {
		for _, q := range pts {
			b.X0, b.X1 = math.Min(b.X0, q.X), math.Max(b.X1, q.X)
			b.Y0, b.Y1 = math.Min(b.Y0, q.Y), math.Max(b.Y1, q.Y)
		}
	}
	if !finite(b.X0, b.X1, b.Y0, b.Y1) {
		return nil, nil
	}
	px, py := 0.05*(b.X1-b.X0), 0.05*(b.Y1-b.Y0)
	pad := math.Max(math.Max(px, py), 1e-9*(1+math.Abs(b.X0)+math.Abs(b.Y0)))
	px, py = math.Max(px, pad), math.Max(py, pad)
	return []float64{b.X0 - px, b.Y0 - py}, []float64{b.X1 + px, b.Y1 + py}
}
