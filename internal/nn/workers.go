package nn

import "sync"

// A split is how a Work's passes are shared across goroutines: k contiguous
// blocks of each pass's rows or units, run on the command's worker limit
// when there is one (so one run with k workers and many runs at once never
// oversubscribe the cores: a block with no free slot runs on its caller),
// else on goroutines of their own. The zero value runs everything on the
// caller. Which goroutine runs a block never changes a bit: every number is
// computed by the same operations in the same order (see Net.Forward).
type split struct {
	k       int
	do      func(jobs int, fn func(i int)) // a worker limit's Do, or nil
	minWork int                            // least work a block (minBlock; tests lower it)
}

// SetWorkers splits w's passes into k blocks (k ≤ 1: none), run through
// do (a parallel.Limit's Do) when it is not nil.
func (w *Work) SetWorkers(k int, do func(jobs int, fn func(i int))) {
	w.par = split{k: k, do: do, minWork: minBlock}
}

// minBlock is the least work (multiply-adds) worth a block of its own:
// below it handing the block to another goroutine costs more than it saves.
const minBlock = 1 << 15

// split runs phase ph of layer i over [0, count) in at most w.par.k
// contiguous blocks, fewer when the phase's work (count items of unit
// multiply-adds each) is too little to share.
func (n *Net) split(w *Work, ph, i, count, unit int) {
	k := min(w.par.k, count*unit/max(w.par.minWork, 1), count)
	if k <= 1 {
		n.phase(w, ph, i, 0, count)
		return
	}
	block := func(j int) { n.phase(w, ph, i, j*count/k, (j+1)*count/k) }
	if w.par.do != nil {
		w.par.do(k, block)
		return
	}
	var wg sync.WaitGroup
	wg.Add(k - 1)
	for j := 1; j < k; j++ {
		go func() { defer wg.Done(); block(j) }()
	}
	block(0)
	wg.Wait()
}
