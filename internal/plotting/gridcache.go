package plotting

import "sync"

// maxCachedGrids bounds a gridCache. A figure needs at most three grids
// (the heat map's of the default window, to lay the figure out, then the
// heat map's and the contours' of the window fitted to equal scales); a
// few more serve other figures of one command. A 120×120 grid is about
// 230 KB.
const maxCachedGrids = 8

// gridKey is what a grid depends on besides its landscape.
type gridKey struct {
	w          box
	cols, rows int
}

// gridCache holds the grids sampled from one landscape, keyed by window
// and size. Sampling is the costly part of a landscape (a function call
// per node, and the levels tested on every node), and a figure asks for
// the same grid several times.
type gridCache struct {
	mu      sync.Mutex
	entries map[gridKey]*gridEntry
	order   []gridKey // oldest first, for eviction
}

// gridEntry is one grid, sampled once by whichever caller asks first;
// the others wait for it rather than sample it again.
type gridEntry struct {
	once sync.Once
	g    *Grid
	err  error
}

func newGridCache() *gridCache {
	return &gridCache{entries: map[gridKey]*gridEntry{}}
}

// grid returns l's grid of cols×rows nodes over w, sampling it on first
// use. Grids are never changed once built, so they are shared freely.
func (c *gridCache) grid(l Landscape, w box, cols, rows int) (*Grid, error) {
	k := gridKey{w, cols, rows}
	c.mu.Lock()
	e, ok := c.entries[k]
	if !ok {
		if len(c.order) == maxCachedGrids {
			delete(c.entries, c.order[0])
			c.order = c.order[1:]
		}
		e = &gridEntry{}
		c.entries[k] = e
		c.order = append(c.order, k)
	}
	c.mu.Unlock()
	e.once.Do(func() {
		e.g, e.err = NewGrid(l, []float64{w.X0, w.Y0}, []float64{w.X1, w.Y1}, cols, rows)
	})
	return e.g, e.err
}
