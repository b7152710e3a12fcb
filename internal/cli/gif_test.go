package cli

import (
	"bytes"
	"context"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
)

func decodeGIF(t *testing.T, path string) *gif.GIF {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// --gif on compare and run writes DIR/trajectory.gif with the frames and
// duration asked; plot trajectory --gif re-draws it from disk.
func TestGIFCommands(t *testing.T) {
	dir := t.TempDir()
	var out, errb bytes.Buffer
	ios := &IOStreams{Out: &out, Err: &errb}
	cmp := filepath.Join(dir, "cmp")
	if code := Execute(context.Background(), []string{"compare", "adam", "sgd", "nesterov", "--gif", "--frames", "120", "--fps", "24", "--out", cmp, "-q"}, ios); code != 0 {
		t.Fatalf("compare --gif: exit %d: %s", code, errb.String())
	}
	g := decodeGIF(t, filepath.Join(cmp, "trajectory.gif"))
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if len(g.Image) != 120 || total != 120*4 { // 24 fps: 4 cs a frame
		t.Errorf("compare GIF: %d frames, %d cs", len(g.Image), total)
	}
	run := filepath.Join(dir, "run")
	if code := Execute(context.Background(), []string{"run", "../../configs/halfpipe.yaml", "--gif", "--out", run, "-q"}, ios); code != 0 {
		t.Fatalf("run --gif: exit %d: %s", code, errb.String())
	}
	if g := decodeGIF(t, filepath.Join(run, "trajectory.gif")); len(g.Image) != 100 {
		t.Errorf("run GIF: %d frames, want the default 100", len(g.Image))
	}
	// A run without --gif removes the stale animation with the rest.
	if code := Execute(context.Background(), []string{"run", "../../configs/halfpipe.yaml", "--out", run, "-q"}, ios); code != 0 {
		t.Fatal(errb.String())
	}
	if _, err := os.Stat(filepath.Join(run, "trajectory.gif")); !os.IsNotExist(err) {
		t.Errorf("stale trajectory.gif kept: %v", err)
	}
	if code := Execute(context.Background(), []string{"plot", "trajectory", "--from", run, "--gif", "--frames", "30", "--gif-steps", "linear"}, ios); code != 0 {
		t.Fatalf("plot trajectory --gif: exit %d: %s", code, errb.String())
	}
	if g := decodeGIF(t, filepath.Join(run, "trajectory.gif")); len(g.Image) != 30 {
		t.Errorf("plot GIF: %d frames", len(g.Image))
	}
	for _, args := range [][]string{
		{"compare", "adam", "--gif", "--frames", "0", "--out", filepath.Join(dir, "bad")},
		{"compare", "adam", "--gif", "--fps", "-1", "--out", filepath.Join(dir, "bad")},
		{"run", "../../configs/halfpipe.yaml", "--gif", "--gif-steps", "cubic", "--out", filepath.Join(dir, "bad")},
		{"plot", "trajectory", "--from", run, "--gif", "--out", filepath.Join(dir, "x.png")},
	} {
		if code := Execute(context.Background(), args, ios); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bad")); !os.IsNotExist(err) {
		t.Error("a bad flag wrote its folder")
	}
}
