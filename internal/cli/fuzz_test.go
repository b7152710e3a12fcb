package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/config"
)

// FuzzConfigPath feeds arbitrary bytes as a config through the whole
// path a user's file takes — load, validate, build, the work check and a
// 3-step run with its files — via `run`'s own flags and functions, without
// the figures (which TestRunWritesWhatItSummarizes and the snapshot cover,
// and which would make each valid input cost a tenth of a second). It must never panic,
// exit only 0 (ran) or 2 (refused), write nothing on exit 2, and on exit 0
// write a complete, readable set of files. --out pins the folder inside
// the test's scratch directory whatever output.dir says.
func FuzzConfigPath(f *testing.F) {
	for _, pattern := range []string{"../../configs/*.yaml", "../../testdata/reference/*.yaml"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if data, err := os.ReadFile(name); err == nil {
				f.Add(data)
			}
		}
	}
	for _, c := range hardeningCases() {
		if y, ok := c.files["c.yaml"]; ok {
			f.Add([]byte(y))
		}
	}
	f.Add([]byte("surface: {name: halfpipe, params: {kappa: 10}}\nnoise: {model: finite_sum, batch: 4, examples: 16}\noptimizers: [sgd, {name: sam, base: adam}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		clearOptlabEnv(t)
		// Big problems are refused or slow for reasons the fuzzer cannot
		// improve on (a million dimensions, a large finite_sum dataset
		// polished with Newton's method): an instrumented worker on a busy
		// machine must answer within the fuzzer's 10 s.
		if c, err := config.LoadBytes("c.yaml", data, nil, nil); err == nil {
			dim := max(c.Surface.Dim, len(c.Start), 2)
			examples := 1
			if c.Noise != nil && c.Noise.Examples != nil {
				examples = *c.Noise.Examples
			} else if c.Noise != nil {
				examples = 256
			}
			if dim > 64 || dim*examples > 256 || len(c.Optimizers) > 4 {
				return
			}
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "c.yaml"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out")
		before := listTree(t, dir)
		code, stderr := runWithoutFigures(t, filepath.Join(dir, "c.yaml"), "--steps", "3", "--repeats", "1", "--record-every", "1", "--out", out)
		switch code {
		case ExitUsage:
			if after := listTree(t, dir); !slices.Equal(before, after) {
				t.Fatalf("exit 2 wrote files: %v; stderr: %s", after, stderr)
			}
			if !strings.HasPrefix(stderr, "optlab: ") || len(stderr) < 12 {
				t.Fatalf("exit 2 without a message: %q", stderr)
			}
		case ExitOK:
			checkCompleteSet(t, out, false)
		default:
			t.Fatalf("exit %d; stderr: %s\nconfig:\n%s", code, stderr, data)
		}
	})
}

// runWithoutFigures is `optlab run CONFIG ARGS... -q` with the figures
// left out: the same flag set, Load and runExperiment.
func runWithoutFigures(t *testing.T, args ...string) (code int, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ios := &IOStreams{Out: &out, Err: &errb}
	cmd := NewCmdRun(ios, func(ctx context.Context, o *RunOptions) error {
		f, err := config.Load(o.ConfigPath, o.Flags, config.OverrideFlags())
		if err != nil {
			return err
		}
		data, err := os.ReadFile(o.ConfigPath) // kept as config.yaml, as run does
		if err != nil {
			return err
		}
		return runExperiment(ctx, o.IO, f, experimentOptions{Quiet: true, NoFigures: true, Config: data})
	})
	cmd.SetArgs(args)
	cmd.SetOut(&errb)
	cmd.SetErr(&errb)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("run %v panicked: %v", args, r)
			}
		}()
		if err := cmd.ExecuteContext(context.Background()); err != nil {
			fmt.Fprintln(&errb, "optlab:", err)
			code = exitCode(err)
		}
	}()
	if out.Len() > 0 {
		t.Fatalf("-q printed on stdout: %s", out.String())
	}
	return code, errb.String()
}
