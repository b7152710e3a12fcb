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
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
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

// Main runs optlab with args and returns the exit code. SIGINT, SIGTERM
// and SIGHUP (a closed terminal) cancel the command's context: every
// long command stops within a second, writes what it has where it
// writes anything, and exits 1 saying it was interrupted.
func Main(args []string, stdout, stderr io.Writer) int {
	// A command keeps little alive (long runs stream their rows to files,
	// lab.CheckWork bounds what stays in memory) while drawing its figures
	// allocates a lot (about 54 MB for a 7-optimizer compare): collecting
	// at three times the live heap instead of twice takes about 10% off
	// its wall time; five times gained no more and touched a third more
	// fresh pages (hyperfine; docs/performance.md, "A whole compare"). GOGC,
	// when set, wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
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
		Version:       Version(), // --version
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
		NewCmdTheory(ios, nil),
		NewCmdList(ios, nil),
		NewCmdDescribe(ios, nil),
		NewCmdValidate(ios, nil),
		NewCmdNoise(ios, nil),
		NewCmdSharpness(ios, nil),
		NewCmdDocs(ios, nil),
		NewCmdPlay(ios, nil),
		NewCmdScaling(ios, nil),
		NewCmdSweep(ios, nil),
		NewCmdMerge(ios, nil),
		NewCmdTune(ios, nil),
	)
	// Cobra adds these two when it executes; added now, they get the same
	// treatment as every other command: a wrong argument is an error on
	// stderr with exit 2, not a help text on stdout with exit 0.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error { return runHelp(root, args) }
		}
		wrapArgs(c)
	}
	addCompletions(root) // completion.go
	return root
}

// runHelp is `optlab help [COMMAND...]`.
func runHelp(root *cobra.Command, args []string) error {
	c, rest, err := root.Find(args)
	if err != nil || c == nil || len(rest) > 0 {
		return usageErrorf("help: unknown command %q; have %s", strings.Join(args, " "), strings.Join(commandNames(root), ", "))
	}
	return c.Help()
}

func commandNames(c *cobra.Command) []string {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" {
			names = append(names, sub.Name())
		}
	}
	return names
}

// wrapArgs turns cobra's argument errors into usage errors (exit 2) that
// name the command once (Execute adds "optlab: ") and list the valid
// arguments where there is a list; a command that only groups others
// (completion) refuses an unknown one instead of printing its help.
func wrapArgs(c *cobra.Command) {
	name := strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
	if c.Args != nil {
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				if valid := validArgs(cmd); len(valid) > 0 {
					err = fmt.Errorf("%w; want one of %s", err, strings.Join(valid, ", "))
				}
				return &UsageError{Err: fmt.Errorf("%s: %w", name, err)}
			}
			return nil
		}
	}
	if c.HasSubCommands() && !c.Runnable() {
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usageErrorf("%s: unknown command %q; have %s", name, args[0], strings.Join(commandNames(cmd), ", "))
		}
	}
	tidyDefaults(c.Flags())
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

// tidyDefaults makes --help tell defaults as a user writes them: no
// "(default [])" for a list flag that is empty (its text says what empty
// means), and lists of numbers as %g ("[0.5,0.9]", not
// "[0.500000,0.900000]").
func tidyDefaults(fs *pflag.FlagSet) {
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() != "float64Slice" {
			return
		}
		inner := strings.Trim(f.DefValue, "[]")
		if inner == "" {
			f.DefValue = ""
			return
		}
		parts := strings.Split(inner, ",")
		for i, p := range parts {
			if v, err := strconv.ParseFloat(p, 64); err == nil {
				parts[i] = strconv.FormatFloat(v, 'g', -1, 64)
			}
		}
		f.DefValue = "[" + strings.Join(parts, ",") + "]"
	})
}

// addOverrideFlags declares the flags that override config keys. Their
// defaults are not shown: a flag not given leaves the key to OPTLAB_*,
// then the file, then the schema default (docs/config.md), so a
// "(default 500)" in --help would be false whenever the file sets steps.
// Each help text says the schema default in words instead.
func addOverrideFlags(fs *pflag.FlagSet) {
	fs.Int("steps", 0, fmt.Sprintf("number of updates per run (overrides steps; the file's, else %d)", config.DefaultSteps))
	fs.Uint64("seed", 0, fmt.Sprintf("seed for all randomness, 0 to %d (overrides seed; the file's, else %d)", uint64(math.MaxUint64), config.DefaultSeed))
	fs.Int("repeats", 0, "runs per optimizer with different noise seeds (overrides repeats; the file's, else 1)")
	fs.Int("record-every", 0, "keep every k-th step in trace.csv (overrides record_every; the file's, else 1)")
	fs.String("out", "", "output folder (overrides output.dir; the file's, else out/NAME)")
}

// validArgs are the arguments a command accepts, from its ValidArgs or,
// for commands whose completion depends on what was typed (compare's
// optimizers), from its completion function given no arguments.
func validArgs(cmd *cobra.Command) []string {
	if len(cmd.ValidArgs) > 0 || cmd.ValidArgsFunction == nil {
		return cmd.ValidArgs
	}
	valid, _ := cmd.ValidArgsFunction(cmd, nil, "")
	return valid
}
