// Package cli wires optlab's commands. Each command is an options struct
// and a NewCmdX(io, runF) constructor: flags fill the options, runF does the
// work, so tests can check flag parsing and the run function apart. Results
// go to stdout, progress and errors to stderr.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
)

// Exit codes (docs/outputs.md): 0 success, diverged runs included; 1 runtime
// failure or interruption; 2 usage or config error.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// IOStreams are where a command writes.
type IOStreams struct {
	Out io.Writer // results
	Err io.Writer // progress, warnings and errors
}

// A UsageError is a mistake in the command line or the config: exit 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

func usageErrorf(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// errInterrupted is returned after a run stopped by SIGINT/SIGTERM wrote
// what it had.
var errInterrupted = errors.New("interrupted: the files written hold the runs up to where they stopped (status interrupted)")

// Main runs optlab with args and returns the exit code. SIGINT and SIGTERM
// cancel the command's context.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Execute(ctx, args, &IOStreams{Out: stdout, Err: stderr})
}

// Execute runs the command line args and returns the exit code.
func Execute(ctx context.Context, args []string, ios *IOStreams) int {
	root := NewCmdRoot(ios)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	if strings.HasPrefix(err.Error(), "unknown command ") { // cobra's (untyped) for `optlab bogus`
		err = &UsageError{Err: err}
	}
	fmt.Fprintln(ios.Err, "optlab:", err)
	return exitCode(err)
}

func exitCode(err error) int {
	var ue *UsageError
	var ce *config.Errors
	var le *config.LoadError
	switch {
	case errors.As(err, &ue), errors.As(err, &ce), errors.As(err, &le):
		return ExitUsage
	}
	return ExitFailure
}

// NewCmdRoot builds the optlab command tree.
func NewCmdRoot(ios *IOStreams) *cobra.Command {
	root := &cobra.Command{
		Use:   "optlab",
		Short: "An interactive lab for gradient-based optimization",
		Long: `optlab runs the optimizers of a deep-learning course (gd, sgd, momentum, nesterov,
newton, adagrad, rmsprop, adam, radam, sam) on analytic loss surfaces and draws
their paths and loss curves. Numbers match PyTorch's torch.optim in float64.

  optlab run configs/rosenbrock.yaml
  optlab compare adam rmsprop
  optlab plot trajectory --from out/rosenbrock
  optlab list optimizers`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(ios.Out)
	root.SetErr(ios.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &UsageError{Err: fmt.Errorf("%w (see '%s --help')", err, c.CommandPath())}
	})
	root.AddCommand(
		NewCmdRun(ios, nil),
		NewCmdCompare(ios, nil),
		NewCmdPlot(ios),
		NewCmdList(ios, nil),
		NewCmdDescribe(ios, nil),
		NewCmdValidate(ios, nil),
		NewCmdNoise(ios, nil),
		NewCmdPlay(ios, nil),
	)
	for _, c := range root.Commands() {
		wrapArgs(c)
	}
	return root
}

// wrapArgs turns cobra's argument-count errors into usage errors (exit 2).
func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &UsageError{Err: fmt.Errorf("%s: %w", cmd.CommandPath(), err)}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

// addOverrideFlags declares the flags that override config keys, with the
// schema defaults, so `--help` shows them.
func addOverrideFlags(fs *pflag.FlagSet) {
	fs.Int("steps", config.DefaultSteps, "number of updates per run (overrides steps)")
	fs.Uint64("seed", config.DefaultSeed, "seed for all randomness (overrides seed)")
	fs.Int("repeats", 1, "runs per optimizer with different noise seeds (overrides repeats)")
	fs.Int("record-every", 1, "keep every k-th step in trace.csv (overrides record_every)")
	fs.String("out", "", "output folder (overrides output.dir)")
}
