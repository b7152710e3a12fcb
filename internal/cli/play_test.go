package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// Without a terminal on stdin, play exits 2 with a clear message and
// writes nothing.
func TestPlayWithoutTerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	dir := t.TempDir()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	ios := &IOStreams{Out: &out, Err: &errb}
	cmd := NewCmdPlay(ios, func(ctx context.Context, o *PlayOptions) error {
		o.In = devnull
		return runPlay(ctx, o)
	})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true // as under the root command
	cmd.SetArgs([]string{"--surface", "halfpipe", "--opt", "sgd,momentum,adam"})
	err = cmd.ExecuteContext(context.Background())
	if code := exitCode(err); code != ExitUsage {
		t.Fatalf("exit %d (%v), want 2", code, err)
	}
	if !strings.Contains(err.Error(), "needs a terminal") {
		t.Errorf("message %q", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 || out.Len() != 0 {
		t.Errorf("wrote %v, stdout %q", entries, out.String())
	}
	// Bad flags are usage errors too.
	for _, args := range [][]string{{"--opt", "bogus"}, {"--surface", "nope"}, {"--config", "configs/rosenbrock.yaml", "--opt", "sgd"}, {"--config", "missing.yaml"}} {
		if code := Execute(context.Background(), append([]string{"play"}, args...), ios); code != ExitUsage {
			t.Errorf("play %v: exit %d, want 2", args, code)
		}
	}
}
