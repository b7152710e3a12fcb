package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"github.com/optlab/optlab/internal/trace"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

var updateSnapshot = flag.Bool("update-snapshot", false, "rewrite testdata/snapshot/outputs.sha256 from the current outputs")

// snapshotCases are the command lines whose outputs are kept byte for byte:
// every config in configs/, every reference case, and compare with every
// optimizer on every surface (with and without noise), so that a change of
// the engine's shape is seen to change no output at all.
func snapshotCases(t *testing.T) map[string][]string {
	t.Helper()
	cases := map[string][]string{}
	var ymls []string
	for _, pat := range []string{"../../configs/*.yaml", "../../testdata/reference/*.yaml", "../../testdata/extra/*.yaml"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			t.Fatal(err)
		}
		ymls = append(ymls, m...)
	}
	if len(ymls) < 40 {
		t.Fatalf("only %d configs found", len(ymls))
	}
	for _, y := range ymls {
		name := "run/" + filepath.Base(filepath.Dir(y)) + "/" + strings.TrimSuffix(filepath.Base(y), ".yaml")
		cases[name] = []string{"run", y}
	}
	all := snapshotOptimizers(t)
	for _, s := range surfaces.Names() {
		cases["compare/"+s] = append([]string{"compare"}, append(append([]string(nil), all...), "--surface", s, "--steps", "300")...)
		cases["compare-noise/"+s] = append([]string{"compare"}, append(append([]string(nil), all...), "--surface", s, "--steps", "100", "--noise", "0.3", "--batch", "4", "--repeats", "2")...)
	}
	return cases
}

// snapshotOptimizers are the optimizers the compare cases run: those of
// the registry when the snapshot was taken (testdata/snapshot/optimizers.txt),
// so that adding an optimizer leaves the snapshot as it is until it is
// regenerated on purpose.
func snapshotOptimizers(t *testing.T) []string {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "snapshot", "optimizers.txt")
	if *updateSnapshot {
		names := optimizers.Names()
		if err := os.WriteFile(path, []byte(strings.Join(names, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return names
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-snapshot to create it)", err)
	}
	return strings.Fields(string(b))
}

// TestOutputSnapshot runs every snapshot case and compares the SHA-256 of
// each file it writes (trace.csv, summary.json, and the pixels of the
// figures) with
// testdata/snapshot/outputs.sha256. Regenerate with -update-snapshot when
// an output is meant to change, and say so in the commit.
func TestOutputSnapshot(t *testing.T) {
	if testing.Short() {
		t.Skip("long: runs every config")
	}
	manifest := filepath.Join("..", "..", "testdata", "snapshot", "outputs.sha256")
	cases := snapshotCases(t)
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	got := map[string]string{}
	for _, n := range names {
		dir := t.TempDir()
		args := append(append([]string(nil), cases[n]...), "--out", dir, "-q", "--force")
		var stdout, stderr bytes.Buffer
		if code := Execute(context.Background(), args, &IOStreams{Out: &stdout, Err: &stderr}); code != ExitOK {
			t.Fatalf("%s: exit %d: %s", n, code, stderr.String())
		}
		files, _ := os.ReadDir(dir)
		for _, f := range files {
			if f.IsDir() {
				continue // params/: the final parameters are summary.json's final_x
			}
			if keep := os.Getenv("OPTLAB_SNAPSHOT_KEEP"); keep != "" {
				copyFile(t, filepath.Join(dir, f.Name()), filepath.Join(keep, n, f.Name()))
			}
			b, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			// A PNG is compared by its pixels: its bytes depend on how many
			// bands the encoder deflates in parallel (GOMAXPROCS).
			if filepath.Ext(f.Name()) == ".png" {
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s/%s: %v", n, f.Name(), err)
				}
				rgba := image.NewRGBA(img.Bounds())
				draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
				b = rgba.Pix
			}
			if f.Name() == "summary.json" {
				b = trace.WithoutWallClock(b)
			}
			got[n+"/"+f.Name()] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
	}
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if *updateSnapshot {
		var buf bytes.Buffer
		for _, k := range keys {
			fmt.Fprintf(&buf, "%s  %s\n", got[k], k)
		}
		if err := os.MkdirAll(filepath.Dir(manifest), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(manifest, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatalf("%v (run with -update-snapshot to create it)", err)
	}
	want := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad manifest line %q", line)
		}
		want[name] = sum
	}
	for _, k := range keys {
		if w, ok := want[k]; !ok {
			t.Errorf("%s: not in the snapshot", k)
		} else if w != got[k] {
			t.Errorf("%s: output changed", k)
		}
	}
	for k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("%s: in the snapshot but no longer written", k)
		}
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}
