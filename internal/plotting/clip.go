package plotting

import (
	"math"

	"github.com/optlab/optlab/internal/trace"
)

// xy is a point in data coordinates.
type xy struct{ X, Y float64 }

// box is a closed window [X0, X1] × [Y0, Y1] in data coordinates.
type box struct{ X0, X1, Y0, Y1 float64 }

func (b box) contains(p xy) bool {
	return p.X >= b.X0 && p.X <= b.X1 && p.Y >= b.Y0 && p.Y <= b.Y1
}

// clamp returns the point of b nearest to p.
func (b box) clamp(p xy) xy {
	return xy{math.Min(math.Max(p.X, b.X0), b.X1), math.Min(math.Max(p.Y, b.Y0), b.Y1)}
}

// clipPolyline cuts the polyline pts to the window b: the result is the
// list of its maximal pieces inside b, each with ≥ 2 points, where a piece
// ends where the line leaves b and a new one starts where it re-enters
// (at the exact crossing points). It is safe for any finite coordinates,
// up to ±math.MaxFloat64: no intermediate value overflows.
func clipPolyline(pts []xy, b box) [][]xy {
	var out [][]xy
	var cur []xy
	flush := func() {
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = nil
	}
	for i := 1; i < len(pts); i++ {
		a, q := pts[i-1], pts[i]
		if len(cur) > 0 && b.contains(q) { // the common case: staying inside
			cur = append(cur, q)
			continue
		}
		p, q2, ok := clipSegment(a, q, b)
		if !ok {
			flush()
			continue
		}
		if len(cur) > 0 && cur[len(cur)-1] != p {
			flush()
		}
		if len(cur) == 0 {
			cur = make([]xy, 1, len(pts)-i+1)
			cur[0] = p
		}
		cur = append(cur, q2)
		if q2 != q { // the segment leaves the window
			flush()
		}
	}
	flush()
	return out
}

// lastExit returns where the polyline pts was last inside the window b:
// its last point if inside, else the point where it last left b; false
// when it never enters b.
func lastExit(pts []xy, b box) (xy, bool) {
	if n := len(pts); n > 0 && b.contains(pts[n-1]) {
		return pts[n-1], true
	}
	for i := len(pts) - 1; i > 0; i-- {
		if _, q, ok := clipSegment(pts[i-1], pts[i], b); ok {
			return q, true
		}
	}
	return xy{}, false
}

// clipSegment clips the segment a→b to the window (Liang–Barsky). The
// direction is handled as half-differences so that it never overflows,
// and an endpoint far away from the window (a diverging run's 1e300) is
// first pulled in along the segment from the near end, so that the
// crossing is computed from the near end, where it is precise. (When both
// ends are far, the segment's position is not resolved near the window
// anyway; the result still lies in the window.)
func clipSegment(a, b xy, w box) (xy, xy, bool) {
	lim := 1e6 * math.Max(w.X1-w.X0, w.Y1-w.Y0)
	reach := box{w.X0 - lim, w.X1 + lim, w.Y0 - lim, w.Y1 + lim}
	ra, rb := reach.contains(a), reach.contains(b)
	a0, b0 := a, b
	if ra && !rb {
		b = pullIn(a, b, lim)
	} else if rb && !ra {
		a = pullIn(b, a, lim)
	}
	p, q, ok := liangBarsky(a, b, w)
	if ok && q == b { // b was not cut: report the original endpoint
		q = b0
	}
	if ok && p == a {
		p = a0
	}
	return p, q, ok
}

// pullIn returns the point of the segment near→far at a distance of about
// lim (in the max norm) from near.
func pullIn(near, far xy, lim float64) xy {
	hx, hy := far.X/2-near.X/2, far.Y/2-near.Y/2
	s := (lim / 2) / math.Max(math.Abs(hx), math.Abs(hy))
	return xy{near.X + (hx*s)*2, near.Y + (hy*s)*2}
}

func liangBarsky(a, b xy, w box) (xy, xy, bool) {
	hx, hy := b.X/2-a.X/2, b.Y/2-a.Y/2 // (b − a)/2
	t0, t1 := 0.0, 1.0
	// Each edge: the point is inside when p·t ≤ q, with p, q halved.
	for _, e := range [4][2]float64{
		{-hx, a.X/2 - w.X0/2}, {hx, w.X1/2 - a.X/2},
		{-hy, a.Y/2 - w.Y0/2}, {hy, w.Y1/2 - a.Y/2},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return xy{}, xy{}, false
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
		if t0 > t1 {
			return xy{}, xy{}, false
		}
	}
	at := func(t float64) xy {
		switch t {
		case 0:
			return a
		case 1:
			return b
		}
		return w.clamp(xy{a.X + (t*hx)*2, a.Y + (t*hy)*2})
	}
	return at(t0), at(t1), true
}

// finitePath returns the run's 2-D path up to (excluding) its first point
// with a non-finite or missing coordinate.
func finitePath(r trace.Run) []xy {
	pts := make([]xy, 0, len(r.Points))
	for _, p := range r.Points {
		if len(p.X) < 2 || !finite(p.X[0], p.X[1]) {
			break
		}
		pts = append(pts, xy{p.X[0], p.X[1]})
	}
	return pts
}
