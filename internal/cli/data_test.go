package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// dataOK is the head of a valid problem config for the bad-input cases.
const dataOK = "problem:\n  data: {name: moons, examples: 100}\n  model: {kind: mlp, hidden: [4], batchnorm: true}\nepochs: 1\noutput: {dir: out}"

func dataBadCases() []badCase {
	runC := []string{"run", "c.yaml"}
	csv := func(content string) map[string]string {
		return map[string]string{
			"c.yaml": "problem:\n  data: {csv: d.csv, target: y}\n  model: {kind: logistic}\nepochs: 1\noptimizers: [{name: sgd, batch: 2}]\noutput: {dir: out}\n",
			"d.csv":  content,
		}
	}
	return []badCase{
		{name: "both surface and problem", files: cfg(dataOK, "surface: {name: rosenbrock}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"surface: give either surface or problem, not both"}},
		{name: "neither surface nor problem", files: cfg("epochs: 2", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"surface.name: is required"}},
		{name: "unknown data set", files: cfg("problem: {data: {name: moon}, model: {kind: logistic}}", "epochs: 1", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`problem.data.name: unknown data set "moon"`, `did you mean "moons"?`}},
		{name: "unknown model", files: cfg("problem: {data: {name: moons}, model: {kind: mpl}}", "epochs: 1", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`problem.model.kind: unknown model "mpl"`, `did you mean "mlp"?`}},
		{name: "hidden size zero", files: cfg("problem: {data: {name: moons}, model: {kind: mlp, hidden: [8, 0]}}", "epochs: 1", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"problem.model.hidden[1]: must be ≥ 1, got 0"}},
		{name: "ghost batch does not divide", files: cfg(dataOK, "optimizers: [{name: sgd, batch: 30, ghost_batch: 8}]"), args: runC, code: 2,
			want: []string{"optimizers[0].ghost_batch: must divide the batch 30, got 8"}},
		{name: "ghost batch without batch norm", files: cfg("problem: {data: {name: moons, examples: 100}, model: {kind: mlp, hidden: [4]}}", "epochs: 1", "optimizers: [{name: sgd, batch: 32, ghost_batch: 8}]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"optimizers[0].ghost_batch: needs batch norm"}},
		{name: "batch above examples", files: cfg(dataOK, "optimizers: [{name: sgd, batch: 76}]"), args: runC, code: 2,
			want: []string{"optimizers[0].batch: must be ≤ 75, the training examples, got 76"}},
		{name: "epochs and steps", files: cfg(dataOK, "steps: 10", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"epochs: give epochs or steps, not both"}},
		{name: "csv missing target", files: csv("a,b\n1,2\n"), args: runC, code: 2,
			want: []string{`problem.data.csv: d.csv:1: no target column "y"`}},
		{name: "csv non-numeric", files: csv("a,y\n1,0\n2,1\nzz,1\n"), args: runC, code: 2,
			want: []string{`d.csv:4:1: column "a": "zz" is not a finite number`}},
		{name: "csv ragged", files: csv("a,b,y\n1,2,0\n1,1\n"), args: runC, code: 2,
			want: []string{"d.csv:3: 2 fields, the header has 3"}},
		{name: "csv non-integer class", files: csv("a,y\n1,0\n2,0.5\n"), args: runC, code: 2,
			want: []string{`d.csv:3:3: target "y": class "0.5" is not an integer`}},
		{name: "csv gappy classes", files: csv("a,y\n1,0\n2,2\n3,2\n"), args: runC, code: 2,
			want: []string{"class 1 is missing"}},
		{name: "init file wrong count", files: map[string]string{
			"c.yaml": "problem:\n  data: {name: moons, examples: 100}\n  model: {kind: logistic}\n  init: {file: p.txt}\nepochs: 1\noptimizers: [sgd]\noutput: {dir: out}\n",
			"p.txt":  "0.1\n0.2\n"}, args: runC, code: 2,
			want: []string{"problem.init.file: p.txt: 2 numbers, the model needs 6"}},
	}
}

func TestDataBadInput(t *testing.T) {
	clearOptlabEnv(t)
	runBadCases(t, dataBadCases())
}

// runData runs a config text in a fresh folder (with files beside it)
// and returns the output folder.
func runData(t *testing.T, config string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "c.yaml")
	out := filepath.Join(dir, "out")
	if err := os.WriteFile(path, []byte(config+"\noutput: {dir: "+out+"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := execCLI(t, "run", "--quiet", path); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	return out
}

func readSummary(t *testing.T, dir string) *trace.Summary {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := trace.ReadSummary(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func readTable(t *testing.T, dir string) *trace.Table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := trace.ReadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestDataExactToTorchThroughCLI runs every PyTorch reference of
// testdata/data through `optlab run` (init file, shuffle false) and
// compares every batch_loss, the params file and the final evaluation
// metrics in summary.json to 1e-7 relative.
func TestDataExactToTorchThroughCLI(t *testing.T) {
	clearOptlabEnv(t)
	ref, _ := filepath.Abs("../../testdata/data")
	files, _ := filepath.Glob(filepath.Join(ref, "*.json"))
	if len(files) < 7 {
		t.Fatalf("%d reference cases", len(files))
	}
	for _, file := range files {
		raw, _ := os.ReadFile(file)
		var rc struct {
			Case struct {
				Name, Data string
				Model      struct {
					Kind, Activation string
					Hidden           []int
					Batchnorm        bool
				}
				Optimizer struct {
					Name string
					LR   float64
				}
				Batch, Ghost, Epochs int
			}
			BatchLoss []float64 `json:"batch_loss"`
			Params    []float64
			TrainLoss float64  `json:"train_loss"`
			TestLoss  float64  `json:"test_loss"`
			TrainAcc  *float64 `json:"train_acc"`
			TestAcc   *float64 `json:"test_acc"`
		}
		if err := json.Unmarshal(raw, &rc); err != nil {
			t.Fatal(err)
		}
		c := rc.Case
		t.Run(c.Name, func(t *testing.T) {
			target := "label"
			if c.Model.Kind == "linear" {
				target = "y"
			}
			model := fmt.Sprintf("{kind: %s}", c.Model.Kind)
			if c.Model.Kind == "mlp" {
				h, _ := json.Marshal(c.Model.Hidden)
				model = fmt.Sprintf("{kind: mlp, hidden: %s, activation: %s, batchnorm: %v}", h, c.Model.Activation, c.Model.Batchnorm)
			}
			ghost := ""
			if c.Ghost > 0 {
				ghost = fmt.Sprintf(", ghost_batch: %d", c.Ghost)
			}
			config := fmt.Sprintf("problem:\n  data: {csv: %s/%s-train.csv, test_csv: %s/%s-test.csv, target: %s}\n  model: %s\n  init: {file: %s/%s-init.txt}\n  shuffle: false\nepochs: %d\noptimizers: [{name: %s, lr: %v, batch: %d%s}]",
				ref, c.Data, ref, c.Data, target, model, ref, c.Name, c.Epochs, c.Optimizer.Name, c.Optimizer.LR, c.Batch, ghost)
			out := runData(t, config, nil)
			tb := readTable(t, out)
			bl, _ := tb.Runs[0].Column("batch_loss")
			if len(bl) != len(rc.BatchLoss)+1 {
				t.Fatalf("%d rows, torch has %d steps", len(bl), len(rc.BatchLoss))
			}
			for k, want := range rc.BatchLoss {
				if got := bl[k+1]; math.Abs(got-want) > 1e-7*math.Abs(want) {
					t.Fatalf("step %d: batch_loss %.15g, torch %.15g", k+1, got, want)
				}
			}
			s := readSummary(t, out)
			r := s.Runs[0]
			if r.DataSummary == nil || math.Abs(*r.TrainLoss-rc.TrainLoss) > 1e-7*rc.TrainLoss || math.Abs(*r.TestLoss-rc.TestLoss) > 1e-7*rc.TestLoss {
				t.Errorf("final losses %+v, torch %v %v", r.DataSummary, rc.TrainLoss, rc.TestLoss)
			}
			if rc.TrainAcc != nil && (*r.TrainAcc != *rc.TrainAcc || *r.TestAcc != *rc.TestAcc) {
				t.Errorf("accuracies %v %v, torch %v %v", *r.TrainAcc, *r.TestAcc, *rc.TrainAcc, *rc.TestAcc)
			}
			pf, err := os.ReadFile(filepath.Join(out, r.ParamsFile))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Fields(string(pf))
			if len(lines) != len(rc.Params) {
				t.Fatalf("%d params, torch %d", len(lines), len(rc.Params))
			}
			for i, l := range lines {
				var v float64
				fmt.Sscan(l, &v)
				if math.Abs(v-rc.Params[i]) > 1e-7*max(1, math.Abs(rc.Params[i])) {
					t.Errorf("param %d: %v, torch %v", i, v, rc.Params[i])
				}
			}
		})
	}
}

// TestMoonsMLP: configs/moons-mlp.yaml reaches ≥ 95% test accuracy with
// every optimizer, and a rerun is byte-identical.
func TestMoonsMLP(t *testing.T) {
	clearOptlabEnv(t)
	cfgPath, _ := filepath.Abs("../../configs/moons-mlp.yaml")
	var outs [2]string
	for k := range outs {
		outs[k] = filepath.Join(t.TempDir(), "out")
		if code, _, stderr := execCLI(t, "run", "--quiet", "--out", outs[k], cfgPath); code != 0 {
			t.Fatalf("exit %d:\n%s", code, stderr)
		}
	}
	for _, r := range readSummary(t, outs[0]).Runs {
		if r.TestAcc == nil || *r.TestAcc < 0.95 {
			t.Errorf("%s: test accuracy %v < 0.95", r.Label, r.TestAcc)
		}
		t.Logf("%s: test accuracy %.4f, gap %.4f", r.Label, *r.TestAcc, *r.Gap)
	}
	for _, name := range []string{"trace.csv", "summary.json", "params/adam.txt", "boundary.csv"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], name))
		b, _ := os.ReadFile(filepath.Join(outs[1], name))
		if name == "summary.json" {
			a, b = trace.WithoutWallClock(a), trace.WithoutWallClock(b)
		}
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs (or is empty)", name)
		}
	}
	for _, name := range []string{"loss.png", "accuracy.png", "boundary.png"} {
		if _, err := os.Stat(filepath.Join(outs[0], name)); err != nil {
			t.Error(err)
		}
	}
	// Re-drawn from disk.
	for _, args := range [][]string{
		{"plot", "boundary", "--from", outs[0], "--out", filepath.Join(t.TempDir(), "b.png")},
		{"plot", "loss", "--from", outs[0], "--metric", "test_acc", "--out", filepath.Join(t.TempDir(), "acc.png")},
		{"plot", "loss", "--from", outs[0], "--out", filepath.Join(t.TempDir(), "loss.png")},
	} {
		if code, _, stderr := execCLI(t, args...); code != 0 {
			t.Errorf("%v: exit %d:\n%s", args, code, stderr)
		}
	}
}

// TestGhostOfWholeBatchIsPlainBN: ghost_batch = batch gives exactly the
// plain batch-norm run; a smaller ghost batch does not.
func TestGhostOfWholeBatchIsPlainBN(t *testing.T) {
	clearOptlabEnv(t)
	head := "problem:\n  data: {name: moons, examples: 400, noise: 0.2}\n  model: {kind: mlp, hidden: [8, 8], batchnorm: true}\nepochs: 3\noptimizers:\n"
	out := runData(t, head+"  - {label: plain, name: sgd, lr: 0.1, batch: 60}\n  - {label: ghost60, name: sgd, lr: 0.1, batch: 60, ghost_batch: 60}\n  - {label: ghost20, name: sgd, lr: 0.1, batch: 60, ghost_batch: 20}", nil)
	tb := readTable(t, out)
	for _, col := range tb.Columns {
		a, _ := tb.Runs[0].Column(col)
		b, _ := tb.Runs[1].Column(col)
		for i := range a {
			if !(a[i] == b[i] || math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Fatalf("%s row %d: plain %v, ghost = batch %v", col, i, a[i], b[i])
			}
		}
	}
	a, _ := tb.Runs[0].Column("batch_loss")
	c, _ := tb.Runs[2].Column("batch_loss")
	if a[2] == c[2] {
		t.Errorf("ghost 20 gave the plain batch loss %v", a[2])
	}
}

// TestLinearRegressionConfig: the shipped CSV config runs, writes no
// accuracy or boundary, and full-batch GD's train loss is the lowest of
// the least-squares fit (GD with 100 epochs on a well-conditioned
// problem is at the optimum to 1e-6 relative of the MSE of sgd runs).
func TestLinearRegressionConfig(t *testing.T) {
	clearOptlabEnv(t)
	cfgPath, _ := filepath.Abs("../../configs/linear-regression.yaml")
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := execCLI(t, "run", "--quiet", "--out", out, cfgPath); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	for _, name := range []string{"accuracy.png", "boundary.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s written for a regression", name)
		}
	}
	s := readSummary(t, out)
	if s.Runs[0].TrainAcc != nil || s.Runs[0].TrainLoss == nil {
		t.Errorf("summary %+v", s.Runs[0].DataSummary)
	}
}

// TestDataCommands runs the data commands docs/data.md shows that other
// tests do not: compare on a data set, the lists, and full-batch gd
// taking one update an epoch.
func TestDataCommands(t *testing.T) {
	clearOptlabEnv(t)
	t.Chdir(t.TempDir())
	code, stdout, stderr := execCLI(t, "compare", "adam", "sgd", "--problem", "moons")
	if code != 0 {
		t.Fatalf("compare --problem moons: exit %d:\n%s", code, stderr)
	}
	s := readSummary(t, filepath.Join("out", "compare-moons"))
	if len(s.Runs) != 2 || s.Runs[0].TestAcc == nil || *s.Runs[0].TestAcc < 0.9 {
		t.Errorf("compare --problem moons: %+v\n%s", s.Runs, stdout)
	}
	for what, want := range map[string]string{"datasets": "spirals", "models": "BatchNorm1d"} {
		code, stdout, _ := execCLI(t, "list", what)
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("list %s: exit %d, output lacks %q:\n%s", what, code, want, stdout)
		}
	}
	if code, _, stderr := execCLI(t, "compare", "adam", "--problem", "moon"); code != 2 || !strings.Contains(stderr, `did you mean "moons"?`) {
		t.Errorf("compare --problem moon: exit %d:\n%s", code, stderr)
	}
	out := runData(t, "problem: {data: {name: moons, examples: 100}, model: {kind: logistic}}\nepochs: 5\noptimizers: [{name: gd, lr: 0.5}]", nil)
	if r := readSummary(t, out).Runs[0]; r.Steps != 5 || r.Epochs != 5 {
		t.Errorf("gd: %d steps for %v epochs, want 5 (one update an epoch)", r.Steps, r.Epochs)
	}
}

// TestSAMAscentLeavesStatistics: SAM with ρ = 0 queries its ascent point
// (x itself) on the same batch; were the running statistics moved by that
// second pass, its run would drift from plain SGD's. It must equal it.
// And a diverging linear regression is a result: status diverged, exit 0.
func TestSAMAscentLeavesStatistics(t *testing.T) {
	clearOptlabEnv(t)
	out := runData(t, "problem:\n  data: {name: moons, examples: 200, noise: 0.2}\n  model: {kind: mlp, hidden: [6], batchnorm: true}\nepochs: 3\noptimizers:\n  - {name: sgd, lr: 0.1, batch: 20}\n  - {name: sam, rho: 0, base: {name: sgd, lr: 0.1}, batch: 20}", nil)
	tb := readTable(t, out)
	for _, col := range []string{"batch_loss", "train_loss", "test_loss", "train_acc"} {
		a, _ := tb.Runs[0].Column(col)
		b, _ := tb.Runs[1].Column(col)
		for i := range a {
			if !(a[i] == b[i] || math.IsNaN(a[i]) && math.IsNaN(b[i])) {
				t.Fatalf("%s row %d: sgd %v, sam ρ=0 %v", col, i, a[i], b[i])
			}
		}
	}
	out = runData(t, "problem: {data: {name: linear, examples: 100}, model: {kind: linear}}\nepochs: 20\noptimizers: [{name: sgd, lr: 5, batch: 10}]", nil)
	if st := readSummary(t, out).Runs[0].Status; st != trace.Diverged {
		t.Errorf("lr 5 on linear regression: status %s, want diverged", st)
	}
}
