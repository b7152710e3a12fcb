package play

import (
	"context"
	"errors"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
)

// ErrNoTerminal: the playground needs a terminal on stdin.
var ErrNoTerminal = errors.New("optlab play needs a terminal: stdin is not a tty (run it in a terminal, or use optlab run / compare --gif for files)")

// Run runs the model on the terminal in/out until the user quits (q or
// Ctrl-C) or ctx ends; Bubble Tea restores the terminal on the way out.
func Run(ctx context.Context, m *Model, in *os.File, out io.Writer) error {
	if in == nil || !term.IsTerminal(in.Fd()) {
		return ErrNoTerminal
	}
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithInput(in), tea.WithOutput(out))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the command's context ended (SIGTERM): a clean exit
	}
	return err
}
