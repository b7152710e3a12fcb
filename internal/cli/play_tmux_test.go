package cli

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxSession drives `optlab play` in a detached tmux server of its own.
type tmuxSession struct {
	t    *testing.T
	sock string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", s.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (s *tmuxSession) screen() string { return s.run("capture-pane", "-p", "-t", "play") }

// waitFor polls the screen until ok accepts it.
func (s *tmuxSession) waitFor(what string, ok func(string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		scr := s.screen()
		if ok(scr) {
			return scr
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("timed out waiting for %s; screen:\n%s", what, scr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *tmuxSession) keys(keys ...string) {
	s.run(append([]string{"send-keys", "-t", "play"}, keys...)...)
}

// mapPart is the screen left of the side panel (the contour map).
func mapPart(scr string, w int) string {
	var b strings.Builder
	for _, l := range strings.Split(scr, "\n") {
		r := []rune(l)
		b.WriteString(string(r[:min(w, len(r))]) + "\n")
	}
	return b.String()
}

// TestPlayInTmux drives the real binary in a terminal: the contour and the
// paths show, keys change the lr shown and the path drawn, a saved config
// reproduces the same final points with optlab run, a resize to 20×10 and
// back does not panic, and q exits 0 with the terminal restored.
func TestPlayInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed (apt-get install -y tmux): the terminal test of optlab play is skipped")
	}
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "optlab")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/optlab/optlab/cmd/optlab").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "exp.yaml")
	if err := os.WriteFile(cfg, []byte(`name: tmux
surface: {name: rosenbrock}
start: [-1.2, 1.0]
steps: 60
optimizers:
  - {name: sgd, lr: 0.001}
  - {name: adam, lr: 0.05}
output: {dir: out/tmux}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &tmuxSession{t: t, sock: filepath.Join(dir, "sock")}
	script := "cd " + dir + " && TERM=xterm-256color " + bin + " play --paused --config exp.yaml --save saved.yaml > final.txt; echo $? > exit.txt; sleep 60"
	s.run("new-session", "-d", "-s", "play", "-x", "80", "-y", "24", script)
	t.Cleanup(func() { exec.Command("tmux", "-S", s.sock, "kill-server").Run() })

	scr := s.waitFor("the playground", func(s string) bool { return strings.Contains(s, "step 0") && strings.Contains(s, "▀") })
	if !strings.Contains(scr, "sgd") || !strings.Contains(scr, "adam") || !strings.Contains(scr, "●") {
		t.Fatalf("no runs or start on screen:\n%s", scr)
	}
	const mapW = 80 - 34
	// 30 single steps at adam's lr 0.05, then the same at lr × √2.
	for range 30 {
		s.keys(".")
	}
	before := mapPart(s.waitFor("step 30", func(s string) bool { return strings.Contains(s, "step 30") }), mapW)
	s.keys("r", "Tab", "+")
	s.waitFor("adam's new lr", func(s string) bool { return strings.Contains(s, "lr 0.0707") })
	for range 30 {
		s.keys(".")
	}
	after := mapPart(s.waitFor("step 30 again", func(s string) bool { return strings.Count(s, "step 30") == 2 }), mapW)
	if before == after {
		t.Errorf("raising adam's lr did not change the path drawn:\n%s", after)
	}
	// Save at the start (exact), then run to the end.
	s.keys("r", "s")
	s.waitFor("saved", func(s string) bool { return strings.Contains(s, "saved saved.yaml") })
	// Resize down to 20×10 and back.
	s.run("resize-window", "-t", "play", "-x", "20", "-y", "10")
	s.waitFor("too small", func(s string) bool { return strings.Contains(s, "too small") })
	s.run("resize-window", "-t", "play", "-x", "80", "-y", "24")
	s.waitFor("the map again", func(s string) bool { return strings.Contains(s, "▀") })
	s.keys("Space")
	s.waitFor("the end", func(s string) bool { return strings.Contains(s, "all runs ended") })
	s.keys("q")
	s.waitFor("exit", func(string) bool { _, err := os.Stat(filepath.Join(dir, "exit.txt")); return err == nil })
	if code, _ := os.ReadFile(filepath.Join(dir, "exit.txt")); strings.TrimSpace(string(code)) != "0" {
		t.Fatalf("exit code %q", code)
	}
	if scr := s.screen(); strings.Contains(scr, "▀") || strings.Contains(scr, "step 60") {
		t.Errorf("the terminal was not restored after q:\n%s", scr)
	}
	final, err := os.ReadFile(filepath.Join(dir, "final.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// optlab run on the saved config ends where the playground ended.
	out := filepath.Join(dir, "rerun")
	if code := Execute(t.Context(), []string{"run", filepath.Join(dir, "saved.yaml"), "--out", out, "-q"}, &IOStreams{Out: os.Stdout, Err: os.Stderr}); code != 0 {
		t.Fatalf("optlab run saved.yaml: exit %d", code)
	}
	last := lastRows(t, filepath.Join(out, "trace.csv"))
	for _, label := range []string{"sgd", "adam"} {
		row, ok := last[label]
		if !ok {
			t.Fatalf("no %s in the rerun", label)
		}
		want := label + " "
		found := false
		for _, l := range strings.Split(string(final), "\n") {
			f := strings.Fields(l)
			if len(f) == 5 && f[0] == label {
				found = true
				if got := f[2] + " " + f[3] + " " + f[4]; got != row {
					t.Errorf("%s: play ended at %s, optlab run at %s", label, got, row)
				}
			}
		}
		if !found {
			t.Errorf("%sno final row in:\n%s", want, final)
		}
	}
}

// lastRows maps each run of a trace.csv to "step loss x0,x1" of its last row.
func lastRows(t *testing.T, path string) map[string]string {
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
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string]string{}
	for _, r := range rows[1:] {
		out[r[col["run"]]] = r[col["step"]] + " " + r[col["loss"]] + " " + r[col["x0"]] + "," + r[col["x1"]]
	}
	return out
}
