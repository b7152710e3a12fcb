//go:build unix

package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/optlab/optlab/internal/trace"
)

// TestSIGINTLeavesCompleteFiles interrupts a long run (several optimizers,
// with repeats) with SIGINT after one second, as Ctrl-C would: it must stop
// within a second, exit non-zero, and leave only complete files, every run
// marked interrupted.
func TestSIGINTLeavesCompleteFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	cfg := filepath.Join(t.TempDir(), "long.yaml")
	os.WriteFile(cfg, []byte(`surface: {name: rosenbrock}
steps: 100000000
repeats: 3
record_every: 10000
noise: {model: gaussian, sigma: 1}
optimizers:
  - {name: sgd, lr: 0.0001}
  - {name: adam, lr: 0.001}
  - {name: nesterov, lr: 0.0001}
output: {dir: `+dir+`}
`), 0o644)
	var out, errb bytes.Buffer
	done := make(chan int)
	go func() { done <- Main([]string{"run", cfg}, &out, &errb) }()
	time.Sleep(time.Second)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	sent := time.Now()
	var code int
	select {
	case code = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no exit 10 s after SIGINT")
	}
	if waited := time.Since(sent); waited > 2*time.Second {
		t.Errorf("took %v to stop after SIGINT", waited)
	}
	if code == ExitOK {
		t.Fatalf("exit 0 after an interrupt; stderr: %s", errb.String())
	}
	if !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("stderr does not say interrupted: %s", errb.String())
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
		if strings.HasPrefix(e.Name(), ".optlab-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
	if len(names) != 4 {
		t.Fatalf("output holds %v", names)
	}
	s, runs, err := trace.ReadDir(dir)
	if err != nil {
		t.Fatalf("files are not complete: %v", err)
	}
	if !s.Interrupted || len(runs) != 9 {
		t.Fatalf("summary interrupted=%v with %d runs", s.Interrupted, len(runs))
	}
	for _, r := range runs {
		if r.Status != trace.Interrupted {
			t.Errorf("%s#%d: status %s", r.Label, r.Repeat, r.Status)
		}
	}
}
