package plotting

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/stats"
	"github.com/optlab/optlab/internal/trace"
)

// DefaultMaxPoints bounds the points drawn per loss line.
const DefaultMaxPoints = 2000

// LossOptions configures Loss. With a known f* the plotted value is the
// gap f − f* on a log axis, down to an honest floor: gaps at or below
// float64's resolution at f* (exactly 0 when f* = 0) are drawn on the
// floor as "reached f*", marked at the first step they happen. Without
// one (NoFStar) it is the loss itself: on a log axis when every loss is
// positive, else on a symmetric-log one.
type LossOptions struct {
	Title string // default "loss"
	// FMin is the known optimal value f*, subtracted from every loss
	// (0 for most surfaces; negative for e.g. sixhump).
	FMin float64
	// NoFStar says the problem has no known minimum (a saddle, a surface
	// unbounded below): FMin is ignored and the loss is drawn itself. A
	// run's own lowest loss is never taken for f*.
	NoFStar bool
	// Smooth, if set, maps each full-resolution series to a smoothed one
	// of the same length; it runs before thinning, and the raw curve is
	// drawn faintly underneath. It smooths the plotted log10 values (so
	// that a curve reaching the floor is not dragged late by the linear
	// average of its past) unless SmoothLinear.
	Smooth       func([]float64) []float64
	SmoothLinear bool
	// MaxPoints per drawn line; default DefaultMaxPoints.
	MaxPoints int
	// YMin and YMax fix the y range (of plotted values) when > 0. By
	// default it spans the data, with the top capped 4 decades above the
	// highest start so that a diverging run does not flatten the others
	// (it leaves through the top edge). p.Y holds log10 of the range.
	YMin, YMax float64
	// LRPanel adds a strip under the curves with each label's learning
	// rate per step (its schedule), on a linear scale from 0 to the
	// largest rate (see lrpanel.go).
	LRPanel bool
	// LogSteps draws the step axis on a log scale (step 0 at step 1/2).
	LogSteps bool
	// Notes are shown after a label in its legend entry, by label (see
	// TrajectoryOptions.Notes).
	Notes map[string]string
	// TestLoss, if set, is a point's test loss (NaN where not evaluated):
	// each label's drawn run also gets it as a dashed curve in its colour
	// (testloss.go).
	TestLoss func(trace.Point) float64
	// XScale, when set, puts label L's step t at t·XScale[L] on the x
	// axis (its cost per step: gradient evaluations, examples, seconds),
	// named XLabel; see xscale.go.
	XScale map[string]float64
	XLabel string
}

// series is one run's plotted values, cut at its first non-finite loss.
type series struct{ x, y []float64 }

// lossAxis maps losses to the plotted (log10 or symmetric-log) values.
type lossAxis struct {
	kind  int     // gapAxis, logAxis or symAxis
	fstar float64 // gapAxis: f*
	res   float64 // gapAxis: gaps ≤ res have reached f*
	c     float64 // symAxis: linear within ±c
	floor float64 // gapAxis: where reached points are drawn (log10)
}

const (
	gapAxis = iota
	logAxis
	symAxis
)

func newLossAxis(runs []trace.Run, o LossOptions) lossAxis {
	if !o.NoFStar {
		// f − f* below a few ulps of f* is rounding, not distance.
		return lossAxis{kind: gapAxis, fstar: o.FMin, res: 4 * 0x1p-52 * math.Abs(o.FMin)}
	}
	pos, scale := true, 0.0
	for _, r := range runs {
		for i, pt := range r.Points {
			if !finite(pt.Loss) {
				break
			}
			pos = pos && pt.Loss > 0
			if i == 0 {
				scale = math.Max(scale, math.Abs(pt.Loss))
			}
		}
	}
	if pos {
		return lossAxis{kind: logAxis}
	}
	if !(scale > 0) {
		scale = 1
	}
	return lossAxis{kind: symAxis, c: 1e-3 * scale}
}

// value is the plotted value of loss f, and whether f has reached f*.
func (a lossAxis) value(f float64) (float64, bool) {
	switch a.kind {
	case gapAxis:
		if g := f - a.fstar; g > a.res {
			return math.Log10(g), false
		}
		return a.floor, true
	case logAxis:
		return math.Log10(f), false
	}
	return math.Copysign(math.Log10(1+math.Abs(f)/a.c), f), false
}

// shownLog names a plotted value y in the axis' terms.
func (a lossAxis) shownLog(y float64) string {
	switch a.kind {
	case gapAxis:
		return "f − f* = " + fmtLoss(math.Pow(10, y))
	case logAxis:
		return "f = " + fmtLoss(math.Pow(10, y))
	}
	return "f = " + fmtLoss(math.Copysign(a.c*(math.Pow(10, math.Abs(y))-1), y))
}

// fmtStep formats a plotted step (log10 of it on a log step axis).
func fmtStep(x float64, logSteps bool) string {
	if logSteps {
		x = math.Round(math.Pow(10, x))
	}
	return fmt.Sprintf("%.0f", x)
}

// shown is the legend's value of loss f, in the axis' terms.
func (a lossAxis) shown(f float64) string {
	if a.kind == gapAxis {
		if f-a.fstar <= a.res {
			return "f − f* = 0"
		}
		return "f − f* = " + fmtLoss(f-a.fstar)
	}
	return "f = " + fmtLoss(f)
}

func (a lossAxis) label() string {
	switch a.kind {
	case gapAxis:
		if a.fstar == 0 {
			return "f − f*   (f* = 0)"
		}
		return fmt.Sprintf("f − f*   (f* = %.6g)", a.fstar)
	case logAxis:
		return "f   (no known minimum)"
	}
	return fmt.Sprintf("f   (symmetric log, linear within ±%.2g; no known minimum)", a.c)
}

// floorNote says in plain words what the floor of a gap axis means.
func (a lossAxis) floorNote() string {
	if a.res == 0 {
		return "reached f* exactly (first step)"
	}
	return fmt.Sprintf("reached f*: f − f* ≤ %.1e, float64's resolution there", a.res)
}

// setFloor puts the floor of a gap axis half a decade under the lowest
// gap above it; it reports whether some run reached f*.
func (a *lossAxis) setFloor(runs []trace.Run) bool {
	if a.kind != gapAxis {
		return false
	}
	low, reached := math.Inf(1), false
	for _, r := range runs {
		for _, pt := range r.Points {
			if !finite(pt.Loss) {
				break
			}
			if g := pt.Loss - a.fstar; g > a.res {
				low = math.Min(low, math.Log10(g))
			} else {
				reached = true
			}
		}
	}
	if math.IsInf(low, 1) {
		low = 0
		if a.res > 0 {
			low = math.Log10(a.res) + 0.5
		}
	}
	a.floor = math.Floor(low-0.5) - 0.0
	if a.res > 0 {
		a.floor = math.Min(a.floor, math.Log10(a.res))
	}
	return reached
}

// Loss draws loss versus step for every run: one line per label, or for
// repeats the medoid run (the one whose final loss is closest to the
// median) bold over the interquartile band. Lines are thinned to
// MaxPoints (after smoothing), keeping the first and last points and the
// extremes; runs that stopped early get an X at their last point, runs
// that reached f* a triangle on the floor at the first step they did.
func Loss(runs []trace.Run, o LossOptions) (*plot.Plot, error) {
	if !finite(o.FMin) {
		return nil, fmt.Errorf("plotting: loss: bad FMin %g", o.FMin)
	}
	ax := newLossAxis(runs, o)
	anyReached := ax.setFloor(runs)
	limit := o.MaxPoints
	if limit <= 0 {
		limit = DefaultMaxPoints
	}
	title := o.Title
	if title == "" {
		title = "loss"
	}
	// The y axis is linear in log10 of the plotted value, labelled with
	// powers of ten. (plot.LogScale pads the plot for its axis label as
	// if at the arithmetic midpoint of the range, which on a log axis
	// leaves a large gap under the title when the label is long.)
	p := newPlot(title, "step", ax.label())
	p.Y.Tick.Marker = powTicks{}
	if ax.kind == symAxis {
		p.Y.Tick.Marker = symTicks{ax.c}
	}
	p.X.Tick.Marker = roundTicks{}
	stepX := func(v float64) float64 { return v }
	if o.LogSteps {
		p.X.Tick.Marker = powTicks{}
		p.X.Label.Text = "step (log scale; step 0 drawn at ½)"
		stepX = func(v float64) float64 { return math.Log10(math.Max(v, 0.5)) }
	}
	if o.XLabel != "" {
		p.X.Label.Text = o.XLabel
		if o.LogSteps {
			p.X.Label.Text += " (log scale)"
		}
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{0xd8}, color.Gray{0xd8}
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.6), vg.Points(0.6)
	panel := &sidePanel{legend: newLegend()}
	p.Add(grid, panel)

	r := newRange()
	if anyReached {
		r.add([]float64{ax.floor})
		p.Y.Tick.Marker = floorTicks{powTicks{}, ax.floor}
	}
	var later []plot.Plotter // drawn last: markers of stopped runs
	var marks []*markers
	lw := vg.Points(2)
	reachedEdge := color.NRGBA{0x10, 0x10, 0x10, 0xff}
	var bolds, tests []*lines
	for _, g := range groupRuns(runs) {
		col := RunColor(g.Color)
		stepX := scaledX(stepX, o, g.Label)
		var raw, smooth []series
		var finals []float64
		var ends, hits []xy
		firstHit := -1
		for _, run := range g.Runs {
			if f, ok := lastLoss(run); ok {
				finals = append(finals, f)
			}
			s, hit := lossSeries(run, ax, stepX)
			if len(s.y) == 0 {
				continue
			}
			if hit >= 0 {
				hits = append(hits, xy{stepX(float64(hit)), ax.floor})
				if firstHit < 0 || hit < firstHit {
					firstHit = hit
				}
			}
			r.start(s.y[0])
			if stopped(run.Status) {
				ends = append(ends, xy{s.x[len(s.x)-1], s.y[len(s.y)-1]})
			}
			raw = append(raw, s)
			if o.Smooth != nil {
				sm, err := smoothSeries(s, run, ax, stepX, o)
				if err != nil {
					return nil, err
				}
				s = sm
			}
			smooth = append(smooth, s)
		}
		bold := &lines{style: draw.LineStyle{Color: col, Width: lw}}
		icon := thumbs{bold}
		faint := draw.LineStyle{Color: withAlpha(col, 0.3), Width: lw / 2}
		med := -1
		switch {
		case len(g.Runs) == 1 && len(smooth) == 1:
			if o.Smooth != nil {
				p.Add(r.line(raw[0], limit, faint))
			}
			bold.pieces = r.line(smooth[0], limit, bold.style).pieces
		case len(smooth) > 1:
			x, q := quartiles(smooth)
			bx, lo := thin(x, q[0], limit)
			tx, hi := thin(x, q[2], limit)
			r.add(lo)
			r.add(hi)
			b := &band{ux: tx, uy: hi, lx: bx, ly: lo, color: withAlpha(col, 0.22)}
			p.Add(b)
			icon = thumbs{b, bold}
			med = medoid(g.Runs)
			k := min(med, len(smooth)-1)
			if o.Smooth != nil {
				p.Add(r.line(raw[k], limit, faint))
			}
			bold.pieces = r.line(smooth[k], limit, bold.style).pieces
		}
		bolds = append(bolds, bold)
		if o.TestLoss != nil && len(g.Runs) > 0 {
			k := 0
			if med >= 0 {
				k = med
			}
			if tl := testCurve(g.Runs[k], o.TestLoss, ax, stepX, r, limit, col, lw); tl != nil {
				tests = append(tests, tl)
			}
		}
		if len(ends) > 0 {
			m := &markers{pts: ends, shape: crossMarker, radius: vg.Points(8), fill: col,
				edge: color.NRGBA{0x10, 0x10, 0x10, 0xff}, width: vg.Points(2.5)}
			later, marks = append(later, m), append(marks, m)
			icon = append(icon, m)
		}
		if len(hits) > 0 {
			m := &markers{pts: hits, shape: downMarker, radius: vg.Points(6), fill: col, edge: reachedEdge, width: vg.Points(1)}
			later = append(later, m)
		}
		panel.legend.Add(lossLegend(g, finals, ax, med, firstHit, o.Notes[g.Label]), icon)
	}
	if len(tests) > 0 {
		testLegend(panel.legend, lw)
	}
	if anyReached {
		note := &markers{shape: downMarker, radius: vg.Points(6), fill: color.Gray{0xa0}, edge: reachedEdge, width: vg.Points(1)}
		panel.legend.Add(ax.floorNote(), note)
	}
	// A curve that runs along one drawn before it is drawn narrower and
	// dashed on top of it, so that both stay visible.
	// (Compared in a unit box: steps and decades are not commensurable.)
	sx, sy := 1/math.Max(r.x1-r.x0, 1e-300), 1/math.Max(r.hi-r.lo, 1e-300)
	var drawn [][][]xy
	for _, b := range bolds {
		var ps [][]xy
		for _, pc := range b.pieces {
			q := make([]xy, len(pc))
			for i, v := range pc {
				q[i] = xy{v.X * sx, v.Y * sy}
			}
			ps = append(ps, q)
		}
		drawn = append(drawn, ps)
	}
	levels, tops := stackLevels(drawn, 0.006)
	for i, b := range bolds {
		b.style.Width = overlapWidth(lw, levels[i], tops[i])
		b.style.Dashes = overlapDashes(levels[i])
		p.Add(b)
	}
	for _, tl := range tests {
		p.Add(tl)
	}
	p.Add(later...)
	lo, hi := r.yRange(o.YMin, o.YMax)
	if anyReached {
		lo = math.Min(lo, ax.floor-0.3)
	}
	p.Y.Min, p.Y.Max = lo, hi
	p.X.Min, p.X.Max = r.x0, r.x1
	if !(r.x1 > r.x0) {
		p.X.Min, p.X.Max = r.x0-0.5, r.x0+0.5
	}
	if o.LRPanel {
		if err := addLRPanel(p, runs, lo, hi); err != nil {
			return nil, err
		}
	}
	// A run that stopped above the top edge gets an arrow up there at its
	// last step, labelled with its last value, instead of its ✕.
	// One label per run label (the first of its repeats up there), each
	// a line lower than the one before, so that labels do not overprint.
	labelled := 0
	for _, m := range marks {
		kept := m.pts[:0]
		named := false
		for _, q := range m.pts {
			if q.Y > hi {
				a := &arrows{ex: []exit{{xy{q.X, hi}, xy{0, 1}}}, color: m.fill, size: vg.Points(11)}
				if !named {
					a.labels = []string{fmt.Sprintf("last %s at %s", ax.shownLog(q.Y), xName(o, fmtStep(q.X, o.LogSteps)))}
					a.drop = vg.Points(32) * vg.Length(labelled)
					named = true
					labelled++
				}
				p.Add(a)
				continue
			}
			q.Y = math.Max(q.Y, lo)
			kept = append(kept, q)
		}
		m.pts = kept
	}
	return p, nil
}

// floorTicks labels the floor of a gap axis "f*" (what is drawn there
// has reached it; the floor is no value of the gap) and drops the other
// labels within half a decade of it.
type floorTicks struct {
	plot.Ticker
	floor float64
}

// Ticks implements plot.Ticker.
func (f floorTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for _, t := range f.Ticker.Ticks(lo, hi) {
		if t.Value > f.floor+0.5 || (t.Label == "" && t.Value > f.floor) {
			ts = append(ts, t)
		}
	}
	return append(ts, plot.Tick{Value: f.floor, Label: "f*"})
}

// lossLegend is a loss figure's legend entry: the label, the final value
// in the axis' terms (of the medoid for repeats, naming its repeat), the
// first step at which f* was reached and any early stop.
func lossLegend(g group, finals []float64, ax lossAxis, med, firstHit int, note string) string {
	t := g.Label
	if t == "" {
		t = "(unlabelled)"
	}
	if note != "" {
		t += " " + note
	}
	if med >= 0 {
		t += fmt.Sprintf(" ×%d, medoid #%d", len(g.Runs), g.Runs[med].Repeat)
		if f, ok := lastLoss(g.Runs[med]); ok {
			t += "  " + ax.shown(f)
		}
	} else if len(finals) > 0 {
		t += "  " + ax.shown(finals[0])
	} else {
		t += "  (no data)"
	}
	if firstHit >= 0 {
		t += fmt.Sprintf("  reached f* at step %d", firstHit)
	}
	if note := g.statusNote(); note != "" {
		t += "  [" + note + "]"
	}
	return t
}

// medoid is the index of the run whose final loss is closest to the
// median final loss (the lower one of two as close): a path someone
// walked, where a per-step median is not.
func medoid(runs []trace.Run) int {
	var fs []float64
	for _, r := range runs {
		if f, ok := lastLoss(r); ok {
			fs = append(fs, f)
		}
	}
	if len(fs) == 0 {
		return 0
	}
	sort.Float64s(fs)
	m := stats.Quantile(fs, 0.5)
	best, dist := 0, math.Inf(1)
	for i, r := range runs {
		f, ok := lastLoss(r)
		if !ok {
			continue
		}
		if d := math.Abs(f - m); d < dist {
			best, dist = i, d
		}
	}
	return best
}

// lossSeries returns the run's plotted values up to its first non-finite
// loss, and the first step at which it reached f* (−1: never).
func lossSeries(r trace.Run, ax lossAxis, stepX func(float64) float64) (series, int) {
	var s series
	hit := -1
	for _, pt := range r.Points {
		if !finite(pt.Loss) {
			break
		}
		y, reached := ax.value(pt.Loss)
		if reached && hit < 0 {
			hit = pt.Step
		}
		s.x, s.y = append(s.x, stepX(float64(pt.Step))), append(s.y, y)
	}
	return s, hit
}

// smoothSeries smooths a run's curve: its plotted values, or with
// SmoothLinear its linear gaps (mapped back, dropping non-positive ones).
func smoothSeries(s series, r trace.Run, ax lossAxis, stepX func(float64) float64, o LossOptions) (series, error) {
	if !o.SmoothLinear || ax.kind == symAxis {
		sy := o.Smooth(append([]float64(nil), s.y...))
		if len(sy) != len(s.y) {
			return series{}, fmt.Errorf("plotting: loss: Smooth returned %d values for %d", len(sy), len(s.y))
		}
		return series{s.x, sy}, nil
	}
	var lin []float64
	var xs []float64
	for _, pt := range r.Points {
		if !finite(pt.Loss) {
			break
		}
		v := pt.Loss
		if ax.kind == gapAxis {
			v -= ax.fstar
		}
		lin, xs = append(lin, v), append(xs, stepX(float64(pt.Step)))
	}
	sy := o.Smooth(append([]float64(nil), lin...))
	if len(sy) != len(lin) {
		return series{}, fmt.Errorf("plotting: loss: Smooth returned %d values for %d", len(sy), len(lin))
	}
	var out series
	for i, v := range sy {
		if ax.kind == gapAxis {
			v += ax.fstar
		}
		if y, _ := ax.value(v); finite(y) {
			out.x, out.y = append(out.x, xs[i]), append(out.y, y)
		}
	}
	return out, nil
}

// quartiles returns the steps of the shortest series and the 25/50/75%
// quantiles across the series at each index.
func quartiles(ss []series) ([]float64, [][]float64) {
	ys := make([][]float64, len(ss))
	x := ss[0].x
	for i, s := range ss {
		ys[i] = s.y
		if len(s.x) < len(x) {
			x = s.x
		}
	}
	return x, quantiles(ys, 0.25, 0.5, 0.75)
}

// overlapWidth is the width of a line at overlap level k of top: the
// lowest of a stack of coinciding lines is the widest, each one above
// narrower, the top one lw, so that every one shows as a rim.
func overlapWidth(lw vg.Length, k, top int) vg.Length {
	return lw * vg.Length(1+0.6*float64(top-k))
}

// overlapDashes gives the k-th of coinciding lines a dash pattern (none
// for the first), so that the ones under it show through its gaps.
func overlapDashes(i int) []vg.Length {
	switch i % 4 {
	case 1:
		return []vg.Length{vg.Points(7), vg.Points(3)}
	case 2:
		return []vg.Length{vg.Points(2), vg.Points(2)}
	case 3:
		return []vg.Length{vg.Points(8), vg.Points(2), vg.Points(2), vg.Points(2)}
	}
	return nil
}

// roundTicks labels round step numbers (25, 50, …; never "25.0").
type roundTicks struct{}

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	ts := stepTicks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = stepLabel(ts[i].Value)
		}
	}
	return ts
}

// stepLabel is a step count as a tick label: plain below 10⁴, else with a
// k or M suffix ("250k", "1M", "2.5M"), so that the labels of a
// 5·10⁶-step run stay short and apart (never "1e+06").
func stepLabel(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1e9:
		return strconv.FormatFloat(v/1e9, 'g', 6, 64) + "G"
	case a >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 6, 64) + "M"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e3, 'g', 6, 64) + "k"
	}
	return strconv.FormatFloat(v+0, 'g', 6, 64) // +0: no "-0"
}
