package plotting

import (
	"io"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// A figure samples each grid it needs once — the heat map's of the
// default window (for the layout), the heat map's and the contours' of
// the window fitted to equal scales — and a second figure of the same
// cached landscape and window samples nothing, even drawn concurrently.
func TestGridsSampledOnce(t *testing.T) {
	var calls atomic.Int64
	s := rosenbrock()
	runs := syntheticRuns(s, 200)
	f := s.F
	s.F = FuncOf(func(x, y float64) float64 { calls.Add(1); return f.At(x, y) })
	l := s.Landscape.Cached()
	p, err := Trajectory(l, runs, TrajectoryOptions{Overlay: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := encode.Save(io.Discard, p, "png", 0, 0); err != nil {
		t.Fatal(err)
	}
	n, cn := DefaultGridSize, 4*DefaultGridSize/3 // the contours' own, finer grid
	if got, want := calls.Load(), int64(2*n*n+cn*cn); got != want {
		t.Errorf("first figure: %d evaluations, want %d", got, want)
	}
	calls.Store(0)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			p, err := Trajectory(l, runs, TrajectoryOptions{Overlay: true})
			if err == nil {
				err = encode.Save(io.Discard, p, "png", 0, 0)
			}
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := calls.Load(); got != 0 {
		t.Errorf("figures of a cached window: %d evaluations, want 0", got)
	}
}

// The cache holds a bounded number of grids.
func TestGridCacheBounded(t *testing.T) {
	l := halfpipe().Landscape.Cached()
	for i := range 3 * maxCachedGrids {
		w := box{-1, 1 + float64(i), -1, 1}
		if _, err := l.grids.grid(l, w, 4, 4); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(l.grids.entries); n != maxCachedGrids || len(l.grids.order) != n {
		t.Errorf("%d entries, %d in order; want %d", n, len(l.grids.order), maxCachedGrids)
	}
}
