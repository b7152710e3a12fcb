//go:build unix

package cli

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// syncBuffer is a buffer the progress goroutine and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// longCompare is work of minutes, cancelled by the test once it has seen
// what it wants: the bar's appearance does not depend on the machine's speed.
func longCompare(dir string, extra ...string) []string {
	return append([]string{"compare", "sgd", "--steps", "1000000000", "--record-every", "1000000", "--force", "--out", dir}, extra...)
}

// execUntil runs args with stderr on errW and cancels it once stop
// returns true (polled) or after limit.
func execUntil(t *testing.T, args []string, errW io.Writer, stop func() bool, limit time.Duration) int {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int)
	go func() { done <- Execute(ctx, args, &IOStreams{Out: io.Discard, Err: errW}) }()
	deadline := time.After(limit)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case code := <-done:
			return code
		case <-deadline:
			cancel()
			return <-done
		case <-tick.C:
			if stop() {
				cancel()
				return <-done
			}
		}
	}
}

// barRE matches the bar with its count and ETA: "(123/1000000000, … steps/s) [1s:2m3s]".
var barRE = regexp.MustCompile(`running +\d+% \|.*\(\d+/1000000000, .*steps/s\) \[\d+s:[0-9hms]+\]`)

// On a pseudo-terminal, long work shows a bar with an ETA on stderr after
// about a second; short work shows none.
func TestProgressOnTerminal(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	var seen syncBuffer
	go func() { _, _ = io.Copy(&seen, ptmx) }() // drain, or the bar blocks on a full pty
	if !isTerminal(tty) {
		t.Fatal("isTerminal(pty) = false")
	}

	start := time.Now()
	code := execUntil(t, longCompare(filepath.Join(t.TempDir(), "long")), tty,
		func() bool { return barRE.MatchString(seen.String()) }, 20*time.Second)
	if !barRE.MatchString(seen.String()) {
		t.Fatalf("no progress bar with ETA on the terminal after %v; it shows:\n%q", time.Since(start), seen.String())
	}
	if code != ExitFailure {
		t.Errorf("interrupted compare exit %d, want %d", code, ExitFailure)
	}
	if waited := time.Since(start); waited < progressDelay {
		t.Errorf("the bar appeared after %v, before the %v delay", waited, progressDelay)
	}

	before := len(seen.String())
	if code := Execute(context.Background(), []string{"compare", "adam", "--steps", "50", "--out", filepath.Join(t.TempDir(), "short")},
		&IOStreams{Out: io.Discard, Err: tty}); code != ExitOK {
		t.Fatalf("short compare exit %d", code)
	}
	time.Sleep(200 * time.Millisecond) // let the drain catch up
	if rest := seen.String()[before:]; strings.Contains(rest, "running") || !strings.Contains(rest, "wrote ") {
		t.Errorf("work under a second should print only its summary line on the terminal, got %q", rest)
	}
}

// Off a terminal nothing but the summary line goes to stderr, however long
// the work; --progress shows the bar at once.
func TestProgressOffTerminal(t *testing.T) {
	var errb syncBuffer
	execUntil(t, longCompare(filepath.Join(t.TempDir(), "a")), &errb, func() bool { return false }, 1500*time.Millisecond)
	if s := errb.String(); strings.Contains(s, "running") || strings.Contains(s, "%") {
		t.Errorf("a bar on a non-terminal stderr without --progress:\n%q", s)
	}
	var forced syncBuffer
	execUntil(t, longCompare(filepath.Join(t.TempDir(), "b"), "--progress"), &forced,
		func() bool { return barRE.MatchString(forced.String()) }, 20*time.Second)
	if !barRE.MatchString(forced.String()) {
		t.Errorf("--progress shows no bar on a non-terminal stderr:\n%q", forced.String())
	}
}
