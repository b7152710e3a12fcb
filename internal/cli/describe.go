package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/presets"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
)

// DescribeOptions are the inputs of `optlab describe`.
type DescribeOptions struct {
	IO   *IOStreams
	Name string
	JSON bool // --json: the same facts as a JSON object
	// The lecture's figures (describe_figures.go).
	Figures DescribeFigures
}

// NewCmdDescribe builds `optlab describe NAME`.
func NewCmdDescribe(ios *IOStreams, runF func(context.Context, *DescribeOptions) error) *cobra.Command {
	opts := &DescribeOptions{IO: ios}
	cmd := &cobra.Command{
		Use:     "describe OPTIMIZER|SURFACE",
		Short:   "Show an optimizer's update rule and hyperparameters, or a surface's formula and minima",
		Example: "  optlab describe adam\n  optlab describe himmelblau",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			if opts.Figures.any() {
				return runDescribeFigures(opts)
			}
			return runDescribe(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON object instead of the text")
	addDescribeFigureFlags(cmd, &opts.Figures)
	return cmd
}

func runDescribe(o *DescribeOptions) error {
	w := o.IO.Out
	if s, ok := optimizers.Lookup(o.Name); ok && o.JSON {
		return writeJSON(w, optimizerData(s, true))
	}
	if s, ok := optimizers.Lookup(o.Name); ok {
		fmt.Fprintf(w, "%s — %s\n\nUpdate rule (g = ∇f(x), t counts updates from 1, lr the scheduled rate):\n", s.Name, s.Summary)
		for _, l := range s.Rule {
			fmt.Fprintf(w, "    %s\n", l)
		}
		fmt.Fprintln(w, "\nHyperparameters (default):")
		t := newTable(w, "    name", "default", "meaning")
		for _, p := range s.Params {
			t.row("    "+p.Name, fmt.Sprintf("%g", p.Default), p.Doc)
		}
		for _, c := range s.Choices {
			t.row("    "+c.Name, c.Values[0], c.Doc+" (one of "+strings.Join(c.Values, ", ")+")")
		}
		for _, f := range s.Flags {
			doc := "put eps under the square root, the lecture's form"
			if f != "eps_inside_sqrt" {
				doc = "see the update rule"
			}
			t.row("    "+f, fmt.Sprint(s.FlagDefaults[f]), doc)
		}
		if s.HasBase {
			t.row("    base", "(required)", "the optimizer that steps with the ascent-point gradient, e.g. {name: sgd, lr: 0.001}")
		}
		t.flush()
		if s.Notes != "" {
			fmt.Fprintf(w, "\n%s\n", s.Notes)
		}
		return nil
	}
	if s, ok := surfaces.Lookup(o.Name); ok {
		return describeSurface(o, s)
	}
	all := append(optimizers.Names(), surfaces.Names()...)
	return usageErrorf("describe: %q is neither an optimizer nor a surface%s; see 'optlab list optimizers' and 'optlab list surfaces'",
		o.Name, config.Suggest(o.Name, all))
}

func describeSurface(o *DescribeOptions, spec surfaces.Spec) error {
	w := o.IO.Out
	s, err := surfaces.New(spec.Name, nil, 0)
	if err != nil {
		return err
	}
	if o.JSON {
		return writeJSON(w, surfaceDetail(spec, s))
	}
	fmt.Fprintf(w, "%s — %s\n\n    %s\n\n", spec.Name, spec.Summary, spec.Formula)
	if len(spec.Params) > 0 {
		fmt.Fprintln(w, "Parameters (default):")
		t := newTable(w, "    name", "default", "meaning")
		for _, p := range spec.Params {
			t.row("    "+p.Name, fmt.Sprintf("%g", p.Default), p.Doc)
		}
		t.flush()
		fmt.Fprintln(w)
	}
	dim := "2"
	if spec.AnyDim {
		dim = "any n ≥ 2 (surface.dim, default 2); shown for n = 2"
	}
	lo, hi := s.Bounds()
	fmt.Fprintf(w, "Dimension: %s\nStandard start: %s\nPlotting window: %s to %s\n\nKnown stationary points:\n", dim, vec(s.Start()), vec(lo), vec(hi))
	t := newTable(w, "    name", "kind", "x", "f(x)")
	for _, m := range s.Minima() {
		kind := m.Kind
		if kind.IsMin() {
			kind = problem.Min
		}
		t.row("    "+m.Name, string(kind), vec(m.X), fmt.Sprintf("%.10g", m.Value))
	}
	t.flush()
	p := presets.For(s)
	fmt.Fprintf(w, "\n'optlab compare' on %s: %d steps, learning rates", spec.Name, p.Steps)
	for _, name := range optimizers.Names() {
		if lr, ok := p.LR[name]; ok {
			fmt.Fprintf(w, " %s=%.3g", name, lr)
		}
	}
	fmt.Fprintln(w)
	return nil
}

func vec(x []float64) string {
	parts := make([]string, len(x))
	for i, v := range x {
		parts[i] = fmt.Sprintf("%.6g", v)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
