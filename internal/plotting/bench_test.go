package plotting

import (
	"io"
	"testing"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// benchRuns is what `optlab compare` draws: 7 optimizers × 5000 steps.
func benchRuns() (Landscape, []trace.Run) {
	s := rosenbrock()
	x0 := s.Start
	runs := []trace.Run{
		descend(s, "sgd", "gd", x0, 1e-3, 5000, 0, 1),
		descend(s, "momentum", "momentum", x0, 1e-4, 5000, 0, 1),
		descend(s, "nesterov", "momentum", x0, 2e-4, 5000, 0, 1),
		descend(s, "adam", "adam", x0, 0.02, 5000, 0, 1),
		descend(s, "rmsprop", "adam", x0, 0.005, 5000, 0, 1),
		descend(s, "adagrad", "gd", x0, 5e-4, 5000, 0, 1),
		descend(s, "sgd-noisy", "gd", x0, 1e-3, 5000, 1, 1),
	}
	return s.Landscape, runs
}

func BenchmarkTrajectoryPNG(b *testing.B) {
	s, runs := benchRuns()
	b.ReportAllocs()
	for b.Loop() {
		p, err := Trajectory(s, runs, TrajectoryOptions{Overlay: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := encode.Save(io.Discard, p, "png", 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLossPNG(b *testing.B) {
	_, runs := benchRuns()
	b.ReportAllocs()
	for b.Loop() {
		p, err := Loss(runs, LossOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := encode.Save(io.Discard, p, "png", 0, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrajectoryBuild is the figure without rendering.
func BenchmarkTrajectoryBuild(b *testing.B) {
	s, runs := benchRuns()
	for b.Loop() {
		if _, err := Trajectory(s, runs, TrajectoryOptions{Overlay: true}); err != nil {
			b.Fatal(err)
		}
	}
}
