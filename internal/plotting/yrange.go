package plotting

import (
	"math"

	"gonum.org/v1/plot/vg/draw"
)

// yRanger collects the extent of what a loss figure draws.
type yRanger struct {
	lo, hi, startMax, x0, x1 float64
}

func newRange() *yRanger {
	inf := math.Inf(1)
	return &yRanger{lo: inf, hi: -inf, startMax: -inf, x0: inf, x1: -inf}
}

// start records a run's first plotted value.
func (r *yRanger) start(v float64) { r.startMax = math.Max(r.startMax, v) }

// add records plotted values.
func (r *yRanger) add(ys []float64) {
	for _, v := range ys {
		r.lo, r.hi = math.Min(r.lo, v), math.Max(r.hi, v)
	}
}

// line thins s to at most limit points and returns it as a line plotter,
// recording its extent.
func (r *yRanger) line(s series, limit int, sty draw.LineStyle) *lines {
	x, y := thin(s.x, s.y, limit)
	r.add(y)
	pts := make([]xy, len(x))
	for i := range x {
		pts[i] = xy{x[i], y[i]}
	}
	if len(x) > 0 {
		r.x0, r.x1 = math.Min(r.x0, x[0]), math.Max(r.x1, x[len(x)-1])
	}
	return &lines{pieces: [][]xy{pts}, style: sty}
}

// yRange returns the y axis range, in log10 of the plotted values:
// log10(ymin/ymax) when > 0, else the data's extent with its top capped
// 4 decades above the highest start, padded by 3% on both ends.
func (r *yRanger) yRange(ymin, ymax float64) (lo, hi float64) {
	lo, hi = r.lo, r.hi
	if math.IsInf(lo, 1) {
		lo, hi = -1, 1
	}
	if !math.IsInf(r.startMax, -1) {
		hi = math.Min(hi, r.startMax+4)
	}
	pad := 0.03 * (hi - lo)
	lo, hi = lo-pad, hi+pad
	if ymin > 0 && finite(ymin) {
		lo = math.Log10(ymin)
	}
	if ymax > 0 && finite(ymax) {
		hi = math.Log10(ymax)
	}
	if !(hi > lo) {
		lo, hi = lo-1, lo+1
	}
	return lo, hi
}
