package play

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/optlab/optlab/internal/config"
)

// fiveRuns is rosenbrock with the playground's five default optimizers.
func fiveRuns(tb testing.TB) *Model {
	tb.Helper()
	lr := func(v float64) map[string]float64 { return map[string]float64{"lr": v} }
	f := config.File{Name: "bench", Surface: config.SurfaceSpec{Name: "rosenbrock"}, Steps: 2000, Seed: 1, Repeats: 1, RecordEvery: 1,
		Optimizers: []config.OptimizerSpec{{Name: "sgd", Values: lr(0.001)}, {Name: "momentum", Values: lr(0.001)},
			{Name: "nesterov", Values: lr(0.001)}, {Name: "rmsprop", Values: lr(0.01)}, {Name: "adam", Values: lr(0.05)}},
		Output: config.OutputSpec{Dir: "out/bench"}}
	m, err := New(f, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// BenchmarkView is the frame time of the view at 200×60 with five runs of
// 2000 steps drawn (goal ≤ 10 ms, so ≥ 30 frames/s leaves room).
func BenchmarkView(b *testing.B) {
	for _, sz := range [][2]int{{80, 24}, {200, 60}} {
		m := fiveRuns(b)
		m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		m.s.step(2000)
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			for b.Loop() {
				_ = m.View()
			}
		})
	}
}

// BenchmarkFrame is a whole frame: a tick (five runs × 5 updates) and the view.
func BenchmarkFrame(b *testing.B) {
	m := fiveRuns(b)
	m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	for b.Loop() {
		m.Update(tickMsg{})
		_ = m.View()
		if m.s.allDone() {
			b.StopTimer()
			m = fiveRuns(b)
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			b.StartTimer()
		}
	}
}
