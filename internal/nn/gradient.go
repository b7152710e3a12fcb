package nn

import "sync"

// gradChunk is the rows of a gradient chunk (see Gradient). It fixes the
// order in which a mini-batch's gradient is summed, so it must never
// depend on the number of workers.
const gradChunk = 32

// Gradient is Forward followed by Backward into dst, returning the loss.
//
// Without batch norm every row is independent from its input to its dA,
// so a mini-batch is cut into chunks of gradChunk rows, each taken
// forward, back and into its own partial dW and db (every entry summed
// over the chunk's rows in row order) by one worker, and the partial sums
// are added into dst in chunk order. The bits therefore depend on the
// chunk size and never on the workers, and everything a chunk computes
// stays in the cache of the core that computed it: the only values that
// cross cores are the partial gradients. Workers claim chunks in index
// order (the caller starts at once, while a helper is still waking: a
// hundred microseconds or more on a virtual machine); a chunk done before
// the one before it is left for the worker that adds that one, so no
// worker waits for another.
//
// With batch norm each layer's statistics need all rows, and Gradient is
// Forward and Backward, split per layer and phase.
func (n *Net) Gradient(w *Work, dst, p, x, y []float64, m int, train bool, ghost int, st *Stats, update bool) float64 {
	if len(n.bnDim) > 0 {
		l := n.Forward(w, p, x, y, m, train, ghost, st, update)
		n.Backward(w, dst, p)
		return l
	}
	n.begin(w, p, x, y, m, train, ghost, st, update)
	size := w.gradChunk
	if size <= 0 {
		size = gradChunk
	}
	chunks := (m + size - 1) / size
	for k := range dst[:n.n] {
		dst[k] = 0
	}
	w.parts.begin(chunks)
	chunk := func(c int) {
		lo, hi := c*size, min((c+1)*size, m)
		n.phase(w, phRows, 0, lo, hi)
		part := w.parts.take(n.n)
		n.gradChunk(w, part, lo, hi)
		w.parts.done(c, part, dst)
	}
	if w.blocks(3*m*n.rowWork(), chunks) == 1 {
		for c := range chunks {
			chunk(c)
		}
	} else {
		w.run(chunks, chunk)
	}
	return w.meanLoss()
}

// gradChunk writes into part (zeroed here) the dW and db of every layer
// summed over rows [lo, hi) in row order. Rows are the outer loop, so a
// layer's dW stays in cache while each input row is read once.
func (n *Net) gradChunk(w *Work, part []float64, lo, hi int) {
	for k := range part {
		part[k] = 0
	}
	for i, l := range n.layers {
		in, dz := w.a[i], w.dz[i]
		dW, db := part[l.w:l.w+l.out*l.in], part[l.b:l.b+l.out]
		for r := lo; r < hi; r++ {
			xr := in[r*l.in : (r+1)*l.in]
			for o, g := range dz[r*l.out : (r+1)*l.out] {
				db[o] += g
				if g == 0 {
					continue
				}
				axpy(g, xr, dW[o*l.in:(o+1)*l.in])
			}
		}
	}
}

// A partPool holds the partial gradients of one Gradient's chunks and
// adds them into dst in chunk order as they come: the buffers of the
// chunks under way (as many as ever ran at once, kept for the next step)
// and of those done before an earlier one.
type partPool struct {
	mu    sync.Mutex
	free  [][]float64
	ready [][]float64 // ready[c]: chunk c's part, done but not yet added
	next  int         // the first chunk not yet added
}

// begin readies the pool for a gradient of the given number of chunks.
func (pp *partPool) begin(chunks int) {
	if cap(pp.ready) < chunks {
		pp.ready = make([][]float64, chunks)
	}
	pp.ready = pp.ready[:chunks]
	pp.next = 0
}

// take returns a buffer of n values for a chunk under way.
func (pp *partPool) take(n int) []float64 {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	if k := len(pp.free); k > 0 {
		b := pp.free[k-1]
		pp.free = pp.free[:k-1]
		return b
	}
	return make([]float64, n)
}

// done records chunk c's part and adds into dst, in chunk order, every
// part from the first not yet added up to the first not yet done.
func (pp *partPool) done(c int, part, dst []float64) {
	pp.mu.Lock()
	defer pp.mu.Unlock()
	pp.ready[c] = part
	for ; pp.next < len(pp.ready) && pp.ready[pp.next] != nil; pp.next++ {
		b := pp.ready[pp.next]
		for k, v := range b {
			dst[k] += v
		}
		pp.ready[pp.next] = nil
		pp.free = append(pp.free, b)
	}
}
