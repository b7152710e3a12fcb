package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/play"
)

// PlayOptions are the inputs of `optlab play`.
type PlayOptions struct {
	IO         *IOStreams
	In         *os.File // the terminal (stdin)
	Surface    string
	Optimizers []string
	ConfigPath string
	SavePath   string // where `s` writes the setup; default out/play/NAME.yaml
	Paused     bool
	Record     string // write a scripted session as an animated GIF instead (no terminal)
}

// defaultPlayOptimizers are five methods whose paths differ visibly.
var defaultPlayOptimizers = []string{"sgd", "momentum", "nesterov", "rmsprop", "adam"}

// NewCmdPlay builds `optlab play`.
func NewCmdPlay(ios *IOStreams, runF func(context.Context, *PlayOptions) error) *cobra.Command {
	opts := &PlayOptions{IO: ios, In: os.Stdin}
	cmd := &cobra.Command{
		Use:   "play",
		Short: "A live playground in the terminal: the optimizers' paths growing over the contours",
		Long: `Run optimizers live over a surface's contours in the terminal and change them as
they go: lr, momentum, batch size, noise, the start, the surface (press ? for every
key). The runs are optlab run's own, and 's' saves the setup as a YAML config that
optlab run reproduces to the last digit. Needs a terminal (stdin a tty).`,
		Example: `  optlab play
  optlab play --surface halfpipe --opt sgd,momentum,adam
  optlab play --config configs/rosenbrock.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.ConfigPath != "" && (cmd.Flags().Changed("surface") || cmd.Flags().Changed("opt")) {
				return usageErrorf("play: --config sets the surface and optimizers; drop --surface/--opt or --config")
			}
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPlay(cmd.Context(), opts)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&opts.Surface, "surface", "rosenbrock", "surface to play on (optlab list surfaces)")
	fs.StringSliceVar(&opts.Optimizers, "opt", defaultPlayOptimizers, "optimizers, comma-separated")
	fs.StringVar(&opts.ConfigPath, "config", "", "start from this experiment config instead")
	fs.StringVar(&opts.SavePath, "save", "", "where 's' saves the setup (default out/play/NAME.yaml)")
	fs.BoolVar(&opts.Paused, "paused", false, "start paused (space runs)")
	fs.StringVar(&opts.Record, "record", "", "play a scripted session headless and write it as an animated GIF (for make gallery)")
	return cmd
}

// playConfig is the experiment the playground starts from: a config file,
// or compare's defaults for --surface and --opt.
func playConfig(o *PlayOptions) (*config.File, error) {
	if o.ConfigPath != "" {
		return config.Load(o.ConfigPath, nil, nil)
	}
	var names []string
	for _, n := range o.Optimizers {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, usageErrorf("--opt: name at least one optimizer")
	}
	f, err := compareConfig(&CompareOptions{Optimizers: names, Surface: o.Surface, Seed: config.DefaultSeed,
		Batch: 1, Examples: 256, Spread: 0.5, Repeats: 1, RecordEvery: 1, Out: filepath.Join("out", "play-"+o.Surface)})
	if err != nil {
		var ce *config.Errors
		if errors.As(err, &ce) {
			return nil, usageErrorf("--opt/--surface: %v", err)
		}
		return nil, err
	}
	f.Name = "play-" + o.Surface
	return f, nil
}

func runPlay(ctx context.Context, o *PlayOptions) error {
	f, err := playConfig(o)
	if err != nil {
		return err
	}
	save := o.SavePath
	if save == "" {
		save = filepath.Join("out", "play", f.Name+".yaml")
	}
	m, err := play.New(*f, play.Options{SavePath: save, Save: writeFileAtomic, Paused: o.Paused})
	if err != nil {
		return &UsageError{Err: err}
	}
	if o.Record != "" {
		return recordPlay(o, m)
	}
	// The screen is drawn on stderr (as fzf does), so stdout carries only
	// the results: the table of where the runs stand after quitting.
	if err := play.Run(ctx, m, o.In, o.IO.Err); err != nil {
		if errors.Is(err, play.ErrNoTerminal) {
			return &UsageError{Err: err}
		}
		return fmt.Errorf("play: %w", err)
	}
	// The terminal is back as it was; say where every run stands.
	tw := newTable(o.IO.Out, "label", "status", "step", "loss", "x")
	for _, r := range m.Finals() {
		xs := make([]string, len(r.X))
		for i, v := range r.X {
			xs[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		tw.row(r.Label, r.Status, strconv.Itoa(r.Step), strconv.FormatFloat(r.Loss, 'g', -1, 64), strings.Join(xs, ","))
	}
	tw.flush()
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the
// same folder, so the file is whole or absent.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// recordScript is the session `--record` plays: the runs start, adam's
// lr goes up mid-run, a restart, then gradient noise.
func recordScript() []play.RecordStep {
	return []play.RecordStep{
		{Msg: play.Size(100, 30), Frames: 40},
		{Msg: play.Key("tab")}, {Msg: play.Key("tab")}, {Msg: play.Key("tab")}, {Msg: play.Key("tab")},
		{Msg: play.Key("+"), Frames: 30},
		{Msg: play.Key("r"), Frames: 40},
		{Msg: play.Key("n"), Frames: 50},
	}
}

func recordPlay(o *PlayOptions, m *play.Model) error {
	if filepath.Ext(o.Record) != ".gif" {
		return usageErrorf("--record: the recording is a .gif, got %q", o.Record)
	}
	d, err := output.Begin(filepath.Dir(o.Record))
	if err != nil {
		return err
	}
	if err := d.Write(filepath.Base(o.Record), func(w io.Writer) error {
		_, err := play.Record(w, m, recordScript(), 15, 2)
		return err
	}); err != nil {
		d.Abort()
		return err
	}
	if err := d.Commit(); err != nil {
		return err
	}
	fmt.Fprintln(o.IO.Out, o.Record)
	return nil
}
