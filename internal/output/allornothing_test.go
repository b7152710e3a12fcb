package output

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// oldSet writes the files of an earlier run into dir.
func oldSet(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old "+n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// stageNew stages a new version of every name.
func stageNew(t *testing.T, d *Dir, names ...string) {
	t.Helper()
	for _, n := range names {
		if err := d.Write(n, func(w io.Writer) error { _, err := io.WriteString(w, "new "+n); return err }); err != nil {
			t.Fatal(err)
		}
	}
}

// content reads every name in dir ("" for a missing file).
func content(t *testing.T, dir string, names ...string) []string {
	t.Helper()
	var out []string
	for _, n := range names {
		b, _ := os.ReadFile(filepath.Join(dir, n))
		out = append(out, string(b))
	}
	return out
}

func noTemps(t *testing.T, dir string) {
	t.Helper()
	for _, n := range files(t, dir) {
		if strings.HasPrefix(n, ".optlab-") {
			t.Errorf("scratch file left behind: %s", n)
		}
	}
}

var set = []string{"loss.png", "summary.json", "trace.csv", "trajectory.png"}

// TestCommitRefusesAFolderInTheWay: a folder named loss.png makes the
// commit fail before anything is replaced; the old set stays whole.
func TestCommitRefusesAFolderInTheWay(t *testing.T) {
	dir := t.TempDir()
	oldSet(t, dir, "summary.json", "trace.csv", "trajectory.png")
	if err := os.Mkdir(filepath.Join(dir, "loss.png"), 0o755); err != nil {
		t.Fatal(err)
	}
	d, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	stageNew(t, d, set...)
	err = d.Commit()
	if err == nil || !strings.Contains(err.Error(), "loss.png is a folder") {
		t.Fatalf("commit over a folder: %v", err)
	}
	got := content(t, dir, "summary.json", "trace.csv", "trajectory.png")
	if !slices.Equal(got, []string{"old summary.json", "old trace.csv", "old trajectory.png"}) {
		t.Fatalf("a failed commit mixed the sets: %q", got)
	}
	if fi, err := os.Stat(filepath.Join(dir, "loss.png")); err != nil || !fi.IsDir() {
		t.Fatalf("the folder in the way was touched: %v", err)
	}
	noTemps(t, dir)
}

// TestCommitRollsBackOnAnImmutableFile: loss.png cannot be replaced
// (chattr +i); the commit fails with the old set whole, then succeeds
// with the new set whole once it can.
func TestCommitRollsBackOnAnImmutableFile(t *testing.T) {
	dir := t.TempDir()
	oldSet(t, dir, set...)
	loss := filepath.Join(dir, "loss.png")
	if out, err := exec.Command("chattr", "+i", loss).CombinedOutput(); err != nil {
		t.Skipf("cannot make a file immutable here (chattr +i needs CAP_LINUX_IMMUTABLE on ext4/xfs/btrfs): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", loss).Run() })
	for _, obsolete := range []bool{false, true} {
		d, err := Begin(dir)
		if err != nil {
			t.Fatal(err)
		}
		names := set
		if obsolete { // loss.png not written this time, but obsolete: removing it fails the same way
			names = set[1:]
			d.Obsolete("loss.png")
		}
		stageNew(t, d, names...)
		if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "nothing was replaced") {
			t.Fatalf("commit with an immutable loss.png: %v", err)
		}
		got := content(t, dir, set...)
		for i, n := range set {
			if got[i] != "old "+n {
				t.Fatalf("a failed commit mixed the sets: %s is %q", n, got[i])
			}
		}
		noTemps(t, dir)
	}
	exec.Command("chattr", "-i", loss).Run()
	d, _ := Begin(dir)
	stageNew(t, d, set...)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	for i, c := range content(t, dir, set...) {
		if c != "new "+set[i] {
			t.Fatalf("%s = %q after a good commit", set[i], c)
		}
	}
	noTemps(t, dir)
}

// TestCommitUndoesRenamesDone: when a staged file cannot be renamed into
// place after others were (here its scratch file vanished), the ones done
// are undone and the old files put back.
func TestCommitUndoesRenamesDone(t *testing.T) {
	dir := t.TempDir()
	oldSet(t, dir, set...)
	d, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	stageNew(t, d, set...)
	os.Remove(d.pending["trajectory.png"]) // the last in order: three renames are done before it fails
	if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "keeps its previous files") {
		t.Fatalf("commit with a vanished scratch file: %v", err)
	}
	for i, c := range content(t, dir, set...) {
		if c != "old "+set[i] {
			t.Fatalf("a failed commit mixed the sets: %s is %q", set[i], c)
		}
	}
	noTemps(t, dir)
}
