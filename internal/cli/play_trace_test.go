package cli

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/play"
)

// The playground's runs, stepped to the end, equal optlab run's trace.csv
// for the same config: every step's loss and x, to the last digit.
func TestPlayEqualsRunTrace(t *testing.T) {
	for _, name := range []string{"rosenbrock", "noise-batch", "schedules"} {
		cfg := filepath.Join("..", "..", "configs", name+".yaml")
		out := filepath.Join(t.TempDir(), name)
		if code := Execute(context.Background(), []string{"run", cfg, "--out", out, "-q"}, &IOStreams{Out: os.Stdout, Err: os.Stderr}); code != 0 {
			t.Fatalf("run %s: exit %d", name, code)
		}
		f, err := config.Load(cfg, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if f.RecordEvery != 1 {
			t.Fatalf("%s records every %d steps", name, f.RecordEvery)
		}
		m, err := play.New(*f, play.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.RunToEnd()
		labels, xs, losses := m.Paths()
		fh, err := os.Open(filepath.Join(out, "trace.csv"))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		run := -1
		prev := ""
		seen := 0
		for _, r := range rows[1:] {
			if r[col["run"]] != prev {
				run++
				prev = r[col["run"]]
				if run >= len(labels) || labels[run] != prev {
					t.Fatalf("%s: run %d is %q in trace.csv", name, run, prev)
				}
			}
			k, _ := strconv.Atoi(r[col["step"]])
			if k >= len(xs[run]) {
				t.Fatalf("%s %s: trace.csv has step %d, play %d steps", name, prev, k, len(xs[run])-1)
			}
			g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
			if r[col["loss"]] != g(losses[run][k]) || r[col["x0"]] != g(xs[run][k][0]) || r[col["x1"]] != g(xs[run][k][1]) {
				t.Fatalf("%s %s step %d: trace.csv %s (%s, %s), play %s (%s, %s)", name, prev, k,
					r[col["loss"]], r[col["x0"]], r[col["x1"]], g(losses[run][k]), g(xs[run][k][0]), g(xs[run][k][1]))
			}
			seen++
		}
		total := 0
		for _, x := range xs {
			total += len(x)
		}
		if seen != total {
			t.Errorf("%s: trace.csv has %d rows, play drew %d points", name, seen, total)
		}
	}
}
