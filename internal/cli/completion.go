package cli

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// Shell completion: Cobra's own `optlab completion bash|zsh|fish|powershell`
// prints the script (docs/outputs.md says how to install it); this file
// tells it what the arguments and enum flags of each command can be, from
// the registries, so that a new optimizer or surface completes with no
// change here.

// addCompletions attaches completions to the command tree by command path
// and by flag name, so commands added later get them for the flags they
// share (--format, --surface, --smooth …) without a line of their own.
func addCompletions(root *cobra.Command) {
	args := map[string]cobra.CompletionFunc{
		"optlab compare":        repeatable(optimizers.Names),
		"optlab describe":       once(func() []string { return append(optimizers.Names(), surfaces.Names()...) }),
		"optlab plot surface":   once(surfaces.Names),
		"optlab noise":          once(surfaces.Names),
		"optlab run":            yamlFiles,
		"optlab validate":       yamlFiles,
		"optlab sweep":          yamlFiles,
		"optlab tune":           yamlFiles,
		"optlab merge":          dirs,
		"optlab plot loss":      noFiles,
		"optlab plot smoothing": noFiles,
		"optlab sharpness":      dirs,
	}
	flags := map[string]cobra.CompletionFunc{
		"format":      fixed("png", "svg", "pdf"),
		"surface":     fixed(surfaces.Names()...),
		"noise-model": fixed(noise.Gaussian, noise.FiniteSum),
		"model":       fixed(noise.Gaussian, noise.FiniteSum),
		"smooth":      fixed("ewma:0.9", "ewma_bc:0.9", "sma:10", "wma:3,2,1", "none"),
		"from":        dirs,
		"config":      yamlFlag,
		"objective":   fixed("final_loss", "distance", "auc"),
		"tuned":       dirs,
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if f, ok := args[c.CommandPath()]; ok && c.ValidArgsFunction == nil && len(c.ValidArgs) == 0 {
			c.ValidArgsFunction = f
		}
		for name, f := range flags {
			if c.Flags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, f) // errors only if already registered
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

func fixed(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// repeatable completes names for every argument, leaving out those given.
func repeatable(names func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, n := range names() {
			if !slices.Contains(args, n) {
				out = append(out, n)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// once completes the first argument only.
func once(names func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return names(), cobra.ShellCompDirectiveNoFileComp
	}
}

func yamlFiles(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// yamlFlag completes a flag's YAML file, whatever the arguments so far.
func yamlFlag(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

func noFiles(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveNoFileComp
}

func dirs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}
