package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Execute(context.Background(), args, &IOStreams{Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// Flag parsing is tested apart from the run functions.
func TestCompareFlagParsing(t *testing.T) {
	var got *CompareOptions
	cmd := NewCmdCompare(&IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, o *CompareOptions) error {
		got = o
		return nil
	})
	cmd.SetArgs([]string{"adam", "rmsprop", "--surface", "beale", "--lr", "adam=0.02", "--lr", "rmsprop=0.1",
		"--start", "1,1.5", "--steps", "300", "--noise", "0.5", "--batch", "8", "--repeats", "20", "--format", "svg"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := CompareOptions{Optimizers: []string{"adam", "rmsprop"}, Surface: "beale", LR: []string{"adam=0.02", "rmsprop=0.1"},
		Start: []float64{1, 1.5}, Steps: 300, Sigma: 0.5, Batch: 8, Repeats: 20, Format: "svg"}
	if !reflect.DeepEqual(got.Optimizers, want.Optimizers) || got.Surface != want.Surface || !reflect.DeepEqual(got.LR, want.LR) ||
		!reflect.DeepEqual(got.Start, want.Start) || got.Steps != 300 || got.Sigma != 0.5 || got.Batch != 8 || got.Repeats != 20 || got.Format != "svg" {
		t.Fatalf("parsed %+v", got)
	}
}

func TestRunFlagParsing(t *testing.T) {
	var got *RunOptions
	cmd := NewCmdRun(&IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, o *RunOptions) error {
		got = o
		return nil
	})
	cmd.SetArgs([]string{"x.yaml", "--steps", "7", "--out", "/tmp/q", "--json", "--force"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.ConfigPath != "x.yaml" || !got.JSON || !got.Force || got.Format != "png" {
		t.Fatalf("parsed %+v", got)
	}
	if v, _ := got.Flags.GetInt("steps"); v != 7 || !got.Flags.Changed("steps") || got.Flags.Changed("seed") {
		t.Fatalf("steps flag: %d", v)
	}
}

func TestCompareDefaultsRunAndPlotFromSavedRun(t *testing.T) {
	dir := t.TempDir()
	names := optimizers.Names()
	code, out, errOut := run(t, append(append([]string{"compare"}, names...), "--out", dir, "--steps", "300")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range append(names, "max_steps") {
		if !strings.Contains(out, name) {
			t.Errorf("table lacks %q:\n%s", name, out)
		}
	}
	for _, f := range []string{"trace.csv", "summary.json", "trajectory.png", "loss.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	sum, runs, err := trace.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Runs) != len(names) || len(runs) != len(names) || sum.Surface != "rosenbrock" {
		t.Fatalf("summary: %d runs on %s", len(sum.Runs), sum.Surface)
	}
	for _, kind := range []string{"trajectory", "loss"} {
		fig := filepath.Join(t.TempDir(), kind+".svg")
		code, out, errOut := run(t, "plot", kind, "--from", dir, "--out", fig)
		if code != 0 {
			t.Fatalf("plot %s: exit %d: %s", kind, code, errOut)
		}
		b, err := os.ReadFile(fig)
		if err != nil || !bytes.Contains(b[:200], []byte("<svg")) || strings.TrimSpace(out) != fig {
			t.Fatalf("plot %s wrote %d bytes, printed %q", kind, len(b), out)
		}
	}
	code, _, errOut = run(t, "plot", "loss", "--from", dir, "--smooth", "ewma:0.9")
	if code != 0 {
		t.Fatalf("plot loss --smooth: %s", errOut)
	}
}

func TestCompareLROverrideAndJSON(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := run(t, "compare", "adam", "--lr", "adam=0.02", "--steps", "50", "--out", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s trace.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, out)
	}
	if s.Runs[0].LR != 0.02 || s.Runs[0].Steps != 50 {
		t.Fatalf("run: %+v", s.Runs[0])
	}
}

func TestListAndDescribe(t *testing.T) {
	code, out, _ := run(t, "list", "optimizers")
	for _, n := range optimizers.Names() {
		if code != 0 || !strings.Contains(out, n) {
			t.Fatalf("list optimizers lacks %s", n)
		}
	}
	code, out, _ = run(t, "list", "surfaces")
	for _, n := range surfaces.Names() {
		if code != 0 || !strings.Contains(out, n) {
			t.Fatalf("list surfaces lacks %s", n)
		}
	}
	code, out, _ = run(t, "list", "schedules")
	for _, n := range []string{"warmup", "step", "exp", "cosine"} {
		if code != 0 || !strings.Contains(out, n) {
			t.Fatalf("list schedules lacks %s:\n%s", n, out)
		}
	}
	code, out, _ = run(t, "describe", "adam")
	for _, s := range []string{"beta1", "0.9", "beta2", "0.999", "eps", "1e-08", "eps_inside_sqrt"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Fatalf("describe adam lacks %q:\n%s", s, out)
		}
	}
	code, out, _ = run(t, "describe", "himmelblau")
	if code != 0 || strings.Count(out, "min ") < 4 {
		t.Fatalf("describe himmelblau:\n%s", out)
	}
}

func TestPlotSurfaceEveryFamily(t *testing.T) {
	for _, name := range surfaces.Names() {
		fig := filepath.Join(t.TempDir(), name+".png")
		code, _, errOut := run(t, "plot", "surface", name, "--out", fig)
		if code != 0 {
			t.Fatalf("plot surface %s: exit %d: %s", name, code, errOut)
		}
		b, _ := os.ReadFile(fig)
		if len(b) < 8 || string(b[1:4]) != "PNG" {
			t.Fatalf("plot surface %s: not a PNG", name)
		}
	}
}

func TestEnvironmentAndFlagsOverride(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("surface: {name: booth}\nsteps: 30\noptimizers: [{name: sgd, lr: 0.01}]\n"), 0o644)
	dir := t.TempDir()
	t.Setenv("OPTLAB_OUTPUT_DIR", dir)
	t.Setenv("OPTLAB_SEED", "9")
	code, _, errOut := run(t, "run", cfg, "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	s, _, err := trace.ReadDir(dir)
	if err != nil || s.Seed != 9 || s.Steps != 30 {
		t.Fatalf("env overrides: %+v %v", s, err)
	}
	code, _, errOut = run(t, "run", cfg, "-q", "--steps", "12")
	if s, _, _ = trace.ReadDir(dir); code != 0 || s.Steps != 12 {
		t.Fatalf("--steps did not override the file: %s", errOut)
	}
}

// TestNoiseSlope: the measured gradient-noise standard deviation falls as
// m^(−1/2) over m = 1…256 under gaussian noise, and under finite_sum with
// m ≪ N, where it is exactly 0 at m = N.
func TestNoiseSlope(t *testing.T) {
	type result struct {
		Batches []int     `json:"batches"`
		Std     []float64 `json:"std"`
		Slope   float64   `json:"slope"`
	}
	for _, tc := range []struct {
		args   []string
		zeroAt int
	}{
		{[]string{"--batches", "1,2,4,8,16,32,64,128,256"}, -1},
		{[]string{"--model", "finite_sum", "--examples", "4096", "--batches", "1,2,4,8,16,32,64,4096"}, 4096},
	} {
		args := append([]string{"noise", "rosenbrock", "--at", "-1,1", "--json", "--no-figure"}, tc.args...)
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var r result
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("%v: %v in %q", args, err, out)
		}
		if r.Slope < -0.55 || r.Slope > -0.45 {
			t.Errorf("%v: slope %.4f, want −0.5 ± 0.05", args, r.Slope)
		}
		for i, m := range r.Batches {
			if (m == tc.zeroAt) != (r.Std[i] == 0) {
				t.Errorf("%v: std %g at m = %d", args, r.Std[i], m)
			}
		}
	}
}
