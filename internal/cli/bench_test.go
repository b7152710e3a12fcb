package cli

import (
	"context"
	"io"
	"testing"
)

// BenchmarkCompare is the speed goal's workload in one process: seven
// optimizers, 5000 steps each on rosenbrock, trace, summary and both PNGs.
// Whole-process timings against the torch peer: `make bench-peer`.
func BenchmarkCompare(b *testing.B) {
	dir := b.TempDir()
	args := []string{"compare", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "radam", "--steps", "5000", "--out", dir, "-q"}
	for i := 0; i < b.N; i++ {
		if code := Execute(context.Background(), args, &IOStreams{Out: io.Discard, Err: io.Discard}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
