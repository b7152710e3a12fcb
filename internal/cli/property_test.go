package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/trace"
)

// TestRunWritesWhatItSummarizes is a property over generated configs: for
// any config that validates, `run` exits 0 and writes a complete set of
// files (trace.csv, summary.json, loss.png, trajectory.png for 2-D
// surfaces) whose summary agrees with the last trace row of every run:
// final loss, gradient norm, step and x.
func TestRunWritesWhatItSummarizes(t *testing.T) {
	clearOptlabEnv(t)
	ran := 0
	rapid.Check(t, func(rt *rapid.T) {
		yaml := genConfig(rt)
		if _, err := config.LoadBytes("c.yaml", []byte(yaml), nil, nil); err != nil {
			return // the property is about configs that validate
		}
		// A run draws figures (about 0.1 s); a few dozen cover the
		// generator's space on a shared machine.
		if ran++; ran > 40 {
			return
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "c.yaml")
		os.WriteFile(path, []byte(yaml), 0o644)
		out := filepath.Join(dir, "out")
		code, _, stderr := execCLI(t, "run", path, "--out", out, "-q")
		if code != ExitOK {
			rt.Fatalf("a valid config: exit %d: %s\n%s", code, stderr, yaml)
		}
		checkCompleteSet(rt, out, true)
	})
	if ran == 0 {
		t.Fatal("the generator made no valid config")
	}
}

// genConfig draws a small config: a surface (2-D or n-D, with or without
// parameters), one to three optimizers with hyperparameters in and near
// their ranges, noise or not, stop rules or not, record_every and repeats.
func genConfig(rt *rapid.T) string {
	var b strings.Builder
	surf := rapid.SampledFrom([]string{"rosenbrock", "beale", "halfpipe", "himmelblau", "saddle", "booth", "sharpflat"}).Draw(rt, "surface")
	b.WriteString("surface: {name: " + surf)
	if surf == "rosenbrock" && rapid.Bool().Draw(rt, "nd") {
		fmt.Fprintf(&b, ", dim: %d", rapid.IntRange(2, 5).Draw(rt, "dim"))
	}
	if surf == "halfpipe" {
		fmt.Fprintf(&b, ", params: {kappa: %g, angle: %g}", rapid.Float64Range(1, 100).Draw(rt, "kappa"), rapid.Float64Range(-90, 90).Draw(rt, "angle"))
	}
	b.WriteString("}\n")
	fmt.Fprintf(&b, "steps: %d\nrecord_every: %d\nseed: %d\n", rapid.IntRange(1, 60).Draw(rt, "steps"),
		rapid.IntRange(1, 7).Draw(rt, "every"), rapid.Uint64().Draw(rt, "seed"))
	noisy := rapid.Bool().Draw(rt, "noisy")
	if noisy {
		if rapid.Bool().Draw(rt, "finite") {
			fmt.Fprintf(&b, "noise: {model: finite_sum, batch: %d, examples: 32}\n", rapid.IntRange(1, 32).Draw(rt, "batch"))
		} else {
			fmt.Fprintf(&b, "noise: {model: gaussian, sigma: %g, batch: %d}\n", rapid.Float64Range(0, 3).Draw(rt, "sigma"), rapid.IntRange(1, 16).Draw(rt, "batch"))
		}
		fmt.Fprintf(&b, "repeats: %d\n", rapid.IntRange(1, 3).Draw(rt, "repeats"))
	}
	if rapid.Bool().Draw(rt, "stop") {
		fmt.Fprintf(&b, "stop: {grad_norm: %g, bound: %g}\n", rapid.Float64Range(0, 1e-3).Draw(rt, "gn"), rapid.Float64Range(0, 50).Draw(rt, "bound"))
	}
	b.WriteString("optimizers:\n")
	opts := []string{
		"{name: sgd, lr: %g}", "{name: momentum, lr: %g, momentum: 0.9}", "{name: nesterov, lr: %g}",
		"{name: adam, lr: %g, schedule: {decay: {kind: cosine}}}", "{name: rmsprop, lr: %g, eps_inside_sqrt: true}",
		"{name: adagrad, lr: %g}", "{name: radam, lr: %g, schedule: {warmup: {steps: 3}}}",
		"{name: sam, rho: 0.05, base: {name: sgd, lr: %g}}", "{name: newton, lr: %g}",
	}
	picked := rapid.SliceOfNDistinct(rapid.IntRange(0, len(opts)-1), 1, 3, rapid.ID[int]).Draw(rt, "optimizers")
	for _, i := range picked {
		if noisy && strings.Contains(opts[i], "newton") {
			continue // newton needs an exact Hessian: fine, but slow to polish under finite_sum
		}
		fmt.Fprintf(&b, "  - "+opts[i]+"\n", rapid.Float64Range(1e-5, 2).Draw(rt, "lr"))
	}
	if !strings.Contains(b.String(), "  - ") {
		b.WriteString("  - sgd\n")
	}
	return b.String()
}

// checkCompleteSet checks that out holds a complete set of files whose
// summary agrees with the trace: every run of summary.json is in
// trace.csv, and its final loss, gradient norm, step and x are its last
// row's (for repeats, the row of the repeat the summary reports).
func checkCompleteSet(t interface {
	Helper()
	Fatalf(string, ...any)
}, out string, figures bool) {
	t.Helper()
	s, runs, err := trace.ReadDir(out)
	if err != nil {
		t.Fatalf("the files are not complete: %v", err)
	}
	ents, _ := os.ReadDir(out)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"config.yaml", "summary.json", "trace.csv"} // run keeps its config
	if figures {
		want = append(want, "loss.png")
	}
	if figures && s.Dim == 2 {
		want = append(want, "trajectory.png")
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("%s holds %v, want %v", out, names, want)
	}
	for _, rs := range s.Runs {
		if rs.FinalLoss == nil || rs.FinalGradNorm == nil {
			t.Fatalf("%s: final loss or gradient norm null although the run has rows", rs.Label)
		}
		var match bool
		for _, r := range runs {
			if r.Label != rs.Label {
				continue
			}
			last := r.Points[len(r.Points)-1]
			if last.Loss == *rs.FinalLoss && last.GradNorm == *rs.FinalGradNorm && last.Step == rs.Steps &&
				(len(last.X) != len(rs.FinalX) || slices.Equal(last.X, rs.FinalX)) {
				match = true
			}
		}
		if !match {
			t.Fatalf("%s: summary (loss %g, grad %g, step %d, x %v) is no repeat's last trace row", rs.Label, *rs.FinalLoss, *rs.FinalGradNorm, rs.Steps, rs.FinalX)
		}
	}
}
