package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/config"
)

// TestPrecedence checks every row of docs/config.md's precedence table for
// every overridable key: a flag given beats a non-empty OPTLAB_* variable,
// which beats the file, which beats the default; an empty variable is
// unset. It parses `optlab run`'s real flags and loads with them.
func TestPrecedence(t *testing.T) {
	clearOptlabEnv(t)
	type key struct {
		cfg, flag, env            string
		def, file, fromEnv, fromF string
		get                       func(*config.File) string
	}
	keys := []key{
		{"steps", "--steps", "OPTLAB_STEPS", "500", "7", "8", "9", func(f *config.File) string { return fmt.Sprint(f.Steps) }},
		{"seed", "--seed", "OPTLAB_SEED", "1", "7", "9223372036854775808", "18446744073709551615", func(f *config.File) string { return fmt.Sprint(f.Seed) }},
		{"repeats", "--repeats", "OPTLAB_REPEATS", "1", "2", "3", "4", func(f *config.File) string { return fmt.Sprint(f.Repeats) }},
		{"record_every", "--record-every", "OPTLAB_RECORD_EVERY", "1", "2", "3", "4", func(f *config.File) string { return fmt.Sprint(f.RecordEvery) }},
		{"output.dir", "--out", "OPTLAB_OUTPUT_DIR", "out/c", "fromfile", "fromenv", "fromflag", func(f *config.File) string { return f.Output.Dir }},
		{"name", "", "OPTLAB_NAME", "c", "fromfile", "fromenv", "", func(f *config.File) string { return f.Name }},
	}
	rows := []struct {
		name                string
		inFile, env, flag   bool
		emptyEnv            bool
		want                func(k key) string
		skipWithoutFlagName bool
	}{
		{name: "default", want: func(k key) string { return k.def }},
		{name: "file over default", inFile: true, want: func(k key) string { return k.file }},
		{name: "environment over default", env: true, want: func(k key) string { return k.fromEnv }},
		{name: "environment over file", inFile: true, env: true, want: func(k key) string { return k.fromEnv }},
		{name: "empty environment is unset", inFile: true, emptyEnv: true, want: func(k key) string { return k.file }},
		{name: "flag over file", inFile: true, flag: true, want: func(k key) string { return k.fromF }, skipWithoutFlagName: true},
		{name: "flag over environment and file", inFile: true, env: true, flag: true, want: func(k key) string { return k.fromF }, skipWithoutFlagName: true},
	}
	for _, k := range keys {
		for _, r := range rows {
			if r.skipWithoutFlagName && k.flag == "" {
				continue
			}
			t.Run(k.cfg+"/"+r.name, func(t *testing.T) {
				dir := t.TempDir()
				lines := []string{"surface: {name: rosenbrock}", "optimizers: [adam]"}
				if r.inFile {
					if k.cfg == "output.dir" {
						lines = append(lines, "output: {dir: "+k.file+"}")
					} else {
						lines = append(lines, k.cfg+": "+k.file)
					}
				}
				path := filepath.Join(dir, "c.yaml")
				if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				switch {
				case r.env:
					t.Setenv(k.env, k.fromEnv)
				case r.emptyEnv:
					t.Setenv(k.env, "")
				}
				args := []string{path}
				if r.flag {
					args = append(args, k.flag, k.fromF)
				}
				f := loadWithRunFlags(t, args)
				want := r.want(k)
				if got := k.get(f); got != want {
					t.Errorf("%s = %q, want %q", k.cfg, got, want)
				}
			})
		}
	}
}

// TestUndocumentedVariablesHaveNoEffect: only the variables of the
// precedence table are read.
func TestUndocumentedVariablesHaveNoEffect(t *testing.T) {
	clearOptlabEnv(t)
	for _, kv := range [][2]string{{"OPTLAB_SURFACE_NAME", "beale"}, {"OPTLAB_STOP_LOSS_GAP", "abc"}, {"OPTLAB_NOISE_MODEL", "gaussian"}, {"OPTLAB_OPTIMIZERS", "sgd"}} {
		t.Setenv(kv[0], kv[1])
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "c.yaml")
	os.WriteFile(path, []byte("surface: {name: rosenbrock}\noptimizers: [adam]\n"), 0o644)
	f := loadWithRunFlags(t, []string{path})
	if f.Surface.Name != "rosenbrock" || f.Stop != nil || f.Noise != nil || len(f.Optimizers) != 1 || f.Optimizers[0].Name != "adam" {
		t.Fatalf("an undocumented variable took effect: %+v", f)
	}
}

// loadWithRunFlags parses args with `optlab run`'s flags and loads the
// config as run does.
func loadWithRunFlags(t *testing.T, args []string) *config.File {
	t.Helper()
	var got *config.File
	var errb bytes.Buffer
	cmd := NewCmdRun(&IOStreams{Out: &bytes.Buffer{}, Err: &errb}, func(_ context.Context, o *RunOptions) error {
		f, err := config.Load(o.ConfigPath, o.Flags, config.OverrideFlags())
		got = f
		return err
	})
	cmd.SetArgs(args)
	cmd.SetOut(&errb)
	cmd.SetErr(&errb)
	if err := cmd.Execute(); err != nil {
		t.Fatalf("run %v: %v", args, err)
	}
	return got
}

// TestHelpTellsTheTruth: no overridable flag claims a default that the
// file would override, and no help shows an empty list as "(default [])"
// or numbers as %f.
func TestHelpTellsTheTruth(t *testing.T) {
	for _, args := range [][]string{{"run", "--help"}, {"compare", "--help"}, {"noise", "--help"}, {"plot", "smoothing", "--help"}, {"validate", "--help"}} {
		var out bytes.Buffer
		root := NewCmdRoot(&IOStreams{Out: &out, Err: &out})
		root.SetOut(&out)
		root.SetArgs(args)
		if err := root.Execute(); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		help := out.String()
		for _, bad := range []string{"(default [])", "00000,", "(default 500)", "override its defaults"} {
			if strings.Contains(help, bad) {
				t.Errorf("optlab %s shows %q:\n%s", strings.Join(args, " "), bad, help)
			}
		}
		if args[0] == "run" {
			for _, want := range []string{"the file's, else 500", "OPTLAB_STEPS", "docs/config.md", "No other\nOPTLAB_* variable has an effect"} {
				if !strings.Contains(help, want) {
					t.Errorf("run --help lacks %q:\n%s", want, help)
				}
			}
		}
	}
}
