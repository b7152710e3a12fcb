package runner

import (
	"fmt"
	"io"

	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// GIFFile is the animated trajectory's name in an output folder.
const GIFFile = "trajectory.gif"

// TrajectoryGIF writes the animated trajectory of runs over the 2-D
// problem s (the same landscape and points as the trajectory figure).
func TrajectoryGIF(w io.Writer, s problem.Objective, runs []trace.Run, o plotting.GIFOptions) error {
	if s == nil || s.Dim() != 2 {
		return fmt.Errorf("a trajectory GIF needs a 2-D surface")
	}
	l, err := LandscapeOf(s)
	if err != nil {
		return err
	}
	_, err = plotting.TrajectoryGIF(w, l, runs, o)
	return err
}

// stageGIF stages DIR/trajectory.gif in out when o asks for one (2-D
// surfaces only) and marks a stale one obsolete otherwise.
func stageGIF(out *output.Dir, s problem.Objective, runs []trace.Run, o *plotting.GIFOptions) ([]string, error) {
	if o == nil || s == nil || s.Dim() != 2 {
		out.Obsolete(GIFFile)
		return nil, nil
	}
	if err := out.Write(GIFFile, func(w io.Writer) error { return TrajectoryGIF(w, s, runs, *o) }); err != nil {
		return nil, err
	}
	return []string{GIFFile}, nil
}
