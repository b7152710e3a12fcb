package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlotFromRefusesADamagedTrace: plot --from checks trace.csv against
// summary.json and refuses a trace cut mid-run (runs missing), one with
// only its header, or one without a coordinate column, naming what is
// missing, and writes nothing.
func TestPlotFromRefusesADamagedTrace(t *testing.T) {
	clearOptlabEnv(t)
	t.Chdir(t.TempDir())
	if code, _, stderr := execCLI(t, "compare", "sgd", "momentum", "nesterov", "adam", "rmsprop", "--steps", "20", "--out", "good", "-q"); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	trace, err := os.ReadFile(filepath.Join("good", "trace.csv"))
	if err != nil {
		t.Fatal(err)
	}
	summary, _ := os.ReadFile(filepath.Join("good", "summary.json"))
	lines := strings.Split(strings.TrimSpace(string(trace)), "\n")
	var firstRun []string // the header and sgd's rows: 4 of 5 runs missing
	for _, l := range lines {
		if l == lines[0] || strings.HasPrefix(l, "sgd,") {
			firstRun = append(firstRun, l)
		}
	}
	dropX1 := make([]string, len(lines))
	for i, l := range lines {
		dropX1[i] = l[:strings.LastIndex(l, ",")] // the last column is x1
	}
	rows := []struct {
		name, trace string
		want        []string
	}{
		{"cut after the first run", strings.Join(firstRun, "\n") + "\n", []string{"trace.csv lacks run(s) momentum, nesterov, adam, rmsprop"}},
		{"only the header", lines[0] + "\n", []string{"trace.csv holds no rows"}},
		{"without x1", strings.Join(dropX1, "\n") + "\n", []string{"1 coordinate column(s)", "2-D"}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			dir := strings.ReplaceAll(r.name, " ", "-")
			os.Mkdir(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "summary.json"), summary, 0o644)
			os.WriteFile(filepath.Join(dir, "trace.csv"), []byte(r.trace), 0o644)
			for _, fig := range []string{"trajectory", "loss"} {
				code, stdout, stderr := execCLI(t, "plot", fig, "--from", dir, "--out", filepath.Join(dir, "f.png"))
				if code == 0 || stdout != "" {
					t.Fatalf("plot %s --from a trace %s: exit %d, stdout %q", fig, r.name, code, stdout)
				}
				for _, w := range r.want {
					if !strings.Contains(stderr, w) {
						t.Errorf("plot %s: stderr lacks %q: %s", fig, w, stderr)
					}
				}
				if _, err := os.Stat(filepath.Join(dir, "f.png")); err == nil {
					t.Errorf("plot %s wrote a figure of a damaged trace", fig)
				}
			}
		})
	}
	if code, _, stderr := execCLI(t, "plot", "loss", "--from", "good", "--out", "good/l.png"); code != 0 {
		t.Fatalf("plot of the undamaged folder: exit %d: %s", code, stderr)
	}
}
