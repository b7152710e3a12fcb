package plotting

import (
	"github.com/optlab/optlab/internal/stats"

	"fmt"
	"math"
	"sort"

	"github.com/optlab/optlab/internal/trace"
)

// group is the runs sharing a label (repeats), in order of appearance.
type group struct {
	Label string
	Color int // index into the run palette
	Runs  []trace.Run
}

// groupRuns groups runs by Label, keeping the order of first appearance.
func groupRuns(runs []trace.Run) []group {
	var gs []group
	at := map[string]int{}
	for _, r := range runs {
		i, ok := at[r.Label]
		if !ok {
			i = len(gs)
			at[r.Label] = i
			gs = append(gs, group{Label: r.Label, Color: i})
		}
		gs[i].Runs = append(gs[i].Runs, r)
	}
	for i := range gs {
		sort.SliceStable(gs[i].Runs, func(a, b int) bool { return gs[i].Runs[a].Repeat < gs[i].Runs[b].Repeat })
	}
	return gs
}

// statusNote summarises early stops in a group: "" when none, the status
// for a single run, "k/n status" for repeats (the most common status).
func (g group) statusNote() string {
	count := map[trace.Status]int{}
	var top trace.Status
	n := 0
	for _, r := range g.Runs {
		if stopped(r.Status) {
			n++
			count[r.Status]++
			if count[r.Status] > count[top] || (count[r.Status] == count[top] && r.Status < top) {
				top = r.Status
			}
		}
	}
	switch {
	case n == 0:
		return ""
	case len(g.Runs) == 1:
		return string(top)
	case len(count) == 1:
		return fmt.Sprintf("%d/%d %s", n, len(g.Runs), top)
	}
	return fmt.Sprintf("%d/%d stopped", n, len(g.Runs))
}

// fmtLoss formats a loss for a legend.
func fmtLoss(v float64) string { return fmt.Sprintf("%.3g", v) }

// lastLoss returns the last finite loss of a run.
func lastLoss(r trace.Run) (float64, bool) {
	for i := len(r.Points) - 1; i >= 0; i-- {
		if finite(r.Points[i].Loss) {
			return r.Points[i].Loss, true
		}
	}
	return 0, false
}

// quantiles returns, for each index up to the shortest series, the given
// quantiles across the series: out[k][i] is quantile qs[k] at index i.
func quantiles(series [][]float64, qs ...float64) [][]float64 {
	n := math.MaxInt
	for _, s := range series {
		n = min(n, len(s))
	}
	if len(series) == 0 || n == 0 {
		return make([][]float64, len(qs))
	}
	out := make([][]float64, len(qs))
	for k := range out {
		out[k] = make([]float64, n)
	}
	col := make([]float64, len(series))
	for i := 0; i < n; i++ {
		for j, s := range series {
			col[j] = s[i]
		}
		sort.Float64s(col)
		for k, q := range qs {
			out[k][i] = stats.Quantile(col, q)
		}
	}
	return out
}

// medianPath is the component-wise median of the paths at each step, up
// to the shortest path.
func medianPath(paths [][]xy) []xy {
	xs := make([][]float64, len(paths))
	ys := make([][]float64, len(paths))
	for i, p := range paths {
		xs[i], ys[i] = make([]float64, len(p)), make([]float64, len(p))
		for j, q := range p {
			xs[i][j], ys[i][j] = q.X, q.Y
		}
	}
	mx, my := quantiles(xs, 0.5)[0], quantiles(ys, 0.5)[0]
	m := make([]xy, len(mx))
	for i := range m {
		m[i] = xy{mx[i], my[i]}
	}
	return m
}

// thin reduces a series to at most limit points for drawing (limit ≥ 4). It
// keeps the first and last points and, in each of (limit−2)/2 consecutive
// buckets, the smallest and largest value in their original order, so
// spikes and the global extremes survive. Short series are returned as is.
func thin(xs, ys []float64, limit int) ([]float64, []float64) {
	n := len(ys)
	if n <= limit || limit < 4 {
		return xs, ys
	}
	buckets := (limit - 2) / 2
	tx, ty := make([]float64, 0, limit), make([]float64, 0, limit)
	tx, ty = append(tx, xs[0]), append(ty, ys[0])
	inner := n - 2
	for b := 0; b < buckets; b++ {
		lo := 1 + b*inner/buckets
		hi := 1 + (b+1)*inner/buckets
		if lo >= hi {
			continue
		}
		imin, imax := lo, lo
		for i := lo + 1; i < hi; i++ {
			if ys[i] < ys[imin] {
				imin = i
			}
			if ys[i] > ys[imax] {
				imax = i
			}
		}
		first, second := min(imin, imax), max(imin, imax)
		tx, ty = append(tx, xs[first]), append(ty, ys[first])
		if second != first {
			tx, ty = append(tx, xs[second]), append(ty, ys[second])
		}
	}
	return append(tx, xs[n-1]), append(ty, ys[n-1])
}
