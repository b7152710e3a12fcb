package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
)

// ValidateOptions are the inputs of `optlab validate`.
type ValidateOptions struct {
	IO         *IOStreams
	ConfigPath string
}

// NewCmdValidate builds `optlab validate CONFIG`.
func NewCmdValidate(ios *IOStreams, runF func(context.Context, *ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: ios}
	return &cobra.Command{
		Use:   "validate CONFIG",
		Short: "Check a config without running it: every problem at once, with its line",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ConfigPath = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runValidate(opts)
		},
	}
}

func runValidate(o *ValidateOptions) error {
	f, err := config.Load(o.ConfigPath, nil, nil)
	if err != nil {
		return err
	}
	e, err := f.Build()
	if err != nil {
		return &UsageError{Err: err}
	}
	if err := lab.CheckWork(e); err != nil {
		fmt.Fprintf(o.IO.Err, "warning: %v\n", err)
	}
	fmt.Fprintf(o.IO.Out, "%s: ok — %s on %s (%d-D), %d optimizer(s) × %d repeat(s), %d steps → %s\n",
		o.ConfigPath, f.Name, f.Surface.Name, len(e.Start), len(e.Runs), f.Repeats, f.Steps, f.Output.Dir)
	return nil
}
