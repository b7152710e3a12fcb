package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/optlab/optlab/internal/config"
)

// FuzzLoadBytes feeds arbitrary bytes to LoadBytes. It must never panic
// (nor exhaust memory), and either reject the input with a *config.Errors
// or a *config.LoadError whose message is not empty, or return a config
// that passes Validate again and Builds into an experiment.
func FuzzLoadBytes(f *testing.F) {
	for _, pattern := range []string{"../../configs/*.yaml", "../../testdata/reference/*.yaml", "../../testdata/extra/*.yaml"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"",
		"- a\n- b\n",
		"surface: {name: rosenbrock}\noptimizers: [adam]\n",
		"surface: {name: rosenbrock, dim: 3}\nstart: [1, 2, 3]\noptimizers: [{name: newton, damping: 1}]\n",
		"surface: {name: rosenbrock}\nnoise: {model: finite_sum, batch: 8, examples: 64}\nlr_scaling: {rule: sqrt, base_batch: 4}\noptimizers: [sgd]\n",
		"surface: {name: rosenbrock}\noptimizers: [{name: sam, base: {name: adam, lr: 0.1}, schedule: {decay: {kind: cosine}}}]\n",
		"a: &x [*x]\n",
		"surface: {name: rosenbrock}\nsteps: 1e3\nseed: -1\noptimizers: [{name: momentum, form: ewma, momentum: .nan}]\n",
		"steps: [1\n  x: 2\n",
		"surface: {name: rosenbrock}\noptimizers:\n  - {name: adam, lr: 1}\n  - {name: adam, lr: 1}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := config.LoadBytes("fuzz.yaml", data, nil, nil)
		if err != nil {
			var ce *config.Errors
			var le *config.LoadError
			if !errors.As(err, &ce) && !errors.As(err, &le) {
				t.Fatalf("error of type %T, want *config.Errors or *config.LoadError: %v", err, err)
			}
			if ce != nil && len(ce.List) == 0 {
				t.Fatalf("empty *config.Errors returned as an error")
			}
			if err.Error() == "" {
				t.Fatalf("empty error message")
			}
			return
		}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("LoadBytes accepted a config that Validate rejects: %v", err)
		}
		// Building allocates the start point and, for finite_sum noise, a
		// dataset of examples × dimension floats per run and polishes the
		// surface's minima on it with Newton's method (lab.MinimaOf, O(N)
		// per evaluation: seconds for N = 32768). The validator bounds the
		// sizes, but the fuzzer should not spend its time on big ones.
		dim := max(cfg.Surface.Dim, len(cfg.Start), 2)
		examples := 1
		if cfg.Noise != nil {
			examples = 256 // the default
			if cfg.Noise.Examples != nil {
				examples = *cfg.Noise.Examples
			}
		}
		if dim > 1<<12 || dim*examples*max(1, len(cfg.Optimizers)) > 1<<12 {
			return
		}
		e, err := cfg.Build()
		if err != nil {
			t.Fatalf("Build of a valid config: %v", err)
		}
		if len(e.Runs) != len(cfg.Optimizers) || len(e.Start) != e.Problem.Dim() {
			t.Fatalf("Build: %d runs for %d optimizers; start %v in %d-D", len(e.Runs), len(cfg.Optimizers), e.Start, e.Problem.Dim())
		}
	})
}
