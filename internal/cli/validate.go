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
	Force      bool // accept work that run would refuse without --force
}

// NewCmdValidate builds `optlab validate CONFIG`.
func NewCmdValidate(ios *IOStreams, runF func(context.Context, *ValidateOptions) error) *cobra.Command {
	opts := &ValidateOptions{IO: ios}
	cmd := &cobra.Command{
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
	cmd.Flags().BoolVar(&opts.Force, "force", false, "accept a config whose work run would refuse without --force")
	return cmd
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
	// validate's verdict is run's: what run refuses (exit 2), validate
	// refuses too, and says so.
	if err := lab.CheckWork(e); err != nil && !o.Force {
		return usageErrorf("run would refuse this config: %v", err)
	}
	fmt.Fprintf(o.IO.Out, "%s: ok — %s on %s (%d-D), %d optimizer(s) × %d repeat(s), %d steps → %s\n",
		o.ConfigPath, f.Name, f.Surface.Name, len(e.Start), len(e.Runs), f.Repeats, f.Steps, f.Output.Dir)
	return nil
}
