package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
)

// Every job runs exactly once, and nested Do calls never hold more
// goroutines busy than the limit.
func TestDoNestedStaysWithinLimit(t *testing.T) {
	for _, size := range []int{1, 2, 3, 8} {
		l := New(size)
		if l.Size() != size {
			t.Fatalf("Size() = %d, want %d", l.Size(), size)
		}
		var busy, peak atomic.Int64
		var mu sync.Mutex
		ran := map[[2]int]int{}
		l.Do(5, func(i int) {
			l.Do(7, func(j int) {
				b := busy.Add(1)
				for {
					p := peak.Load()
					if b <= p || peak.CompareAndSwap(p, b) {
						break
					}
				}
				mu.Lock()
				ran[[2]int{i, j}]++
				mu.Unlock()
				busy.Add(-1)
			})
		})
		if len(ran) != 35 {
			t.Fatalf("size %d: %d of 35 jobs ran", size, len(ran))
		}
		for k, n := range ran {
			if n != 1 {
				t.Fatalf("size %d: job %v ran %d times", size, k, n)
			}
		}
		if p := peak.Load(); p > int64(size) {
			t.Fatalf("size %d: %d jobs ran at once", size, p)
		}
	}
}

func TestNewDefaultsToGOMAXPROCS(t *testing.T) {
	if New(0).Size() < 1 {
		t.Fatal("New(0) has no worker")
	}
}
