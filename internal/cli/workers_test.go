package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// TestWorkersSameTrace: a network's mini-batch gradients split across 1,
// 2 and 3 workers give byte-identical trace.csv, params files and
// summary.json (wall times masked), with batch norm, ghost batches, SAM and
// repeats running side by side on the command's limit.
func TestWorkersSameTrace(t *testing.T) {
	clearOptlabEnv(t)
	config := func(k string) string {
		return "seed: 4\nrepeats: 2\nproblem:\n  workers: " + k + "\n" +
			"  data: {name: spirals, examples: 400, classes: 3, noise: 0.05}\n" +
			"  model: {kind: mlp, hidden: [24, 16], activation: tanh, batchnorm: true}\n" +
			"epochs: 3\noptimizers:\n  - {label: m64, name: sgd, lr: 0.2, batch: 64}\n" +
			"  - {label: ghost, name: sgd, lr: 0.2, batch: 100, ghost_batch: 20}\n" +
			"  - {label: sam, name: sam, rho: 0.05, base: {name: sgd, lr: 0.2}, batch: 100}"
	}
	read := func(dir string) map[string][]byte {
		out := map[string][]byte{}
		params, err := filepath.Glob(filepath.Join(dir, "params", "*.txt"))
		// 3 labels × 2 repeats, each its parameters and (batch norm) its
		// running statistics.
		if err != nil || len(params) != 12 {
			t.Fatalf("params files %v (%v), want 12", params, err)
		}
		names := []string{"trace.csv", "summary.json"}
		for _, p := range params {
			names = append(names, filepath.Join("params", filepath.Base(p)))
		}
		for _, name := range names {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			out[name] = trace.WithoutWallClock(b)
		}
		return out
	}
	want := read(runData(t, config("1"), nil))
	for _, k := range []string{"2", "3"} {
		got := read(runData(t, config(k), nil))
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("workers %s: %s differs from workers 1", k, name)
			}
		}
	}
}

// TestNetgenBadInput: the generalization chapter's bad input rows exit 2
// naming the field or flag and write nothing.
func TestNetgenBadInput(t *testing.T) {
	clearOptlabEnv(t)
	runC := []string{"run", "c.yaml"}
	cases := []badCase{
		{name: "workers zero", files: cfg(strings.Replace(dataOK, "problem:\n", "problem:\n  workers: 0\n", 1), "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"problem.workers: must be ≥ 1", "got 0"}},
		{name: "workers negative", files: cfg(strings.Replace(dataOK, "problem:\n", "problem:\n  workers: -2\n", 1), "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"problem.workers: must be ≥ 1", "got -2"}},
	}
	cases = append(cases, netgenFlagCases()...)
	runBadCases(t, cases)
}

// netgenFlagCases are the flag rows: --x on run, compare and plot loss.
func netgenFlagCases() []badCase {
	sf := cfg("surface: {name: sharpflat}", "steps: 5", "optimizers: [sgd]", "output: {dir: out}")
	return []badCase{
		{name: "run --x unknown", files: sf, args: []string{"run", "c.yaml", "--x", "epochs"}, code: 2,
			want: []string{`--x: unknown x axis "epochs"`, "steps, grad_evals, examples, seconds"}},
		{name: "compare --x unknown", args: []string{"compare", "sgd", "--surface", "sharpflat", "--out", "o", "--x", "flops"}, code: 2,
			want: []string{`--x: unknown x axis "flops"`}},
		{name: "plot loss --x unknown", dirs: []string{"saved"}, args: []string{"plot", "loss", "--from", "saved", "--x", "gradients"}, code: 2,
			want: []string{`--x: unknown x axis "gradients"`}},
	}
}
