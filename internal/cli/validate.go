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
	JSON       bool // --json: a JSON object instead of the line
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
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON object instead of the line (errors still go to stderr, exit 2)")
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
	var warnings []string
	if err := lab.CheckWork(e); err != nil {
		if !o.Force { // validate's verdict is run's: what run refuses (exit 2), validate refuses too
			return usageErrorf("run would refuse this config: %v", err)
		}
		fmt.Fprintf(o.IO.Err, "warning: %v\n", err)
		warnings = append(warnings, err.Error())
	}
	if o.JSON {
		labels := []string{}
		for _, r := range e.Runs {
			labels = append(labels, r.Label)
		}
		return writeJSON(o.IO.Out, struct {
			Config     string   `json:"config"`
			OK         bool     `json:"ok"`
			Name       string   `json:"name"`
			Surface    string   `json:"surface"`
			Dim        int      `json:"dim"`
			Optimizers []string `json:"optimizers"`
			Repeats    int      `json:"repeats"`
			Steps      int      `json:"steps"`
			OutputDir  string   `json:"output_dir"`
			Warnings   []string `json:"warnings"`
		}{o.ConfigPath, true, f.Name, f.Surface.Name, len(e.Start), labels, f.Repeats, f.Steps, f.Output.Dir, append([]string{}, warnings...)})
	}
	reps := fmt.Sprintf("%d repeat(s)", f.Repeats)
	if len(e.Starts) > 0 {
		reps = fmt.Sprintf("%d start(s) × %s", len(e.Starts), reps)
	}
	fmt.Fprintf(o.IO.Out, "%s: ok — %s on %s (%d-D), %d optimizer(s) × %s, %d steps → %s\n",
		o.ConfigPath, f.Name, f.Surface.Name, len(e.Start), len(e.Runs), reps, f.Steps, f.Output.Dir)
	return nil
}
