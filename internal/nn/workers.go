package nn

import (
	"sync"
	"sync/atomic"
)

// A split is how a Work's passes are shared across goroutines: each pass
// is cut into contiguous blocks of rows or units, a few per worker, which
// k workers claim in index order as they come free: through the command's
// worker limit when there is one (so one run with k workers and many runs
// at once never oversubscribe the cores: a block with no free slot runs on
// its caller), else on goroutines of their own. Claiming blocks rather
// than owning one each is what keeps both cores busy: the caller starts at
// once while a helper is still waking (a hundred microseconds or more on a
// virtual machine), and blocks of unequal cost even out. The zero value
// runs everything on the caller. Which goroutine runs a block never
// changes a bit: every number is computed by the same operations in the
// same order (see Net.Forward).
type split struct {
	k       int
	do      func(jobs int, fn func(i int)) // a worker limit's Do, or nil
	minWork int                            // least work a block (minBlock; tests lower it)
}

// SetWorkers splits w's passes across k workers (k ≤ 1: none), run through
// do (a parallel.Limit's Do) when it is not nil.
func (w *Work) SetWorkers(k int, do func(jobs int, fn func(i int))) {
	w.par = split{k: k, do: do, minWork: minBlock}
}

// minBlock is the least work (multiply-adds) worth a block of its own:
// below it handing the block to another goroutine costs more than it saves.
const minBlock = 1 << 15

// blocksPerWorker is how many blocks a pass is cut into per worker, enough
// for the early worker to take over the share of a late one.
const blocksPerWorker = 8

// blocks is how many blocks a pass of the given work (multiply-adds) over
// count items is cut into: none (1) without workers or when the work is
// too little to share.
func (w *Work) blocks(work, count int) int {
	if w.par.k <= 1 {
		return 1
	}
	return max(1, min(blocksPerWorker*w.par.k, work/max(w.par.minWork, 1), count))
}

// split runs phase ph of layer i over [0, count) in contiguous blocks of
// equal size (count items of unit multiply-adds each).
func (n *Net) split(w *Work, ph, i, count, unit int) {
	b := w.blocks(count*unit, count)
	if b == 1 {
		n.phase(w, ph, i, 0, count)
		return
	}
	w.run(b, func(j int) { n.phase(w, ph, i, j*count/b, (j+1)*count/b) })
}

// run runs block(0), …, block(b-1), claimed in index order by the caller
// and by the helpers of w's worker limit or, without one, of w.par.k-1
// goroutines of its own.
func (w *Work) run(b int, block func(j int)) {
	if w.par.do != nil {
		w.par.do(b, block)
		return
	}
	var next atomic.Int64
	claim := func() {
		for j := int(next.Add(1) - 1); j < b; j = int(next.Add(1) - 1) {
			block(j)
		}
	}
	var wg sync.WaitGroup
	helpers := min(w.par.k, b) - 1
	wg.Add(helpers)
	for range helpers {
		go func() { defer wg.Done(); claim() }()
	}
	claim()
	wg.Wait()
}

// A workPool holds the Works of the blocks a split Evaluate runs at once
// (each block's forward values are its own), kept for the next one.
type workPool struct {
	mu   sync.Mutex
	free []*Work
}

func (wp *workPool) take() *Work {
	wp.mu.Lock()
	defer wp.mu.Unlock()
	if k := len(wp.free); k > 0 {
		w := wp.free[k-1]
		wp.free = wp.free[:k-1]
		return w
	}
	return &Work{}
}

func (wp *workPool) put(w *Work) {
	wp.mu.Lock()
	wp.free = append(wp.free, w)
	wp.mu.Unlock()
}

// evalSlots returns Evaluate's per-block loss sums and hit counts, grown
// to blocks and kept in w.
func (w *Work) evalSlots(blocks int) ([]float64, []int) {
	if cap(w.evalSums) < blocks {
		w.evalSums, w.evalHits = make([]float64, blocks), make([]int, blocks)
	}
	return w.evalSums[:blocks], w.evalHits[:blocks]
}
