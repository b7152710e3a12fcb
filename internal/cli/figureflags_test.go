package cli

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --window, --window auto and --log-steps on run, compare and plot; a
// bad window is a usage error that writes nothing; plot loss --smooth
// writes loss-ewma0.9.png beside loss.png and leaves loss.png alone.
func TestFigureFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	code, _, errOut := run(t, "compare", "gd", "adam", "--steps", "200", "--out", dir, "-q", "--window", "auto", "--log-steps")
	if code != 0 {
		t.Fatalf("compare --window auto --log-steps: exit %d: %s", code, errOut)
	}
	before, err := os.ReadFile(filepath.Join(dir, "loss.png"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "plot", "loss", "--from", dir, "--smooth", "ewma:0.9", "--log-steps")
	if want := filepath.Join(dir, "loss-ewma0.9.png"); code != 0 || strings.TrimSpace(out) != want {
		t.Fatalf("plot loss --smooth: exit %d, printed %q (want %s): %s", code, out, want, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "loss.png"))
	if string(after) != string(before) {
		t.Error("plot loss --smooth overwrote loss.png")
	}
	for _, args := range [][]string{
		{"plot", "trajectory", "--from", dir, "--window", "-2,2,-1,3"},
		{"plot", "trajectory", "--from", dir, "--window", "auto"},
		{"run", "../../configs/quickstart.yaml", "--out", filepath.Join(t.TempDir(), "q"), "-q", "--window", "-1.5,1.5,-0.5,1.5", "--log-steps"},
	} {
		if code, _, errOut := run(t, args...); code != 0 {
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	}
	f, err := os.Open(filepath.Join(dir, "trajectory.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.DecodeConfig(f); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"1,2,3", "2,1,0,1", "a,1,0,1", "0,1,NaN,1"} {
		out := filepath.Join(t.TempDir(), "bad")
		code, _, errOut := run(t, "compare", "gd", "--steps", "10", "--out", out, "--window", w)
		if _, err := os.Stat(out); code != 2 || !strings.Contains(errOut, "--window") || err == nil {
			t.Errorf("--window %s: exit %d, %q, folder written: %v", w, code, errOut, err == nil)
		}
	}
}

// Item 13: a median never prints outside its own quartiles.
func TestFmtQuartiles(t *testing.T) {
	for _, tc := range []struct {
		q    [3]float64
		want string
	}{
		{[3]float64{9.0051, 9.0052, 9.0149}, "9.0052 [9.0051, 9.0149]"},
		{[3]float64{9.005, 9.005, 9.0149}, "9.005 [9.005, 9.015]"},
		{[3]float64{1, 2, 3}, "2 [1, 3]"},
	} {
		if got := fmtQuartiles(tc.q); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.q, got, tc.want)
		}
	}
}

// Item 12: noise --model finite_sum has its own default file.
func TestNoiseModelsOwnFiles(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{
		{"noise", "rosenbrock", "--at", "-1,1", "--batches", "1,4,16", "--samples", "50"},
		{"noise", "rosenbrock", "--at", "-1,1", "--batches", "1,4,16", "--samples", "50", "--model", "finite_sum"},
	} {
		if code, _, errOut := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	for _, f := range []string{"out/noise-rosenbrock.png", "out/noise-rosenbrock-finite-sum.png"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}
