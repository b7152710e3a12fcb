//go:build unix

package cli

import (
	"bytes"
	"os"
	"os/exec"
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
	if len(names) != 5 { // trace.csv, summary.json, the two figures and config.yaml
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

// TestHelperProcess is optlab itself when the test binary is re-executed
// by TestSignalsStopEveryLongCommand, so that signals go to a real process
// of its own.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("OPTLAB_TEST_HELPER") != "1" {
		t.Skip("run as a subprocess only")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(args, os.Stdout, os.Stderr))
}

// TestSignalsStopEveryLongCommand sends SIGINT, SIGTERM and SIGHUP to a
// real optlab process running each long command: it must exit 1 within a
// second or so, say it was interrupted, and leave complete files (run,
// compare) or none (noise, which writes only at its end).
func TestSignalsStopEveryLongCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and waits for them")
	}
	long := "surface: {name: rosenbrock}\nsteps: 100000000\nrecord_every: 100000\nnoise: {model: gaussian, sigma: 1}\noptimizers: [sgd, adam]\noutput: {dir: out}\n"
	commands := []struct {
		name   string
		args   []string
		writes bool
	}{
		{"run", []string{"run", "long.yaml", "-q"}, true},
		{"compare", []string{"compare", "sgd", "adam", "--steps", "100000000", "--record-every", "100000", "--noise", "1", "--out", "out", "-q"}, true},
		{"noise", []string{"noise", "rosenbrock", "--samples", "400000000", "--force", "--out", "out/noise.png"}, false},
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		for _, c := range commands {
			t.Run(c.name+"/"+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				os.WriteFile(filepath.Join(dir, "long.yaml"), []byte(long), 0o644)
				cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, c.args...)...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "OPTLAB_TEST_HELPER=1")
				var errb bytes.Buffer
				cmd.Stderr = &errb
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(700 * time.Millisecond)
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				sent := time.Now()
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					cmd.Process.Kill()
					t.Fatalf("no exit 10 s after %v", sig)
				}
				// A second to stop, and some to write the files of the steps
				// taken; much more under the race detector.
				limit := 2 * time.Second
				if raceEnabled {
					limit = 10 * time.Second
				}
				if waited := time.Since(sent); waited > limit {
					t.Errorf("took %v to stop after %v", waited, sig)
				}
				if code := cmd.ProcessState.ExitCode(); code != ExitFailure {
					t.Errorf("exit %d after %v, want 1; stderr: %s", code, sig, errb.String())
				}
				if !strings.Contains(errb.String(), "interrupted") {
					t.Errorf("stderr does not say interrupted: %s", errb.String())
				}
				out := filepath.Join(dir, "out")
				if !c.writes {
					if _, err := os.Stat(out); !os.IsNotExist(err) {
						t.Errorf("an interrupted %s wrote %s", c.name, out)
					}
					return
				}
				s, runs, err := trace.ReadDir(out)
				if err != nil {
					t.Fatalf("files are not complete: %v", err)
				}
				if !s.Interrupted || len(runs) != 2 {
					t.Errorf("summary interrupted=%v with %d runs", s.Interrupted, len(runs))
				}
			})
		}
	}
}
