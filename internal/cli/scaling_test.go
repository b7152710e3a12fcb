package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `optlab scaling`: the table with slopes, --json one object per
// measurement with the documented keys, the files in --out; bad input
// exits 2 naming the flag and writes nothing.
func TestScalingCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a")
	code, stdout, stderr := run(t, "scaling", "sgd", "adam", "newton", "--dims", "10,2e1,40", "--per-size", "5ms", "--out", out)
	if code != ExitOK || !strings.Contains(stdout, "time slope") || strings.Count(stdout, "newton") != 4 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"time.png", "state.png", "scaling.csv"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(out, "scaling.csv"))
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 10 || lines[0] != "optimizer,dim,seconds_per_step,ns_per_param,state_bytes" {
		t.Errorf("scaling.csv:\n%s", csv)
	}
	code, stdout, stderr = run(t, "scaling", "newton", "--dims", "10,20", "--per-size", "5ms", "--json", "--out", filepath.Join(dir, "b"))
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != ExitOK || len(lines) != 2 {
		t.Fatalf("--json: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for i, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("line %d %q: %v", i, l, err)
		}
		if len(m) != 5 || m["optimizer"] != "newton" || m["dim"] != float64(10+10*i) || !(m["seconds_per_step"].(float64) > 0) ||
			!(m["ns_per_param"].(float64) > 0) || !(m["state_bytes"].(float64) >= 2*8*100) {
			t.Errorf("line %d: %v", i, m)
		}
	}
	// A budget of 1 MB refuses newton at n = 400 (2·8n² = 2.6 MB) before
	// allocating, says so on stderr, and measures the rest.
	code, stdout, stderr = run(t, "scaling", "newton", "--dims", "10,400", "--per-size", "5ms", "--budget", "1MB", "--out", filepath.Join(dir, "c"))
	if code != ExitOK || !strings.Contains(stderr, "newton at n = 400 not measured") || !strings.Contains(stderr, "budget of 1 MB") || strings.Contains(stdout, "400") {
		t.Errorf("--budget 1MB: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"nosuch"}, "optimizer"},
		{[]string{"sgd", "--dims", "10,0"}, "--dims"},
		{[]string{"sgd", "--dims", "-5"}, "--dims"},
		{[]string{"sgd", "--dims", "1.5e1,x"}, "--dims"},
		{[]string{"sgd", "--budget", "fast"}, "--budget"},
		{[]string{"sgd", "--budget", "-2GB"}, "--budget"},
		{[]string{"sgd", "--surface", "beale"}, "--surface"},
		{[]string{"sgd", "--surface", "nosuch"}, "--surface"},
		{[]string{"sgd", "--param", "kappa=0.5"}, "--param"},
		{[]string{"sgd", "--param", "rotate=1", "--dims", "5000"}, "--dims"},
		{[]string{"sgd", "--per-size", "0s"}, "--per-size"},
		{[]string{"sgd", "--format", "gif"}, "--format"},
	} {
		bad := filepath.Join(dir, "bad")
		code, _, stderr := run(t, append(append([]string{"scaling"}, tc.args...), "--out", bad)...)
		if code != ExitUsage || !strings.Contains(stderr, tc.flag) {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming %s", tc.args, code, stderr, tc.flag)
		}
		if _, err := os.Stat(bad); err == nil {
			t.Errorf("%v wrote %s", tc.args, bad)
		}
	}
}
