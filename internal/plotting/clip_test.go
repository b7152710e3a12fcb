package plotting

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestClipPolylineInside(t *testing.T) {
	b := box{-1, 1, -1, 1}
	pts := []xy{{0, 0}, {0.5, 0.5}, {-0.5, 0.9}}
	got := clipPolyline(pts, b)
	if len(got) != 1 || len(got[0]) != 3 || got[0][2] != pts[2] {
		t.Fatalf("got %v, want the polyline itself", got)
	}
}

func TestClipPolylineLeavesAndReenters(t *testing.T) {
	b := box{0, 1, 0, 1}
	// In, out through the right edge, back in through the top edge.
	pts := []xy{{0.5, 0.5}, {1.5, 0.5}, {1.5, 1.5}, {0.5, 1.5}, {0.5, 0.6}, {0.4, 0.4}}
	got := clipPolyline(pts, b)
	if len(got) != 2 {
		t.Fatalf("got %d pieces %v, want 2", len(got), got)
	}
	if e := got[0][len(got[0])-1]; e != (xy{1, 0.5}) {
		t.Errorf("first piece ends at %v, want the crossing (1, 0.5)", e)
	}
	if s := got[1][0]; s != (xy{0.5, 1}) {
		t.Errorf("second piece starts at %v, want the crossing (0.5, 1)", s)
	}
	if e := got[1][len(got[1])-1]; e != (xy{0.4, 0.4}) {
		t.Errorf("second piece ends at %v", e)
	}
}

func TestClipPolylineHugeAndCrossing(t *testing.T) {
	b := box{-2, 2, -1, 3}
	big := math.MaxFloat64
	cases := []struct {
		name   string
		pts    []xy
		pieces int
	}{
		{"far to far across", []xy{{-big, 1}, {big, 1}}, 1},
		{"far diagonal across", []xy{{-big, -big}, {big, big}}, 1},
		{"out to 1e300", []xy{{0, 0}, {1e300, -1e300}}, 1},
		{"far away, never in", []xy{{1e300, 1e300}, {1e301, -1e299}}, 0},
		{"miss the corner", []xy{{-3, 2}, {-1, 4.5}}, 0},
		{"in from 1e300", []xy{{1e300, 1e300}, {1, 1}}, 1},
	}
	for _, c := range cases {
		got := clipPolyline(c.pts, b)
		if len(got) != c.pieces {
			t.Errorf("%s: %d pieces %v, want %d", c.name, len(got), got, c.pieces)
		}
		for _, piece := range got {
			for _, p := range piece {
				if !finite(p.X, p.Y) || !b.contains(p) {
					t.Errorf("%s: point %v not in the window", c.name, p)
				}
			}
		}
	}
	// With one end near the window the crossing is exact.
	near := func(p, q xy) bool { return math.Abs(p.X-q.X) < 1e-9 && math.Abs(p.Y-q.Y) < 1e-9 }
	if got := clipPolyline([]xy{{0, 0}, {1e300, 2e300}}, b); len(got) != 1 || !near(got[0][1], xy{1.5, 3}) {
		t.Errorf("out to (1e300, 2e300): %v, want an exit at (1.5, 3)", got)
	}
	if got := clipPolyline([]xy{{1e300, 1e300}, {1, 1}}, b); len(got) != 1 || !near(got[0][0], xy{2, 2}) || got[0][1] != (xy{1, 1}) {
		t.Errorf("in from (1e300, 1e300): %v, want (2,2)–(1,1)", got)
	}
	if got := clipPolyline([]xy{{-1e300, 1}, {0, 1}, {1e300, 1}}, b); len(got) != 1 ||
		got[0][0] != (xy{-2, 1}) || got[0][2] != (xy{2, 1}) {
		t.Errorf("through on y = 1: %v, want (-2,1)–(0,1)–(2,1)", got)
	}
}

// Random polylines: every output point lies in the window and is either
// an input point or on the window's edge; pieces have ≥ 2 points.
func TestClipPolylineRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	b := box{-1, 2, -3, 0.5}
	onEdge := func(p xy) bool {
		const eps = 1e-9
		return math.Abs(p.X-b.X0) < eps || math.Abs(p.X-b.X1) < eps ||
			math.Abs(p.Y-b.Y0) < eps || math.Abs(p.Y-b.Y1) < eps
	}
	for trial := 0; trial < 500; trial++ {
		pts := make([]xy, 2+rng.IntN(30))
		in := map[xy]bool{}
		for i := range pts {
			s := math.Pow(10, float64(rng.IntN(6)))
			pts[i] = xy{rng.NormFloat64() * s, rng.NormFloat64() * s}
			in[pts[i]] = true
		}
		for _, piece := range clipPolyline(pts, b) {
			if len(piece) < 2 {
				t.Fatalf("piece of %d points", len(piece))
			}
			for _, p := range piece {
				if !b.contains(p) || !(in[p] || onEdge(p)) {
					t.Fatalf("trial %d: point %v outside or invented", trial, p)
				}
			}
		}
	}
}

func TestLastExit(t *testing.T) {
	b := box{0, 1, 0, 1}
	if q, ok := lastExit([]xy{{0.5, 0.5}, {0.7, 0.2}}, b); !ok || q != (xy{0.7, 0.2}) {
		t.Errorf("inside: %v %v", q, ok)
	}
	if q, ok := lastExit([]xy{{0.5, 0.5}, {0.5, 5}, {1e300, 1e300}}, b); !ok || q != (xy{0.5, 1}) {
		t.Errorf("left through the top: %v %v, want (0.5, 1)", q, ok)
	}
	if _, ok := lastExit([]xy{{5, 5}, {6, 6}}, b); ok {
		t.Error("never inside: want false")
	}
}
