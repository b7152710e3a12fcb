package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

func TestVersion(t *testing.T) {
	code, out, _ := run(t, "--version")
	if code != ExitOK || !strings.HasPrefix(out, "optlab version ") || !strings.Contains(out, Version()) || strings.TrimSpace(Version()) == "" {
		t.Fatalf("--version: exit %d, %q", code, out)
	}
}

// completions asks Cobra's hidden __complete command, as the installed
// shell scripts do, and returns the candidates and the directive line.
func completions(t *testing.T, args ...string) (cands []string, directive string) {
	t.Helper()
	code, out, stderr := run(t, append([]string{"__complete"}, args...)...)
	if code != ExitOK {
		t.Fatalf("__complete %v: exit %d, %s", args, code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompletion(t *testing.T) {
	got, dir := completions(t, "compare", "adam", "")
	if want := optimizers.Names(); len(got) != len(want)-1 || slices.Contains(got, "adam") || !slices.Contains(got, "sgd") || dir != ":4" {
		t.Errorf("compare adam <TAB>: %v %s (want every optimizer but adam, no files)", got, dir)
	}
	got, _ = completions(t, "describe", "")
	for _, n := range append(optimizers.Names(), surfaces.Names()...) {
		if !slices.Contains(got, n) {
			t.Errorf("describe <TAB> lacks %s", n)
		}
	}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"plot", "surface", ""}, surfaces.Names()},
		{[]string{"compare", "adam", "--surface", ""}, surfaces.Names()},
		{[]string{"run", "x.yaml", "--format", ""}, []string{"png", "svg", "pdf"}},
		{[]string{"compare", "sgd", "--noise-model", ""}, []string{"gaussian", "finite_sum"}},
		{[]string{"noise", "rosenbrock", "--model", ""}, []string{"gaussian", "finite_sum"}},
		{[]string{"plot", "loss", "--smooth", ""}, []string{"ewma:0.9", "ewma_bc:0.9", "sma:10", "wma:3,2,1", "none"}},
		{[]string{"list", ""}, NewCmdList(&IOStreams{}, nil).ValidArgs},
	} {
		if got, _ := completions(t, tc.args...); !slices.Equal(got, tc.want) {
			t.Errorf("%v: %v, want %v", tc.args, got, tc.want)
		}
	}
	if got, dir := completions(t, "run", ""); !slices.Equal(got, []string{"yaml", "yml"}) || dir != ":8" {
		t.Errorf("run <TAB>: %v %s, want YAML files", got, dir)
	}
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		if code, out, _ := run(t, "completion", shell); code != ExitOK || !strings.Contains(out, "optlab") || len(out) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes", shell, code, len(out))
		}
	}
}

func TestDocsCommand(t *testing.T) {
	for _, format := range []string{"man", "markdown"} {
		dir := filepath.Join(t.TempDir(), "pages")
		if code, _, stderr := run(t, "docs", dir, "--format", format); code != ExitOK {
			t.Fatalf("docs --format %s: exit %d, %s", format, code, stderr)
		}
		page := map[string]string{"man": "optlab-compare.1", "markdown": "optlab_compare.md"}[format]
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		// Generated from the command: its flags are there.
		for _, want := range []string{"compare", "record-every", "progress", "noise-model"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
		ents, _ := os.ReadDir(dir)
		if len(ents) < 10 {
			t.Errorf("docs --format %s wrote %d pages", format, len(ents))
		}
	}
	if code, _, _ := run(t, "docs", t.TempDir(), "--format", "html"); code != ExitUsage {
		t.Errorf("docs --format html: exit %d, want %d", code, ExitUsage)
	}
}

func TestJSONOutputs(t *testing.T) {
	for what, n := range map[string]int{"optimizers": len(optimizers.Specs()), "surfaces": len(surfaces.Specs()), "schedules": len(optimizers.ScheduleKinds())} {
		code, out, _ := run(t, "list", what, "--json")
		var items []map[string]any
		if err := json.Unmarshal([]byte(out), &items); code != ExitOK || err != nil || len(items) != n || items[0]["name"] == "" {
			t.Errorf("list %s --json: exit %d, %v, %d items", what, code, err, len(items))
		}
	}
	var opt optimizerJSON
	code, out, _ := run(t, "describe", "adam", "--json")
	if err := json.Unmarshal([]byte(out), &opt); code != ExitOK || err != nil || opt.Name != "adam" || len(opt.Rule) == 0 || len(opt.Params) < 4 {
		t.Errorf("describe adam --json: %v %+v", err, opt)
	}
	var surf surfaceJSON
	code, out, _ = run(t, "describe", "himmelblau", "--json")
	if err := json.Unmarshal([]byte(out), &surf); code != ExitOK || err != nil || len(surf.Points) < 4 || surf.Compare == nil || surf.Compare.LR["adam"] <= 0 {
		t.Errorf("describe himmelblau --json: %v %+v", err, surf)
	}
	var v struct {
		OK        bool   `json:"ok"`
		OutputDir string `json:"output_dir"`
		Steps     int    `json:"steps"`
	}
	code, out, _ = run(t, "validate", "../../configs/rosenbrock.yaml", "--json")
	if err := json.Unmarshal([]byte(out), &v); code != ExitOK || err != nil || !v.OK || v.OutputDir != "out/rosenbrock" || v.Steps <= 0 {
		t.Errorf("validate --json: %v %+v", err, v)
	}
	dir := filepath.Join(t.TempDir(), "c")
	var r struct {
		OutputDir string   `json:"output_dir"`
		Files     []string `json:"files"`
		Runs      []any    `json:"runs"`
	}
	code, out, _ = run(t, "compare", "adam", "sgd", "--steps", "20", "--out", dir, "--json")
	if err := json.Unmarshal([]byte(out), &r); code != ExitOK || err != nil || r.OutputDir != dir || len(r.Runs) != 2 || !slices.Contains(r.Files, filepath.Join(dir, "summary.json")) {
		t.Errorf("compare --json: %v %+v", err, r)
	}
}
