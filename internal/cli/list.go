package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// ListOptions are the inputs of `optlab list`.
type ListOptions struct {
	IO   *IOStreams
	What string // optimizers, surfaces or schedules
	JSON bool   // --json: a JSON array instead of the table
}

// NewCmdList builds `optlab list optimizers|surfaces|schedules`.
func NewCmdList(ios *IOStreams, runF func(context.Context, *ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: ios}
	cmd := &cobra.Command{
		Use:       "list optimizers|surfaces|schedules|datasets|models",
		Short:     "List the optimizers, surfaces, learning-rate schedules, data sets or models",
		Args:      cobra.ExactArgs(1),
		ValidArgs: []string{"optimizers", "surfaces", "schedules", "datasets", "models"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.What = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runList(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array instead of the table")
	return cmd
}

func runList(o *ListOptions) error {
	if o.JSON {
		return listJSON(o)
	}
	switch o.What {
	case "optimizers", "optimizer":
		t := newTable(o.IO.Out, "name", "hyperparameters (default)", "summary")
		for _, s := range optimizers.Specs() {
			t.row(s.Name, hyperList(s), s.Summary)
		}
		t.flush()
	case "surfaces", "surface":
		t := newTable(o.IO.Out, "name", "dim", "parameters (default)", "summary")
		for _, s := range surfaces.Specs() {
			var ps []string
			for _, p := range s.Params {
				ps = append(ps, fmt.Sprintf("%s (%g)", p.Name, p.Default))
			}
			dim := "2"
			if s.AnyDim {
				dim = "n"
			}
			t.row(s.Name, dim, orDash(strings.Join(ps, ", ")), s.Summary)
		}
		t.flush()
	case "schedules", "schedule":
		t := newTable(o.IO.Out, "name", "keys", "factor")
		for _, k := range optimizers.ScheduleKinds() {
			t.row(k.Name, k.Keys, k.Formula)
		}
		t.flush()
		fmt.Fprintln(o.IO.Out, "\nFactors multiply: lr_t = lr · warmup(t) · decay(t), t = 0 for the first update.")
	case "datasets", "dataset", "models", "model":
		listData(o.IO.Out, strings.HasPrefix(o.What, "model"))
	default:
		return usageErrorf("list: want optimizers, surfaces or schedules, got %q (or datasets, models)", o.What)
	}
	return nil
}

func hyperList(s optimizers.Spec) string {
	var ps []string
	for _, p := range s.Params {
		ps = append(ps, fmt.Sprintf("%s (%g)", p.Name, p.Default))
	}
	for _, c := range s.Choices {
		ps = append(ps, fmt.Sprintf("%s (%s)", c.Name, c.Values[0]))
	}
	for _, f := range s.Flags {
		ps = append(ps, f+" (false)")
	}
	if s.HasBase {
		ps = append(ps, "base (required)")
	}
	return orDash(strings.Join(ps, ", "))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func listJSON(o *ListOptions) error {
	switch o.What {
	case "optimizers", "optimizer":
		var out []optimizerJSON
		for _, s := range optimizers.Specs() {
			out = append(out, optimizerData(s, false))
		}
		return writeJSON(o.IO.Out, out)
	case "surfaces", "surface":
		var out []surfaceJSON
		for _, s := range surfaces.Specs() {
			out = append(out, surfaceData(s))
		}
		return writeJSON(o.IO.Out, out)
	case "schedules", "schedule":
		return writeJSON(o.IO.Out, schedulesData())
	}
	o.JSON = false
	return runList(o) // the usage error
}
