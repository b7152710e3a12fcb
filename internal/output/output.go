// Package output writes an experiment's files into its output folder so
// that no reader ever sees a half-written file: everything is written to
// temporary names in the same folder and renamed into place by Commit; a
// failed or abandoned run removes its temporaries and leaves the folder as
// it was. Only optlab's own files are ever replaced or removed.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Names of the files optlab owns in an output folder.
const (
	TraceFile   = "trace.csv"
	SummaryFile = "summary.json"
)

// A Dir is one pending write of an output folder.
type Dir struct {
	path    string
	pending map[string]string // final name → temporary path
	remove  []string          // optlab's own files this write makes obsolete
	temps   []string          // every temporary created, for Abort
	created bool              // the folder did not exist before
	seq     int               // numbers the names old files are moved aside to
}

// Begin prepares writing into dir, creating it if needed.
func Begin(dir string) (*Dir, error) {
	d := &Dir{path: dir, pending: map[string]string{}}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		d.created = true
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return d, nil
}

// Temp creates a scratch file in the folder that Commit and Abort remove.
func (d *Dir) Temp(pattern string) (*os.File, error) {
	f, err := os.CreateTemp(d.path, ".optlab-"+pattern+"-*")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	d.temps = append(d.temps, f.Name())
	// CreateTemp makes files private (0600); results are ordinary files.
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return nil, fmt.Errorf("output: %w", err)
	}
	return f, nil
}

// Write stages the file name with the content write produces.
func (d *Dir) Write(name string, write func(w io.Writer) error) error {
	f, err := d.Temp(strings.NewReplacer(".", "_", "/", "_").Replace(name))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("output: writing %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("output: writing %s: %w", name, err)
	}
	d.pending[name] = f.Name()
	return nil
}

// Obsolete marks files of optlab's own that Commit removes unless this
// write staged them (a stale trajectory.png of an earlier 2-D run, say).
// Nothing else in the folder is ever touched.
func (d *Dir) Obsolete(names ...string) { d.remove = append(d.remove, names...) }

// Adopt stages a scratch file made by Temp, written and closed by the
// caller, as the file name.
func (d *Dir) Adopt(name, tempPath string) { d.pending[name] = tempPath }

// Commit replaces the folder's files with the staged ones all or
// nothing: afterwards the folder holds either the whole new set or, when
// Commit fails, the whole old one, never a mix. It first refuses a target
// that is not a file (a folder named loss.png), then moves every file it
// replaces or makes obsolete aside under a temporary name — which fails
// on an immutable or otherwise unmovable file before anything new is in
// place — then renames the staged files into place; if one rename fails
// the ones done are undone and the old files put back.
func (d *Dir) Commit() error {
	names := make([]string, 0, len(d.pending))
	for n := range d.pending {
		names = append(names, n)
	}
	sort.Strings(names)
	defer func() {
		d.pending = map[string]string{}
		d.cleanup()
	}()
	var replaced []string // existing files this commit replaces or removes
	for _, n := range names {
		fi, err := os.Lstat(filepath.Join(d.path, n))
		switch {
		case errors.Is(err, os.ErrNotExist):
			continue
		case err != nil:
			return fmt.Errorf("output: %w", err)
		case fi.IsDir():
			return fmt.Errorf("output: %s is a folder, where optlab would write its file %s; move it away (nothing was replaced)", filepath.Join(d.path, n), n)
		}
		replaced = append(replaced, n)
	}
	for _, n := range d.remove {
		if _, staged := d.pending[n]; staged {
			continue
		}
		if fi, err := os.Lstat(filepath.Join(d.path, n)); err == nil && !fi.IsDir() {
			replaced = append(replaced, n)
		}
	}
	// Move the old files aside.
	aside := map[string]string{} // name → where the old file is now
	restore := func() {
		for n, old := range aside {
			os.Rename(old, filepath.Join(d.path, n))
		}
	}
	for _, n := range replaced {
		old := filepath.Join(d.path, ".optlab-old-"+strings.NewReplacer(".", "_", "/", "_").Replace(n)+"-"+filepath.Base(d.tempSuffix()))
		if err := os.Rename(filepath.Join(d.path, n), old); err != nil {
			restore()
			return fmt.Errorf("output: cannot replace %s (%w); nothing was replaced", filepath.Join(d.path, n), unwrapPath(err))
		}
		aside[n] = old
	}
	// Put the new ones in place.
	var placed []string
	for _, n := range names {
		if sub := filepath.Dir(n); sub != "." { // params/<label>.txt
			if err := os.MkdirAll(filepath.Join(d.path, sub), 0o755); err != nil {
				for _, p := range placed {
					os.Remove(filepath.Join(d.path, p))
				}
				restore()
				return fmt.Errorf("output: %w; the folder keeps its previous files", unwrapPath(err))
			}
		}
		if err := os.Rename(d.pending[n], filepath.Join(d.path, n)); err != nil {
			for _, p := range placed {
				os.Remove(filepath.Join(d.path, p))
			}
			restore()
			return fmt.Errorf("output: cannot write %s (%w); the folder keeps its previous files", filepath.Join(d.path, n), unwrapPath(err))
		}
		placed = append(placed, n)
	}
	for _, old := range aside {
		os.Remove(old)
	}
	return nil
}

// tempSuffix is a name unique among this write's scratch files.
func (d *Dir) tempSuffix() string {
	d.seq++
	return fmt.Sprintf("%d-%d", os.Getpid(), d.seq)
}

// unwrapPath keeps the cause of a rename error ("operation not
// permitted"), as the message names the file itself.
func unwrapPath(err error) error {
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// Abort removes everything this write created, and the folder itself if
// it did not exist before and is now empty.
func (d *Dir) Abort() {
	d.pending = map[string]string{}
	d.cleanup()
	if d.created {
		os.Remove(d.path) // only succeeds when empty
	}
}

func (d *Dir) cleanup() {
	for _, t := range d.temps {
		os.Remove(t)
	}
	d.temps = nil
}
