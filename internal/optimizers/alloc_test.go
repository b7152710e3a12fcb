package optimizers

import "testing"

// TestKernelStepsAllocateNothing: after Init, a step of every first-order
// optimizer allocates nothing at lengths that run the assembly body and
// its tail (shared_test.go checks n = 5 for every variant).
func TestKernelStepsAllocateNothing(t *testing.T) {
	for _, cfg := range firstOrder() {
		for _, n := range []int{1, 6, 1001} {
			opt, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			opt.Init(n)
			x, g := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], g[i] = 1+float64(i%5), 0.25-float64(i%3)
			}
			step := 0
			allocs := testing.AllocsPerRun(50, func() {
				step++
				if err := opt.Step(x, g, step, 1e-3, quadOracle{}); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("%s n=%d: %v allocations per step, want 0", configLabel(cfg), n, allocs)
			}
		}
	}
}
