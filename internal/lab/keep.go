package lab

import "github.com/optlab/optlab/internal/trace"

// keeper holds the points of one run for figures. With a limit it keeps
// every stride-th recorded point, doubling the stride (and dropping every
// other kept point) whenever the limit is reached, so memory stays flat;
// the last point is always kept. X values live in one growing flat slice.
type keeper struct {
	limit, n int
	stride   int
	seen     int
	pts      []trace.Point
	xs       []float64
	last     trace.Point
	lastX    []float64
	lastSet  bool
}

// newKeeper expects about expect points (0: unknown) and sizes its
// storage for them up front, so recording does not regrow slices.
func newKeeper(limit, n, expect int) *keeper {
	if limit > 0 && expect > limit {
		expect = limit
	}
	return &keeper{limit: limit, n: n, stride: 1, lastX: make([]float64, n),
		pts: make([]trace.Point, 0, expect), xs: make([]float64, 0, expect*n)}
}

func (k *keeper) add(p trace.Point) {
	k.seen++
	k.last = p
	copy(k.lastX, p.X)
	k.lastSet = true
	if (k.seen-1)%k.stride != 0 {
		return
	}
	if k.limit > 0 && len(k.pts) >= k.limit {
		k.compact()
		if (k.seen-1)%k.stride != 0 {
			return
		}
	}
	p.X = nil
	k.pts = append(k.pts, p)
	k.xs = append(k.xs, k.lastX...)
}

// compact drops every other kept point and doubles the stride.
func (k *keeper) compact() {
	j := 0
	for i := 0; i < len(k.pts); i += 2 {
		k.pts[j] = k.pts[i]
		copy(k.xs[j*k.n:(j+1)*k.n], k.xs[i*k.n:(i+1)*k.n])
		j++
	}
	k.pts = k.pts[:j]
	k.xs = k.xs[:j*k.n]
	k.stride *= 2
}

func (k *keeper) points() []trace.Point {
	pts := k.pts
	xs := k.xs
	if k.lastSet && (len(pts) == 0 || pts[len(pts)-1].Step != k.last.Step) {
		pts = append(pts, k.last)
		xs = append(xs, k.lastX...)
	}
	for i := range pts {
		pts[i].X = xs[i*k.n : (i+1)*k.n : (i+1)*k.n]
	}
	return pts
}
