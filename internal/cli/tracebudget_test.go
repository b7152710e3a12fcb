package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A long compare without --record-every gets a stride that keeps trace.csv
// near autoTraceRows, and says so naming the flag; an explicit one is kept.
func TestTraceBudgetChoosesRecordEvery(t *testing.T) {
	for _, tc := range []struct {
		steps, every int
		set          bool
		want         int
		note         bool
	}{
		{steps: 5_000_000, want: 5, note: true},
		{steps: 2_500_000, want: 5, note: true}, // 2.5 rounds up to 5: 1, 2 or 5 × 10ⁿ
		{steps: 30_000_000, want: 50, note: true},
		{steps: 900_000, want: 1},
		{steps: 5_000_000, every: 2, set: true, want: 2},
	} {
		o := &CompareOptions{Optimizers: []string{"sgd"}, Surface: "rosenbrock", Steps: tc.steps, Seed: 1, Repeats: 1, RecordEvery: max(tc.every, 1), Batch: 1}
		set := tc.set
		o.Given = func(flag string) bool { return flag == "steps" || (flag == "record-every" && set) }
		f, err := compareConfig(o)
		if err != nil {
			t.Fatal(err)
		}
		e, err := f.Build()
		if err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		if err := traceBudget(&IOStreams{Out: &bytes.Buffer{}, Err: &errb}, f, e, recordEvery{Flag: "--record-every", Set: tc.set}, false, false); err != nil {
			t.Fatalf("%d steps: %v", tc.steps, err)
		}
		if e.RecordEvery != tc.want && !(tc.want == 1 && e.RecordEvery == 0) || f.RecordEvery != tc.want {
			t.Errorf("%d steps (record_every %d given=%v): record_every %d/%d, want %d", tc.steps, tc.every, tc.set, e.RecordEvery, f.RecordEvery, tc.want)
		}
		if rows := traceRows(e, max(e.RecordEvery, 1)); !tc.set && rows > autoTraceRows+2 {
			t.Errorf("%d steps: %g rows", tc.steps, rows)
		}
		note := errb.String()
		if tc.note != (note != "") || tc.note && !strings.Contains(note, "--record-every ") {
			t.Errorf("%d steps: note %q", tc.steps, note)
		}
	}
}

// The refusal of an explicit record_every that would write a huge trace
// names the flag of the command used, and writes nothing.
func TestTraceRefusalNamesTheFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	code, _, stderr := run(t, "compare", "sgd", "--steps", "30000000", "--record-every", "1", "--out", dir)
	if code != ExitUsage || !strings.Contains(stderr, "--record-every: 1 would write") || !strings.Contains(stderr, "use 2 or more") {
		t.Errorf("compare: exit %d, stderr %q", code, stderr)
	}
	cfg := filepath.Join(t.TempDir(), "long.yaml")
	os.WriteFile(cfg, []byte("surface: {name: rosenbrock}\nsteps: 30000000\nrecord_every: 1\noptimizers: [{name: sgd, lr: 0.001}]\noutput: {dir: "+dir+"}\n"), 0o644)
	code, _, stderr = run(t, "run", cfg, "--record-every", "1")
	if code != ExitUsage || !strings.Contains(stderr, "record_every (--record-every): 1 would write") {
		t.Errorf("run: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Errorf("%s written by a refused command", dir)
	}
}

// compare's default folder is named after what was compared, so the
// README's compares on one surface do not overwrite each other.
func TestCompareDefaultFolderNamesTheComparison(t *testing.T) {
	seen := map[string]string{}
	for _, args := range [][]string{
		{"adam", "rmsprop"},
		{"adam", "--lr", "adam=0.02", "--steps", "300"},
		{"sgd", "adam", "--noise", "0.5", "--batch", "8", "--repeats", "20"},
		{"sgd", "adam"},
		{"adam", "rmsprop", "--surface", "beale"},
	} {
		var got *CompareOptions
		cmd := NewCmdCompare(&IOStreams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, func(_ context.Context, o *CompareOptions) error {
			got = o
			return nil
		})
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		f, err := compareConfig(got)
		if err != nil {
			t.Fatal(err)
		}
		key := strings.Join(args, " ")
		if prev, ok := seen[f.Output.Dir]; ok && !strings.HasPrefix(key, "adam --lr") {
			t.Errorf("compare %s and compare %s both write %s", prev, key, f.Output.Dir)
		}
		seen[f.Output.Dir] = key
		if !strings.HasPrefix(f.Output.Dir, filepath.Join("out", "compare-"+got.Surface+"-"+got.Optimizers[0])) {
			t.Errorf("compare %s: folder %s", key, f.Output.Dir)
		}
	}
	if want := filepath.Join("out", "compare-rosenbrock-sgd-adam-noise"); seen[want] == "" {
		t.Errorf("no compare wrote %s: %v", want, seen)
	}
}
