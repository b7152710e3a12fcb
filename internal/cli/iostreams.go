package cli

import (
	"io"

	"github.com/mattn/go-isatty"
)

// isTerminal reports whether w is a terminal: an *os.File (or anything
// with a file descriptor) on a tty. Writers without one — a buffer, a
// pipe's bytes in a test — are not, so that nothing meant for a person
// (a progress bar) ends up in a file or a test's output.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// ErrIsTerminal reports whether stderr, where progress goes, is a
// terminal (cli/cli's iostreams ask the same of their streams).
func (s *IOStreams) ErrIsTerminal() bool { return isTerminal(s.Err) }

// OutIsTerminal reports whether stdout, where results go, is a terminal.
func (s *IOStreams) OutIsTerminal() bool { return isTerminal(s.Out) }
