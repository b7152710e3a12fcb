package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// tune gives every optimizer the same grid and gradient budget, keeps
// its seeds apart, and compare --tuned reproduces what was tuned.
func TestTuneThenCompareTuned(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "tune")
	code, stdout, stderr := run(t, "tune", "../../configs/rosenbrock.yaml", "--out", out, "--lr-min", "1e-4", "--lr-max", "1", "--trials", "9")
	if code != ExitOK {
		t.Fatal(stderr)
	}
	for _, want := range []string{"no per-optimizer ranges", "2000 gradient evaluations", "does not rank optimizers in general", "final loss gap"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	md, _ := os.ReadFile(filepath.Join(out, "tune.md"))
	if string(md) != stdout {
		t.Error("tune.md is not the report printed")
	}
	var tj tunedJSON
	b, err := os.ReadFile(filepath.Join(out, tunedFile))
	if err != nil || json.Unmarshal(b, &tj) != nil {
		t.Fatalf("tuned.json: %v", err)
	}
	for _, s := range tj.EvalSeeds {
		for _, u := range tj.TuneSeeds {
			if s == u {
				t.Errorf("seed %d both tunes and evaluates", s)
			}
		}
	}
	if len(tj.EvalSeeds) < 10 {
		t.Errorf("%d evaluation seeds", len(tj.EvalSeeds))
	}
	byName := map[string]tunedOptimizer{}
	for _, o := range tj.Optimizers {
		byName[o.Optimizer] = o
		if o.Trials != 9 {
			t.Errorf("%s: %d trials", o.Label, o.Trials)
		}
		if got := float64(o.Steps) * o.GradsPerStep; got > float64(tj.GradBudget) || got < float64(tj.GradBudget)-o.GradsPerStep {
			t.Errorf("%s: %d updates × %g gradients ≠ the budget %d", o.Label, o.Steps, o.GradsPerStep, tj.GradBudget)
		}
	}
	if byName["sam"].GradsPerStep != 2 || byName["sam"].Steps != 1000 || byName["sgd"].Steps != 2000 {
		t.Errorf("sam %+v, sgd %+v: sam's ascent gradient must count", byName["sam"], byName["sgd"])
	}
	// Every trial of results.csv stayed within its budget.
	rows, _ := os.ReadFile(filepath.Join(out, resultsFile))
	for _, line := range strings.Split(strings.TrimSpace(string(rows)), "\n")[1:] {
		f := strings.Split(line, ",")
		if ge, err := strconv.ParseInt(f[len(f)-3], 10, 64); err != nil || ge > tj.GradBudget {
			t.Errorf("a trial used %d gradient evaluations: %s", ge, line)
		}
	}
	cmp := filepath.Join(dir, "cmp")
	if code, _, stderr := run(t, "compare", "sgd", "adam", "sam", "--tuned", out, "--out", cmp, "-q"); code != ExitOK {
		t.Fatal(stderr)
	}
	var sum trace.Summary
	b, _ = os.ReadFile(filepath.Join(cmp, "summary.json"))
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	for _, r := range sum.Runs {
		o := byName[r.Optimizer]
		if r.LR != *o.LR || r.Steps > o.Steps || r.FinalLoss == nil || o.Eval == nil {
			t.Fatalf("%s: lr %g steps %d, tuned lr %g steps %d", r.Label, r.LR, r.Steps, *o.LR, o.Steps)
		}
		// Without noise every evaluation seed is the same run: compare must land on it.
		if *r.FinalLoss-*sum.FStar != o.Eval.Median {
			t.Errorf("%s: compare ends at gap %g, the tuned evaluation at %g", r.Label, *r.FinalLoss-*sum.FStar, o.Eval.Median)
		}
	}
	if code, _, stderr := run(t, "compare", "adam", "--tuned", out, "--steps", "100", "--out", cmp); code != ExitUsage || !strings.Contains(stderr, "horizon") {
		t.Errorf("another horizon: exit %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "compare", "adam", "--tuned", out, "--surface", "beale", "--out", cmp); code != ExitUsage || !strings.Contains(stderr, "beale") {
		t.Errorf("another surface: exit %d %s", code, stderr)
	}
	if code, _, stderr := run(t, "tune", "../../configs/rosenbrock.yaml", "--eval-seeds", "3"); code != ExitUsage || !strings.Contains(stderr, "--eval-seeds") {
		t.Errorf("3 eval seeds: exit %d %s", code, stderr)
	}
}
