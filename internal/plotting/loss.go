package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/trace"
)

// DefaultMaxPoints bounds the points drawn per loss line.
const DefaultMaxPoints = 2000

// LossOptions configures Loss. The plotted value is loss − FMin + Offset
// on a log scale, and the y label says so.
type LossOptions struct {
	Title string // default "loss"
	// FMin is the known optimal value f*, subtracted from every loss
	// (0 for most surfaces; negative for e.g. sixhump).
	FMin float64
	// Offset is added after subtracting FMin so that values ≤ 0 stay on
	// the log scale (values still ≤ 0 are dropped). 0 means automatic:
	// none when every loss is above FMin; else FMin is lowered to the
	// lowest loss if needed and the offset is a tenth of the smallest
	// positive loss − FMin.
	Offset float64
	// Smooth, if set, maps each full-resolution series of plotted values
	// to a smoothed one of the same length; it runs before thinning, and
	// the raw curve is drawn faintly underneath.
	Smooth func([]float64) []float64
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
}

// series is one run's plotted values, cut at its first non-finite loss.
type series struct{ x, y []float64 }

// Loss draws loss versus step for every run on a log scale: one line per
// label, or for repeats the median line with an interquartile band. Lines
// are thinned to MaxPoints (after smoothing), keeping the first and last
// points and the extremes; runs that stopped early get an X at their last
// point. The y axis is linear in log10 of the plotted value, with ticks
// labelled as powers of ten.
func Loss(runs []trace.Run, o LossOptions) (*plot.Plot, error) {
	fmin, off := o.FMin, o.Offset
	if !finite(fmin, off) || off < 0 {
		return nil, fmt.Errorf("plotting: loss: bad FMin %g or Offset %g", fmin, off)
	}
	if off == 0 {
		fmin, off = autoShift(runs, fmin)
	}
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
	p := newPlot(title, "step", yLabel(fmin, off))
	p.Y.Tick.Marker = powTicks{}
	p.X.Tick.Marker = roundTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{0xd8}, color.Gray{0xd8}
	grid.Vertical.Width, grid.Horizontal.Width = vg.Points(0.6), vg.Points(0.6)
	panel := &sidePanel{legend: newLegend()}
	p.Add(grid, panel)

	r := newRange()
	var later []plot.Plotter // drawn last: markers of stopped runs
	var marks []*markers
	lw := vg.Points(2)
	for _, g := range groupRuns(runs) {
		col := RunColor(g.Color)
		var raw, smooth []series
		var finals []float64
		var ends []xy
		for _, run := range g.Runs {
			if f, ok := lastLoss(run); ok {
				finals = append(finals, f)
			}
			s := lossSeries(run, fmin, off)
			if len(s.y) == 0 {
				continue
			}
			ls := log10Of(s)
			r.start(ls.y[0])
			if stopped(run.Status) {
				ends = append(ends, xy{ls.x[len(ls.x)-1], ls.y[len(ls.y)-1]})
			}
			raw = append(raw, ls)
			if o.Smooth != nil {
				sy := o.Smooth(append([]float64(nil), s.y...))
				if len(sy) != len(s.y) {
					return nil, fmt.Errorf("plotting: loss: Smooth returned %d values for %d", len(sy), len(s.y))
				}
				ls = log10Of(series{s.x, sy})
			}
			if len(ls.y) > 0 {
				smooth = append(smooth, ls)
			}
		}
		bold := &lines{style: draw.LineStyle{Color: col, Width: lw}}
		icon := thumbs{bold}
		faint := draw.LineStyle{Color: withAlpha(col, 0.3), Width: lw / 2}
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
			if o.Smooth != nil {
				rx, rq := quartiles(raw)
				p.Add(r.line(series{rx, rq[1]}, limit, faint))
			}
			bold.pieces = r.line(series{x, q[1]}, limit, bold.style).pieces
		}
		p.Add(bold)
		if len(ends) > 0 {
			m := &markers{pts: ends, shape: crossMarker, radius: vg.Points(8), fill: col,
				edge: color.NRGBA{0x10, 0x10, 0x10, 0xff}, width: vg.Points(2.5)}
			later, marks = append(later, m), append(marks, m)
			icon = append(icon, m)
		}
		panel.legend.Add(legendText(g, finals), icon)
	}
	p.Add(later...)
	lo, hi := r.yRange(o.YMin, o.YMax)
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
	for _, m := range marks { // keep the X of a run that ran off the scale visible
		for i := range m.pts {
			m.pts[i].Y = math.Min(math.Max(m.pts[i].Y, lo), hi)
		}
	}
	return p, nil
}

// lossSeries returns the run's plotted values up to its first non-finite
// loss, skipping values that are still ≤ 0.
func lossSeries(r trace.Run, fmin, off float64) series {
	var s series
	for _, pt := range r.Points {
		if !finite(pt.Loss) {
			break
		}
		if v := pt.Loss - fmin + off; v > 0 && finite(v) {
			s.x, s.y = append(s.x, float64(pt.Step)), append(s.y, v)
		}
	}
	return s
}

// log10Of maps values to log10, dropping non-finite and non-positive
// ones (a smoothing may produce them).
func log10Of(s series) series {
	out := series{make([]float64, 0, len(s.y)), make([]float64, 0, len(s.y))}
	for i, v := range s.y {
		if v > 0 && finite(v) {
			out.x, out.y = append(out.x, s.x[i]), append(out.y, math.Log10(v))
		}
	}
	return out
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

// autoShift makes every plotted value positive: when some loss is below
// fmin (a wrong or unknown f*), f* becomes the lowest loss; when some loss
// reaches f*, the offset is a tenth of the smallest positive gap.
func autoShift(runs []trace.Run, fmin float64) (float64, float64) {
	low := math.Inf(1)
	for _, r := range runs {
		for _, pt := range r.Points {
			if !finite(pt.Loss) {
				break
			}
			low = math.Min(low, pt.Loss)
		}
	}
	if math.IsInf(low, 1) || low-fmin > 0 {
		return fmin, 0
	}
	fmin = math.Min(fmin, low)
	small, scale := math.Inf(1), 0.0
	for _, r := range runs {
		if len(r.Points) > 0 && finite(r.Points[0].Loss) {
			scale = math.Max(scale, r.Points[0].Loss-fmin)
		}
		for _, pt := range r.Points {
			if !finite(pt.Loss) {
				break
			}
			if v := pt.Loss - fmin; v > 0 {
				small = math.Min(small, v)
			}
		}
	}
	if math.IsInf(small, 1) {
		return fmin, 1e-12 * math.Max(1, math.Abs(fmin))
	}
	// A run that lands exactly on f* after subnormal values would push the
	// axis down to 1e-324: no offset below float64's resolution of the
	// starting losses.
	return fmin, math.Max(small/10, 1e-16*scale)
}

func yLabel(fmin, off float64) string {
	l := "loss"
	if fmin != 0 {
		l = fmt.Sprintf("loss − f*   (f* = %.6g)", fmin)
	}
	if off != 0 {
		l += fmt.Sprintf("  + %.1e", off)
	}
	return l
}

// roundTicks labels round step numbers (25, 50, …; never "25.0").
type roundTicks struct{}

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	return stepTicks(lo, hi)
}
