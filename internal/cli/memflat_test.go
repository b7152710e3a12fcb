package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Memory stays flat on long runs: a run records its rows to scratch files
// and keeps a bounded set of points for the figures, so a run of many
// steps with a coarse record_every allocates no more than a short one
// with the same number of rows. Measured as the bytes allocated
// (runtime.MemStats.TotalAlloc, which bounds the peak heap and, unlike a
// sampled peak or the RSS, does not depend on timing or on when the
// collector ran). The pair, 10⁸ steps with record_every 10⁴
// against 10⁵ with 10, takes seconds and is skipped with -short; a pair
// a hundred times smaller always runs.
func TestLongRunMemoryIsFlat(t *testing.T) {
	type pair struct {
		opts string
		runs [2][2]float64 // {steps, record_every} short, long
	}
	pairs := []pair{{"{name: sgd, lr: 1e-9}, {name: adam, lr: 1e-9}", [2][2]float64{{1e4, 1}, {1e6, 100}}}}
	if !testing.Short() { // sgd alone keeps the pair to seconds
		pairs = append(pairs, pair{"{name: sgd, lr: 1e-9}", [2][2]float64{{1e5, 10}, {1e8, 1e4}}})
	}
	dir := t.TempDir()
	alloc := func(opts string, steps, every float64) uint64 {
		name := fmt.Sprintf("flat-%g-%g", steps, every)
		cfg := filepath.Join(dir, name+".yaml")
		yaml := fmt.Sprintf("name: %s\nsurface: {name: sphere}\nsteps: %g\nrecord_every: %g\noptimizers: [%s]\n", name, steps, every, opts)
		if err := os.WriteFile(cfg, []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		code, _, stderr := run(t, "run", cfg, "--out", filepath.Join(dir, name), "--quiet")
		runtime.ReadMemStats(&after)
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	for _, pr := range pairs {
		p := pr.runs
		short, long := alloc(pr.opts, p[0][0], p[0][1]), alloc(pr.opts, p[1][0], p[1][1])
		t.Logf("%g steps every %g: %.1f MB allocated; %g steps every %g: %.1f MB", p[0][0], p[0][1], float64(short)/1e6, p[1][0], p[1][1], float64(long)/1e6)
		// Same rows, same figures: allowed 10% and 2 MB of slack for what
		// the step count changes (axis labels, a longer number in a file).
		if float64(long) > 1.1*float64(short)+2e6 {
			t.Errorf("%g steps (record_every %g) allocated %.1f MB, %g steps (record_every %g) %.1f MB: memory grows with steps",
				p[1][0], p[1][1], float64(long)/1e6, p[0][0], p[0][1], float64(short)/1e6)
		}
	}
}
