package runner

import (
	"bytes"
	"context"
	"github.com/optlab/optlab/internal/trace"
	"os"
	"path/filepath"
	"testing"

	"github.com/optlab/optlab/internal/config"
)

// TestConfigsAreDeterministic: every config in configs/ gives byte-identical
// trace.csv and summary.json run after run, serial or parallel; a different
// seed gives a different trace for the noisy ones.
func TestConfigsAreDeterministic(t *testing.T) {
	paths, _ := filepath.Glob("../../configs/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no configs")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			f, err := config.Load(p, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			out := func(workers int, seed uint64) (tr, su []byte) {
				f.Seed = seed
				e, err := f.Build()
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				if _, err := Write(context.Background(), e, dir, Options{Workers: workers, NoFigures: true}); err != nil {
					t.Fatal(err)
				}
				tr, _ = os.ReadFile(filepath.Join(dir, "trace.csv"))
				su, _ = os.ReadFile(filepath.Join(dir, "summary.json"))
				return tr, trace.WithoutWallClock(su)
			}
			seed := f.Seed
			t1, s1 := out(1, seed)
			t2, s2 := out(4, seed)
			t3, s3 := out(2, seed)
			if len(t1) == 0 || !bytes.Equal(t1, t2) || !bytes.Equal(t1, t3) {
				t.Fatal("trace.csv differs between runs")
			}
			if !bytes.Equal(s1, s2) || !bytes.Equal(s1, s3) {
				t.Fatal("summary.json differs between runs")
			}
			if f.Noise != nil {
				if t4, _ := out(2, seed+1); bytes.Equal(t1, t4) {
					t.Fatal("a different seed gives the same trace")
				}
			}
		})
	}
}

func TestWriteWritesEveryFile(t *testing.T) {
	f, err := config.Load("../../configs/quickstart.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Steps = 50
	e, _ := f.Build()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644)
	res, err := Write(context.Background(), e, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"keep.txt", "loss.png", "summary.json", "trace.csv", "trajectory.png"}
	if len(names) != len(want) {
		t.Fatalf("folder holds %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("folder holds %v, want %v", names, want)
		}
	}
	if len(res.Files) != 4 {
		t.Fatalf("result lists %v", res.Files)
	}
	// Re-running a 3-D surface into the folder removes the stale trajectory.
	f3 := &config.File{Name: "r3", Surface: config.SurfaceSpec{Name: "rosenbrock", Dim: 3}, Steps: 10, Seed: 1, Repeats: 1, RecordEvery: 1,
		Optimizers: []config.OptimizerSpec{{Name: "adam"}}, Output: config.OutputSpec{Dir: dir}}
	if err := f3.Validate(); err != nil {
		t.Fatal(err)
	}
	e3, _ := f3.Build()
	if _, err := Write(context.Background(), e3, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "trajectory.png")); !os.IsNotExist(err) {
		t.Fatal("stale trajectory.png kept after a 3-D run")
	}
	if _, err := os.Stat(filepath.Join(dir, "keep.txt")); err != nil {
		t.Fatal("a file of the user's was removed")
	}
}
