package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func files(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestCommitReplacesOnlyOwnFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(dir, "trajectory.png"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "trace.csv"), []byte("old"), 0o644)
	d, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Write("trace.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	d.Obsolete("trajectory.png", "loss.png")
	if got := files(t, dir); len(got) != 4 { // a staged temp is there until commit
		t.Fatalf("before commit: %v", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 2 || got[0] != "notes.txt" || got[1] != "trace.csv" {
		t.Fatalf("after commit: %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "trace.csv")); string(b) != "new" {
		t.Fatalf("trace.csv = %q", b)
	}
}

func TestAbortLeavesFolderAsItWas(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "new")
	d, err := Begin(dir)
	if err != nil {
		t.Fatal(err)
	}
	d.Write("summary.json", func(w io.Writer) error { return nil })
	err = d.Write("trace.csv", func(w io.Writer) error { io.WriteString(w, "half"); return errors.New("boom") })
	if err == nil {
		t.Fatal("write error lost")
	}
	d.Abort()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("aborted write left %s behind: %v", dir, err)
	}
	existing := t.TempDir()
	os.WriteFile(filepath.Join(existing, "trace.csv"), []byte("old"), 0o644)
	d, _ = Begin(existing)
	d.Write("trace.csv", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	d.Abort()
	if got := files(t, existing); len(got) != 1 {
		t.Fatalf("abort left %v", got)
	}
	if b, _ := os.ReadFile(filepath.Join(existing, "trace.csv")); string(b) != "old" {
		t.Fatalf("abort changed trace.csv to %q", b)
	}
}
