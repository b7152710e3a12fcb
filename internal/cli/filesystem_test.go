//go:build unix

package cli

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputAllOrNothing runs a good config into a folder, makes one of
// its files impossible to replace, and runs another config into it: exit
// 1, and the folder holds exactly the first run's files, byte for byte.
// Rows that need chattr (CAP_LINUX_IMMUTABLE) skip with a message where
// it is not available.
func TestOutputAllOrNothing(t *testing.T) {
	clearOptlabEnv(t)
	rows := []struct {
		name  string
		block func(t *testing.T, out string) // makes the folder unwritable in some way
	}{
		{"a folder named loss.png", func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "loss.png"))
			if err := os.Mkdir(filepath.Join(out, "loss.png"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"an immutable loss.png", func(t *testing.T, out string) { immutable(t, filepath.Join(out, "loss.png")) }},
		{"an immutable summary.json", func(t *testing.T, out string) { immutable(t, filepath.Join(out, "summary.json")) }},
		{"an immutable folder", func(t *testing.T, out string) { immutable(t, out) }},
		{"a read-only folder", func(t *testing.T, out string) {
			if os.Geteuid() == 0 {
				t.Skip("root writes into read-only folders; the immutable rows cover this")
			}
			os.Chmod(out, 0o555)
			t.Cleanup(func() { os.Chmod(out, 0o755) })
		}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			os.WriteFile("a.yaml", []byte("surface: {name: rosenbrock}\nsteps: 20\noptimizers: [adam]\noutput: {dir: out}\n"), 0o644)
			os.WriteFile("b.yaml", []byte("surface: {name: beale}\nsteps: 30\noptimizers: [sgd, adam]\noutput: {dir: out}\n"), 0o644)
			if code, _, stderr := execCLI(t, "run", "a.yaml", "-q"); code != 0 {
				t.Fatalf("first run: exit %d: %s", code, stderr)
			}
			r.block(t, "out")
			before := snapshotDir(t, "out") // after blocking: a folder named loss.png replaces the file
			code, _, stderr := execCLI(t, "run", "b.yaml", "-q")
			if code != ExitFailure {
				t.Fatalf("exit %d, want 1; stderr: %s", code, stderr)
			}
			if !strings.HasPrefix(stderr, "optlab: writing out:") {
				t.Errorf("stderr: %s", stderr)
			}
			if after := snapshotDir(t, "out"); after != before {
				t.Errorf("the folder changed on a failed write:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// immutable sets chattr +i on path (and clears it when the test ends), or
// skips the test saying why it cannot.
func immutable(t *testing.T, path string) {
	t.Helper()
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s immutable here (chattr +i needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs): %v %s", filepath.Base(path), err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}

// snapshotDir lists dir's entries with their sizes and contents' first
// bytes: equal snapshots mean the same set of files.
func snapshotDir(t *testing.T, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() {
			b.WriteString(e.Name() + "/ ")
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(fmt.Sprintf("%s:%x ", e.Name(), sha256.Sum256(data)))
	}
	return b.String()
}
