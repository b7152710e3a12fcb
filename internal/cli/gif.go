package cli

import (
	"io"
	"math"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// gifFlags are the animation flags of run, compare and plot trajectory.
type gifFlags struct {
	On     bool
	Frames int
	FPS    float64
	Steps  string // log or linear
}

func addGIFFlags(fs *pflag.FlagSet, g *gifFlags) {
	fs.BoolVar(&g.On, "gif", false, "also write DIR/trajectory.gif: the paths growing step by step (2-D surfaces)")
	fs.IntVar(&g.Frames, "frames", plotting.DefaultGIFFrames, "--gif: number of frames")
	fs.Float64Var(&g.FPS, "fps", plotting.DefaultGIFFPS, "--gif: frames per second")
	fs.StringVar(&g.Steps, "gif-steps", "log", "--gif: steps of the frames on a log or linear scale")
}

// options checks the flags and returns the GIF options (nil without --gif).
func (g gifFlags) options() (*plotting.GIFOptions, error) {
	if g.Frames < 1 || g.Frames > 2000 {
		return nil, usageErrorf("--frames: must be between 1 and 2000, got %d", g.Frames)
	}
	if !(g.FPS > 0) || g.FPS > 100 || math.IsInf(g.FPS, 0) {
		return nil, usageErrorf("--fps: must be > 0 and ≤ 100, got %g", g.FPS)
	}
	if g.Steps != "log" && g.Steps != "linear" {
		return nil, usageErrorf("--gif-steps: must be log or linear, got %q", g.Steps)
	}
	if !g.On {
		return nil, nil
	}
	return &plotting.GIFOptions{Frames: g.Frames, FPS: g.FPS, LogSteps: g.Steps == "log"}, nil
}

// writeGIF re-draws DIR/trajectory.gif (or out) from a saved run.
func writeGIF(ios *IOStreams, from, out string, o *plotting.GIFOptions) error {
	if out == "" {
		out = filepath.Join(from, runner.GIFFile)
	}
	if filepath.Ext(out) != ".gif" {
		return usageErrorf("--out: a --gif figure is written as .gif, got %q", out)
	}
	sum, runs, err := trace.ReadDir(from)
	if err != nil {
		return usageErrorf("--from %s: %v", from, err)
	}
	s, err := runner.SavedLandscape(sum)
	if err != nil {
		return usageErrorf("--from %s: %v", from, err)
	}
	if s.Dim() != 2 {
		return usageErrorf("plot trajectory: %s is %d-D; trajectories are drawn for 2-D surfaces only", sum.Surface, s.Dim())
	}
	d, err := output.Begin(filepath.Dir(out))
	if err != nil {
		return err
	}
	if err := d.Write(filepath.Base(out), func(w io.Writer) error { return runner.TrajectoryGIF(w, s, runs, *o) }); err != nil {
		d.Abort()
		return err
	}
	if err := d.Commit(); err != nil {
		return err
	}
	_, err = io.WriteString(ios.Out, out+"\n")
	return err
}
