// Package parallel holds the one limit on how much CPU work a command does
// at once. The lab's runs, the figures drawn beside the trace and the bands
// of a PNG being compressed all take their goroutines from the same Limit,
// so nested work never multiplies the number of busy goroutines past it.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A Limit is a pool of worker slots shared by every level of one
// command's parallel work. The zero value and nil are not usable; make one
// with New. A Limit is safe for concurrent use.
type Limit struct {
	slots chan struct{}
}

// New returns a limit of n workers; n ≤ 0 means GOMAXPROCS.
func New(n int) *Limit {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	// The caller of Do always works itself, so n workers need n−1 slots.
	return &Limit{slots: make(chan struct{}, n-1)}
}

// Size is the number of workers, the caller of Do included.
func (l *Limit) Size() int { return cap(l.slots) + 1 }

// Do runs fn(0), …, fn(jobs−1) and returns when all have returned. Jobs
// are handed out in index order to the caller and to helper goroutines:
// one for each slot free at the start, and more whenever a slot frees up
// between two jobs. Nested calls of Do from inside fn find the slots taken
// and run on their caller instead of waiting, so work never waits on its
// own parents. Results must not depend on which goroutine runs a job.
func (l *Limit) Do(jobs int, fn func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	var work func()
	// spawn starts a helper if a slot is free and more than one job is
	// left unclaimed (the caller takes the last one itself).
	spawn := func() bool {
		if int(next.Load()) >= jobs-1 {
			return false
		}
		select {
		case l.slots <- struct{}{}:
			wg.Add(1)
			go func() {
				defer func() { <-l.slots; wg.Done() }()
				work()
			}()
			return true
		default:
			return false
		}
	}
	work = func() {
		for {
			i := int(next.Add(1) - 1)
			if i >= jobs {
				return
			}
			fn(i)
			spawn() // a slot freed meanwhile joins the remaining jobs
		}
	}
	for k := 1; k < jobs && spawn(); k++ {
	}
	work()
	wg.Wait()
}
