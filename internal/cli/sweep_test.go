package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/sweep"
)

const sweepConfig = "../../configs/lr-sweep.yaml"

// folderBytes reads every file of a folder, by name.
func folderBytes(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = b
	}
	return out
}

func sameFolders(t *testing.T, what, a, b string) {
	t.Helper()
	fa, fb := folderBytes(t, a), folderBytes(t, b)
	var names []string
	for n := range fa {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(fa) != len(fb) {
		t.Fatalf("%s: %d files vs %d", what, len(fa), len(fb))
	}
	for _, n := range names {
		if !bytes.Equal(fa[n], fb[n]) {
			t.Errorf("%s: %s differs", what, n)
		}
	}
}

// A sweep's files do not depend on how many workers ran it: one worker
// (a serial run) and every core give the same bytes, figures included.
func TestSweepSerialEqualsParallel(t *testing.T) {
	dir := t.TempDir()
	serial, par := filepath.Join(dir, "serial"), filepath.Join(dir, "par")
	prev := runtime.GOMAXPROCS(1)
	code, _, stderr := run(t, "sweep", sweepConfig, "--out", serial)
	runtime.GOMAXPROCS(max(prev, 4)) // more workers than cores: the order of completion is shuffled
	code2, stdout, stderr2 := run(t, "sweep", sweepConfig, "--out", par)
	runtime.GOMAXPROCS(prev)
	if code != ExitOK || code2 != ExitOK {
		t.Fatalf("exit %d, %d: %s %s", code, code2, stderr, stderr2)
	}
	for _, want := range []string{"sgd", "adam", "over 10 seeds"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
	files := folderBytes(t, par)
	for _, n := range []string{"results.csv", "summary.json", "sweep.json", "sensitivity.png"} {
		if len(files[n]) == 0 {
			t.Errorf("no %s", n)
		}
	}
	// 13 lrs × 3 seeds × 4 optimizers, then 10 re-runs of each best.
	if rows := strings.Count(string(files["results.csv"]), "\n") - 1; rows != 13*3*4+4*10 {
		t.Errorf("results.csv has %d rows", rows)
	}
	sameFolders(t, "serial vs parallel", serial, par)
}

// Shards merged give the whole sweep's bytes, whatever the shard count,
// and merge refuses a missing slice, a repeated one and another config's.
func TestSweepShardsMerge(t *testing.T) {
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	if code, _, stderr := run(t, "sweep", sweepConfig, "--out", whole); code != ExitOK {
		t.Fatal(stderr)
	}
	var shards []string
	for i := 1; i <= 5; i++ {
		s := filepath.Join(dir, "s"+string(rune('0'+i)))
		if code, _, stderr := run(t, "sweep", sweepConfig, "--shard", string(rune('0'+i))+"/5", "--out", s); code != ExitOK {
			t.Fatal(stderr)
		}
		shards = append(shards, s)
	}
	merged := filepath.Join(dir, "merged")
	if code, _, stderr := run(t, append(append([]string{"merge"}, shards[3], shards[0], shards[1], shards[4], shards[2]), "--out", merged)...); code != ExitOK {
		t.Fatal(stderr)
	}
	sameFolders(t, "merged vs whole", whole, merged)

	other := filepath.Join(dir, "other")
	if code, _, stderr := run(t, "sweep", "../../configs/lr-sweep.yaml", "--shard", "2/5", "--out", other); code != ExitOK {
		t.Fatal(stderr)
	}
	otherCfg := filepath.Join(dir, "other.yaml")
	b, _ := os.ReadFile(sweepConfig)
	os.WriteFile(otherCfg, bytes.Replace(b, []byte("steps: 300"), []byte("steps: 200"), 1), 0o644)
	if code, _, stderr := run(t, "sweep", otherCfg, "--shard", "2/5", "--out", other); code != ExitOK {
		t.Fatal(stderr)
	}
	cut := filepath.Join(dir, "cut")
	os.MkdirAll(cut, 0o755)
	for _, n := range []string{"sweep.json", "results.csv"} {
		b, _ := os.ReadFile(filepath.Join(shards[2], n))
		if n == "results.csv" {
			b = b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1] // the last job's last row lost
			b = b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1]
			b = b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1]
			b = b[:bytes.LastIndexByte(b[:len(b)-1], '\n')+1]
		}
		os.WriteFile(filepath.Join(cut, n), b, 0o644)
	}
	cases := []struct {
		dirs []string
		want string
	}{
		{[]string{shards[0], shards[1], cut, shards[3], shards[4]}, "incomplete"},
		{[]string{shards[0], shards[1], shards[3], shards[4]}, "in no shard"},
		{[]string{shards[0], shards[1], shards[1], shards[2], shards[3], shards[4]}, "overlaps"},
		{[]string{shards[0], other, shards[2], shards[3], shards[4]}, "another config"},
		{[]string{shards[0], filepath.Join(dir, "nowhere")}, "not a sweep folder"},
	}
	for _, c := range cases {
		out := filepath.Join(dir, "bad")
		code, _, stderr := run(t, append(append([]string{"merge"}, c.dirs...), "--out", out)...)
		if code != ExitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("merge %v: exit %d, %q; want 2 and %q", c.dirs, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("merge %v wrote %s", c.dirs, out)
		}
	}
}

// The scheduler's array index chooses the shard when --shard is not given.
func TestSweepShardFromEnv(t *testing.T) {
	dir := t.TempDir()
	flag, env := filepath.Join(dir, "flag"), filepath.Join(dir, "env")
	if code, _, stderr := run(t, "sweep", sweepConfig, "--shard", "2/3", "--out", flag); code != ExitOK {
		t.Fatal(stderr)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "1")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "0")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "3")
	if code, _, stderr := run(t, "sweep", sweepConfig, "--out", env); code != ExitOK {
		t.Fatal(stderr)
	}
	sameFolders(t, "--shard 2/3 vs SLURM_ARRAY_TASK_ID=1 of 0-2", flag, env)
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "x")
	if code, _, stderr := run(t, "sweep", sweepConfig, "--out", filepath.Join(dir, "bad")); code != ExitUsage || !strings.Contains(stderr, "SLURM_ARRAY_TASK_COUNT") {
		t.Errorf("bad count: exit %d %q", code, stderr)
	}
}

// An interrupted sweep writes nothing and exits 1.
func TestSweepInterrupted(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	code := Execute(ctx, []string{"sweep", sweepConfig, "--out", out}, &IOStreams{Out: &o, Err: &e})
	if code != ExitFailure || !strings.Contains(e.String(), "interrupted") {
		t.Errorf("exit %d: %s", code, e.String())
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an interrupted sweep wrote its folder")
	}
}

// A bad sweep is refused with the field and value, exit 2, nothing written.
func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "bad.yaml")
	os.WriteFile(cfg, []byte("surface: {name: rosenbrock}\noptimizers: [sgd]\nsweep:\n  values:\n    - {path: 'optimizers[*].lr', linear: {from: -1, to: 1, num: 3}}\n"), 0o644)
	out := filepath.Join(dir, "out")
	code, _, stderr := run(t, "sweep", cfg, "--out", out)
	if code != ExitUsage || !strings.Contains(stderr, "optimizers[0].lr") || !strings.Contains(stderr, "sweep point 0") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("wrote the folder")
	}
	if code, _, stderr := run(t, "sweep", sweepConfig, "--shard", "0/3", "--out", out); code != ExitUsage || !strings.Contains(stderr, "--shard") {
		t.Errorf("shard 0/3: exit %d %s", code, stderr)
	}
}

// With a limit of two workers, two of a sweep's jobs run at once: the
// first two jobs wait for each other before they run, which only works
// when two workers hold them (a serial loop would leave the first
// waiting alone until the generous deadline passes).
func TestSweepJobsShareTheLimit(t *testing.T) {
	sw, err := config.LoadSweep(sweepConfig, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	arrived, met := 0, make(chan struct{})
	hook := func(e *lab.Experiment) {
		mu.Lock()
		arrived++
		n := arrived
		mu.Unlock()
		switch {
		case n == 2:
			close(met)
		case n == 1:
			select {
			case <-met:
			case <-time.After(20 * time.Second):
				t.Error("the first job ran alone: a second worker never took a job")
			}
		}
	}
	lim := parallel.New(2)
	rows, err := runSweepJobs(context.Background(), sw, lim, sweep.Jobs(sw.Points(), len(sw.Seeds)), hook)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows { // rows come back in job order whoever ran them
		if i > 0 && r.Job < rows[i-1].Job {
			t.Fatalf("row %d: job %d after job %d", i, r.Job, rows[i-1].Job)
		}
	}
}
