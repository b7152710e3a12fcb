package lab

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// The progress counter reaches runs × steps whatever way the runs end (a
// diverged run counts the steps it will not take), and moves while the
// runs run, through a recorder that reads it mid-run.
func TestProgressCountsEveryStep(t *testing.T) {
	e := rosenbrock(1000, sgd("fast", 0.05), sgd("slow", 1e-3))
	e.Repeats = 2
	var done atomic.Int64
	var mid int64
	rec := recorderOf(func(step int) {
		if step == 800 {
			mid = done.Load()
		}
	})
	runs, err := Run(context.Background(), e, Options{Progress: &done, Workers: 1, NewRecorder: func(int) (Recorder, error) { return rec, nil }})
	if err != nil {
		t.Fatal(err)
	}
	if runs[0].StopStep >= 1000 {
		t.Fatalf("the fast run should diverge early, stopped at %d", runs[0].StopStep)
	}
	if got, want := done.Load(), int64(e.RunCount()*e.Steps); got != want {
		t.Fatalf("progress after Run = %d, want %d", got, want)
	}
	if mid < 700 || mid > int64(e.RunCount()*e.Steps) {
		t.Fatalf("progress at some run's step 800 = %d, want it counted as it went", mid)
	}
}

type recorderOf func(step int)

func (f recorderOf) Record(p trace.Point) error { f(p.Step); return nil }
