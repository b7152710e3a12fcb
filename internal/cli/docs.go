package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"

	"github.com/optlab/optlab/internal/output"
)

// DocsOptions are the inputs of `optlab docs`.
type DocsOptions struct {
	IO     *IOStreams
	Dir    string
	Format string // man or markdown
	Root   *cobra.Command
}

// NewCmdDocs builds `optlab docs DIR`: the reference pages of every
// command, generated from the commands themselves (cobra/doc), so they
// cannot drift from --help.
func NewCmdDocs(ios *IOStreams, runF func(context.Context, *DocsOptions) error) *cobra.Command {
	opts := &DocsOptions{IO: ios}
	cmd := &cobra.Command{
		Use:   "docs DIR",
		Short: "Write a man page (or Markdown page) for every command into DIR",
		Long: `Write optlab.1, optlab-run.1, … (or optlab.md, optlab_run.md, … with --format
markdown) into DIR, generated from the commands, their flags and examples.
Read one with 'man -l DIR/optlab-run.1', or install them into a MANPATH folder
such as ~/.local/share/man/man1.`,
		Example: "  optlab docs man/ && man -l man/optlab-compare.1\n  optlab docs --format markdown docs/cli",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Dir = args[0]
			opts.Root = cmd.Root()
			if opts.Format != "man" && opts.Format != "markdown" {
				return usageErrorf("--format: must be man or markdown, got %q", opts.Format)
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runDocs(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "man", "page format: man or markdown")
	return cmd
}

// runDocs writes one page per command that is available and not hidden,
// all at once (output.Dir): an interrupted run leaves DIR as it was.
func runDocs(o *DocsOptions) error {
	o.Root.DisableAutoGenTag = true // no date in the pages: equal binaries give equal bytes
	out, err := output.Begin(o.Dir)
	if err != nil {
		return err
	}
	header := &doc.GenManHeader{Section: "1", Source: "optlab " + Version(), Manual: "optlab manual"}
	var n int
	var walk func(c *cobra.Command) error
	walk = func(c *cobra.Command) error {
		if !c.IsAvailableCommand() && c != o.Root || c.IsAdditionalHelpTopicCommand() {
			return nil
		}
		for _, sub := range c.Commands() {
			if err := walk(sub); err != nil {
				return err
			}
		}
		var name string
		var gen func(w io.Writer) error
		if o.Format == "man" {
			name = strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
			h := *header // GenMan fills in the title per command
			gen = func(w io.Writer) error { return doc.GenMan(c, &h, w) }
		} else {
			name = strings.ReplaceAll(c.CommandPath(), " ", "_") + ".md"
			gen = func(w io.Writer) error { return doc.GenMarkdown(c, w) }
		}
		n++
		return out.Write(name, gen)
	}
	if err := walk(o.Root); err != nil {
		out.Abort()
		return err
	}
	if err := out.Commit(); err != nil {
		return err
	}
	fmt.Fprintf(o.IO.Err, "wrote %d %s pages to %s\n", n, o.Format, o.Dir)
	return nil
}
