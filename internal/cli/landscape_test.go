package cli

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const landscapeConfig = "seed: 2\nrepeats: 2\nproblem:\n  data: {name: moons, examples: 320, noise: 0.2}\n" +
	"  model: {kind: mlp, hidden: [8], batchnorm: true}\nepochs: 4\noptimizers:\n" +
	"  - {label: small, name: sgd, lr: 0.1, batch: 16}\n  - {label: large, name: sgd, lr: 0.1, batch: 128}"

// TestPlotLandscape: the slices of a saved run start at the run's start
// and pass through its end point, whose evaluation-mode train loss is the
// one summary.json reports; files land in the folder; the 2-D slice has a
// panel's worth of samples per --run label.
func TestPlotLandscape(t *testing.T) {
	clearOptlabEnv(t)
	dir := runData(t, landscapeConfig, nil)
	// runData writes the config beside the folder; run keeps a copy inside.
	if _, err := os.Stat(filepath.Join(dir, "config.yaml")); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := execCLI(t, "plot", "landscape", "--from", dir, "--run", "large", "--test")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, f := range []string{"landscape-interpolation.png", "landscape-direction.png", "landscape-2d.png", "landscape.csv"} {
		if !strings.Contains(stdout, filepath.Join(dir, f)) {
			t.Errorf("stdout does not name %s:\n%s", f, stdout)
		}
	}
	rows := readCSVRows(t, filepath.Join(dir, "landscape.csv"))
	sum := readSummary(t, dir)
	want := map[string]float64{}
	for _, r := range sum.Runs {
		want[r.Label] = *r.TrainLoss
	}
	seen := map[string]int{}
	for _, r := range rows[1:] {
		label, slice, alpha := r[0], r[1], r[2]
		seen[label+"/"+slice]++
		v, _ := strconv.ParseFloat(r[4], 64)
		if (slice == "interpolation" && alpha == "1") || (slice == "direction" && alpha == "0") || (slice == "plane" && alpha == "0" && r[3] == "0") {
			if math.Abs(v-want[label]) > 1e-9*want[label] {
				t.Errorf("%s %s at the end point: train loss %g, summary.json %g", label, slice, v, want[label])
			}
		}
		if r[5] == "" && slice != "plane" {
			t.Errorf("%s %s α %s: no test loss with --test", label, slice, alpha)
		}
	}
	for _, k := range []string{"small/interpolation", "large/interpolation", "small/direction", "large/direction"} {
		if seen[k] != 41 {
			t.Errorf("%s: %d samples, want 41", k, seen[k])
		}
	}
	if seen["large/plane"] != 25*25 || seen["small/plane"] != 0 {
		t.Errorf("plane samples: large %d (want 625), small %d (want 0)", seen["large/plane"], seen["small/plane"])
	}
	// A folder whose params file does not match its config is refused.
	p := filepath.Join(dir, sum.Runs[1].ParamsFile)
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, []byte("0.5\n"+string(b[strings.IndexByte(string(b), '\n')+1:])), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := execCLI(t, "plot", "landscape", "--from", dir); code != 2 || !strings.Contains(stderr, "does not end at its params file") {
		t.Errorf("edited params file: exit %d, %s", code, stderr)
	}
}

func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestPlotLandscapeBadInput: an unknown --run label, a folder without its
// config and a surface's folder exit 2 naming the problem and write nothing.
func TestPlotLandscapeBadInput(t *testing.T) {
	clearOptlabEnv(t)
	dir := runData(t, landscapeConfig, nil)
	surf := runData(t, "surface: {name: sharpflat}\nsteps: 5\noptimizers: [sgd]", nil)
	noConfig := t.TempDir()
	for _, f := range []string{"summary.json", "trace.csv"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		os.WriteFile(filepath.Join(noConfig, f), b, 0o644)
	}
	cases := []struct {
		args []string
		want string
		dir  string
	}{
		{[]string{"--from", dir, "--run", "medium"}, `--run: no run "medium"`, dir},
		{[]string{"--from", noConfig}, "no config.yaml to rebuild the run from", noConfig},
		{[]string{"--from", surf}, "a run on a surface", surf},
		{[]string{"--from", dir, "--format", "gif"}, "--format: must be png, svg or pdf", dir},
		{[]string{"--run", "large"}, "--from DIR is required", dir},
	}
	for _, c := range cases {
		before := listTree(t, c.dir)
		code, stdout, stderr := execCLI(t, append([]string{"plot", "landscape"}, c.args...)...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, stdout, stderr, c.want)
		}
		if after := listTree(t, c.dir); strings.Join(before, "|") != strings.Join(after, "|") {
			t.Errorf("%v: the folder changed", c.args)
		}
	}
}
