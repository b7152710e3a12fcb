package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command docs/play.md and the README show for this issue runs: the
// file-writing ones here (into a temporary folder), the interactive ones
// as far as a terminal is not needed (their setup is valid; the no-tty
// exit is the one expected); TestPlayInTmux drives play itself.
func TestPlayDocCommands(t *testing.T) {
	doc, err := os.ReadFile("../../docs/play.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	shown := string(doc) + string(readme)
	dir := t.TempDir()
	t.Chdir("../..") // the commands name configs/ as from the repository root
	out := func(name string) string { return filepath.Join(dir, name) }
	files := []struct {
		cmd  string // as shown
		args []string
		want string // a file it writes
	}{
		{"optlab run configs/rosenbrock.yaml --gif", []string{"--out", out("r")}, out("r/trajectory.gif")},
		{"optlab compare adam sgd nesterov --gif --frames 120", []string{"--out", out("c")}, out("c/trajectory.gif")},
		{"optlab plot trajectory --from out/rosenbrock --gif --gif-steps linear", nil, ""},
	}
	var o, e bytes.Buffer
	ios := &IOStreams{Out: &o, Err: &e}
	for _, f := range files {
		if !strings.Contains(shown, f.cmd) {
			t.Errorf("the docs no longer show %q", f.cmd)
		}
		args := strings.Fields(strings.TrimPrefix(f.cmd, "optlab "))
		if strings.Contains(f.cmd, "--from out/rosenbrock") {
			args = []string{"plot", "trajectory", "--from", out("r"), "--gif", "--gif-steps", "linear"}
			f.want = out("r/trajectory.gif")
		}
		if code := Execute(context.Background(), append(args, f.args...), ios); code != 0 {
			t.Fatalf("%s: exit %d: %s", f.cmd, code, e.String())
		}
		if _, err := os.Stat(f.want); err != nil {
			t.Errorf("%s: %v", f.cmd, err)
		}
	}
	for _, cmd := range []string{"optlab play", "optlab play --surface halfpipe --opt sgd,momentum,adam", "optlab play --config configs/rosenbrock.yaml"} {
		if !strings.Contains(shown, cmd) {
			t.Errorf("the docs no longer show %q", cmd)
		}
		devnull, _ := os.Open(os.DevNull)
		c := NewCmdPlay(ios, func(ctx context.Context, po *PlayOptions) error { po.In = devnull; return runPlay(ctx, po) })
		c.SilenceUsage, c.SilenceErrors = true, true // as under the root command
		c.SetArgs(strings.Fields(strings.TrimPrefix(cmd, "optlab play")))
		err := c.ExecuteContext(context.Background())
		devnull.Close()
		if err == nil || !strings.Contains(err.Error(), "needs a terminal") {
			t.Errorf("%s without a terminal: %v", cmd, err)
		}
	}
	// The recorded session of make gallery.
	if code := Execute(context.Background(), []string{"play", "--record", out("play.gif")}, ios); code != 0 {
		t.Fatalf("play --record: exit %d: %s", code, e.String())
	}
	if _, err := os.Stat(out("play.gif")); err != nil {
		t.Error(err)
	}
}
