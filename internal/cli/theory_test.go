package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `optlab theory` as documented: the table, --json with observations
// within 5% (GD, heavy ball) and the threshold within 1%, figures written;
// local quantities on a non-quadratic; bad input exits 2.
func TestTheoryCommand(t *testing.T) {
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := Execute(context.Background(), args, &IOStreams{Out: &stdout, Err: &stderr})
		return code, stdout.String(), stderr.String()
	}
	code, out, errs := run("theory", "halfpipe", "--kappa", "50", "--out", filepath.Join(dir, "a"))
	if code != ExitOK || !strings.Contains(out, "2/λmax") || !strings.Contains(out, "observed rate") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, f := range []string{"rates.png", "sweep.png"} {
		if _, err := os.Stat(filepath.Join(dir, "a", f)); err != nil {
			t.Error(err)
		}
	}
	code, out, errs = run("theory", "halfpipe", "--kappa", "100", "--angle", "30", "--json", "--out", filepath.Join(dir, "b"))
	var rep TheoryReport
	if code != ExitOK || json.Unmarshal([]byte(out), &rep) != nil {
		t.Fatalf("--json: exit %d\n%s\n%s", code, out, errs)
	}
	if rep.Quantities.Kappa < 99.999 || rep.Quantities.Kappa > 100.001 || len(rep.Observations) != 3 || rep.Sweep == nil {
		t.Fatalf("report: %+v", rep)
	}
	for _, o := range rep.Observations[:2] {
		if o.RelErr > 0.05 {
			t.Errorf("%s: %.3g%% off", o.Method, 100*o.RelErr)
		}
	}
	if rep.Sweep.ThresholdErr > 0.01 {
		t.Errorf("threshold %.3g%% off", 100*rep.Sweep.ThresholdErr)
	}
	code, out, _ = run("theory", "quadratic", "--spectrum", "1,10,100", "--out", filepath.Join(dir, "c"))
	if code != ExitOK || !strings.Contains(out, "100") {
		t.Fatalf("quadratic: exit %d\n%s", code, out)
	}
	code, out, _ = run("theory", "rosenbrock", "--out", filepath.Join(dir, "d"))
	if code != ExitOK || !strings.Contains(out, "LOCAL") {
		t.Fatalf("rosenbrock: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "d")); err == nil {
		t.Error("local theory wrote figures")
	}
	for _, args := range [][]string{
		{"theory", "halfpipe", "--kappa", "-1"},
		{"theory", "rosenbrock", "--kappa", "5"},
		{"theory", "quadratic", "--spectrum", "1,0"},
		{"theory", "saddle"},
		{"theory", "nosuch"},
	} {
		if code, _, errs := run(append(args, "--out", filepath.Join(dir, "bad"))...); code != ExitUsage {
			t.Errorf("%v: exit %d (%s)", args, code, errs)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); err == nil {
		t.Error("bad input wrote files")
	}
}

// describe momentum --forms: the mapped forms agree to 1e-12, the v₁ = g₁
// form's deviation is printed, the figure is written; misuse exits 2.
func TestDescribeMomentumForms(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Execute(context.Background(), []string{"describe", "momentum", "--forms", "--out", dir}, &IOStreams{Out: &stdout, Err: &stderr})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"v_standard = −lr·v_common", "ewma, v₁ = g₁", "max deviation from common"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "forms.png")); err != nil {
		t.Error(err)
	}
	for _, args := range [][]string{
		{"describe", "adam", "--forms"},
		{"describe", "momentum", "--forms", "--momentum", "1"},
		{"describe", "momentum", "--forms", "--surface", "nosuch"},
	} {
		stderr.Reset()
		if code := Execute(context.Background(), append(args, "--out", filepath.Join(dir, "bad")), &IOStreams{Out: &stdout, Err: &stderr}); code != ExitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}

// describe radam --plot prints the switch step per β2 and writes the figure.
func TestDescribeRAdamPlot(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Execute(context.Background(), []string{"describe", "radam", "--plot", "--beta2", "0.999,0.7", "--out", dir}, &IOStreams{Out: &stdout, Err: &stderr})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	switches := map[string]string{}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 3 {
			switches[f[0]] = f[2]
		}
	}
	if switches["0.999"] != "6" || switches["0.7"] != "10" {
		t.Errorf("switch steps %v in\n%s", switches, stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "rectification.png")); err != nil {
		t.Error(err)
	}
	for _, args := range [][]string{{"describe", "adam", "--plot"}, {"describe", "radam", "--plot", "--beta2", "1"}} {
		if code := Execute(context.Background(), append(args, "--out", filepath.Join(dir, "bad")), &IOStreams{Out: &stdout, Err: &stderr}); code != ExitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
	}
}

func TestDescribeRates(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	for _, name := range []string{"adagrad", "rmsprop"} {
		code := Execute(context.Background(), []string{"describe", name, "--rates", "--surface", "rosenbrock", "--lr", "0.05", "--out", filepath.Join(dir, name)}, &IOStreams{Out: &stdout, Err: &stderr})
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr.String())
		}
		if _, err := os.Stat(filepath.Join(dir, name, "rates.png")); err != nil {
			t.Error(err)
		}
	}
	if code := Execute(context.Background(), []string{"describe", "adam", "--rates", "--out", filepath.Join(dir, "bad")}, &IOStreams{Out: &stdout, Err: &stderr}); code != ExitUsage {
		t.Errorf("adam --rates: exit %d", code)
	}
}

// plot loss --lr-panel draws the schedules under the curves: a different
// figure from the same saved run.
func TestPlotLossLRPanel(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	cfg, _ := filepath.Abs("../../configs/schedules.yaml")
	run := filepath.Join(dir, "run")
	if code := Execute(context.Background(), []string{"run", cfg, "--out", run, "-q"}, &IOStreams{Out: &stdout, Err: &stderr}); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, stderr.String())
	}
	for _, extra := range [][]string{nil, {"--lr-panel"}} {
		args := append([]string{"plot", "loss", "--from", run, "--out", filepath.Join(dir, strings.Join(append([]string{"loss"}, extra...), "")+".png")}, extra...)
		if code := Execute(context.Background(), args, &IOStreams{Out: &stdout, Err: &stderr}); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "loss.png"))
	b, _ := os.ReadFile(filepath.Join(dir, "loss--lr-panel.png"))
	if len(a) == 0 || len(b) == 0 || bytes.Equal(a, b) {
		t.Fatalf("figures: %d and %d bytes, equal %v", len(a), len(b), bytes.Equal(a, b))
	}
}
