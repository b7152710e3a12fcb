package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A badCase is one bad config or command line: the exit code it must give
// and substrings its message must contain (the field, the value, and where
// there is one, the suggestion).
type badCase struct {
	name  string
	files map[string]string // written into the working directory first
	dirs  []string          // folders created there first
	args  []string
	env   map[string]string // OPTLAB_* variables set for the case
	code  int
	want  []string
}

// ok is the head of a valid config; cases add their optimizers and the
// field they break. Its output folder is relative to the (temporary)
// working directory, so anything written would show up there.
const ok = "surface: {name: rosenbrock}\nsteps: 5\noutput: {dir: out}"

func cfg(lines ...string) map[string]string {
	return map[string]string{"c.yaml": strings.Join(lines, "\n") + "\n"}
}

func badCases() []badCase {
	runC := []string{"run", "c.yaml"}
	return []badCase{
		// Names: unknown optimizer, surface, keys.
		{name: "unknown optimizer", files: cfg(ok, "optimizers: [sgd, {name: adm}]"), args: runC, code: 2,
			want: []string{`optimizers[1].name: unknown optimizer "adm"`, `did you mean "adam"?`, "have adagrad, adam, gd, momentum"}},
		{name: "unknown surface", files: cfg("surface: {name: rosenbrok}", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`surface.name: unknown surface "rosenbrok"`, `did you mean "rosenbrock"?`, "have ackley, beale"}},
		{name: "missing surface", files: cfg("optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"surface.name: is required (one of ackley"}},
		{name: "unknown top-level key", files: cfg(ok, "optimizers: [adam]", "sead: 3"), args: runC, code: 2,
			want: []string{`c.yaml:5:1: sead: unknown key (did you mean "seed"?)`}},
		{name: "unknown surface key", files: cfg("surface: {name: rosenbrock, parms: {a: 2}}", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`surface.parms: unknown key (did you mean "params"?)`}},
		{name: "unknown surface parameter", files: cfg("surface: {name: rosenbrock, params: {bb: 2}}", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`surface.params.bb: rosenbrock has no parameter "bb" (did you mean "b"?)`}},
		{name: "unknown warmup key", files: cfg(ok, "optimizers: [{name: adam, schedule: {warmup: {step: 5}}}]"), args: runC, code: 2,
			want: []string{`optimizers[0].schedule.warmup.step: unknown key (did you mean "steps"?)`}},
		{name: "unknown output key", files: cfg("surface: {name: rosenbrock}", "optimizers: [adam]", "output: {dri: out}"), args: runC, code: 2,
			want: []string{`output.dri: unknown key (did you mean "dir"?)`}},
		{name: "unknown stop key", files: cfg(ok, "optimizers: [adam]", "stop: {los_gap: 1}"), args: runC, code: 2,
			want: []string{`stop.los_gap: unknown key (did you mean "loss_gap"?)`}},
		{name: "key given twice", files: cfg(ok, "optimizers: [adam]", "steps: 7"), args: runC, code: 2,
			want: []string{"c.yaml:5:1: steps: given twice (first at line 2)"}},
		// Types.
		{name: "steps not a number", files: cfg("surface: {name: rosenbrock}", `steps: "abc"`, "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`c.yaml:2:8: steps: must be an integer, got "abc"`}},
		{name: "start not a list of numbers", files: cfg(ok, `start: "x"`, "optimizers: [adam]"), args: runC, code: 2,
			want: []string{`start[0]: must be a number, got "x"`}},
		{name: "lr a list", files: cfg(ok, "optimizers: [{name: adam, lr: [1]}]"), args: runC, code: 2,
			want: []string{"optimizers[0].lr: must be a number, a word or true/false, got a list"}},
		{name: "surface a string", files: cfg("surface: rosenbrock", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{`surface: must be a mapping, got "rosenbrock"`}},
		{name: "flag typed as number", files: cfg(ok, "optimizers: [{name: adam, eps_inside_sqrt: 3}]"), args: runC, code: 2,
			want: []string{`optimizers[0].eps_inside_sqrt`}},
		// Start.
		{name: "start of the wrong dimension", files: cfg("surface: {name: himmelblau}", "start: [1, 2, 3]", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"c.yaml:2:8: start: must have 2 coordinates for himmelblau, got 3"}},
		{name: "start not finite", files: cfg(ok, "start: [.nan, .inf]", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"start[0]: must be finite, got NaN", "start[1]: must be finite, got +Inf"}},
		// Starts of a basin experiment.
		{name: "starts grid size 0", files: cfg(ok, "starts: {grid: [0, 5]}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.grid[0]: must be between 1 and 100, got 0"}},
		{name: "starts grid size negative", files: cfg(ok, "starts: {grid: [4, -3]}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.grid[1]: must be between 1 and 100, got -3"}},
		{name: "starts grid of one size", files: cfg(ok, "starts: {grid: [4]}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.grid: must be [nx, ny], got 1 number(s)"}},
		{name: "starts random 0", files: cfg(ok, "starts: {random: 0}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.random: must be between 1 and 10000, got 0"}},
		{name: "starts radius 0", files: cfg(ok, "starts: {grid: [3, 3], radius: 0}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.radius: must be a finite number > 0, got 0"}},
		{name: "starts radius negative", files: cfg(ok, "starts: {random: 10, radius: -0.5}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts.radius: must be a finite number > 0, got -0.5"}},
		{name: "starts without grid or random", files: cfg(ok, "starts: {radius: 1}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts: needs grid: [nx, ny] or random: K"}},
		{name: "starts with start", files: cfg(ok, "start: [0, 0]", "starts: {grid: [3, 3]}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"starts: cannot be given with start"}},
		{name: "starts with --gif", files: cfg(ok, "starts: {grid: [3, 3]}", "optimizers: [adam]"), args: []string{"run", "c.yaml", "--gif"}, code: 2,
			want: []string{"--gif: a basin experiment (starts:) draws basins.png"}},
		// Hyperparameters.
		{name: "lr negative", files: cfg(ok, "optimizers: [sgd, {name: adam, lr: -0.1}]"), args: runC, code: 2,
			want: []string{"optimizers[1].lr: must be > 0, got -0.1"}},
		{name: "lr zero", files: cfg(ok, "optimizers: [{name: sgd, lr: 0}]"), args: runC, code: 2,
			want: []string{"optimizers[0].lr: must be > 0, got 0"}},
		{name: "lr negative in sam base", files: cfg(ok, "optimizers: [{name: sam, rho: 0.05, base: {name: sgd, lr: -0.001}}]"), args: runC, code: 2,
			want: []string{"optimizers[0].base.lr: must be > 0, got -0.001"}},
		{name: "lr on sam", files: cfg(ok, "optimizers: [{name: sam, lr: 0.1, base: {name: sgd}}]"), args: runC, code: 2,
			want: []string{`optimizers[0].lr: sam has no hyperparameter "lr" (set base.lr)`}},
		{name: "sam without base", files: cfg(ok, "optimizers: [{name: sam}]"), args: runC, code: 2,
			want: []string{"optimizers[0].base: sam needs a base optimizer"}},
		{name: "betas outside [0, 1)", files: cfg(ok, "optimizers: [{name: adam, beta1: 1, beta2: -0.1}]"), args: runC, code: 2,
			want: []string{"optimizers[0].beta1: must be in [0, 1), got 1", "optimizers[0].beta2: must be in [0, 1), got -0.1"}},
		{name: "momentum 1", files: cfg(ok, "optimizers: [{name: momentum, momentum: 1}]"), args: runC, code: 2,
			want: []string{"optimizers[0].momentum: must be in [0, 1), got 1"}},
		{name: "eps negative", files: cfg(ok, "optimizers: [{name: rmsprop, eps: -1e-8}]"), args: runC, code: 2,
			want: []string{"optimizers[0].eps: must be >= 0, got -1e-08"}},
		{name: "unknown momentum form", files: cfg(ok, "optimizers: [{name: momentum, form: heavy}]"), args: runC, code: 2,
			want: []string{`optimizers[0].form: must be one of common, ewma, standard, got "heavy"`}},
		{name: "momentum on adam", files: cfg(ok, "optimizers: [{name: adam, momentum: 0.9}]"), args: runC, code: 2,
			want: []string{`optimizers[0].momentum: adam has no hyperparameter "momentum"`, "it takes lr, beta1, beta2, eps"}},
		{name: "misspelt hyperparameter", files: cfg(ok, "optimizers: [{name: adam, beta_1: 0.8}]"), args: runC, code: 2,
			want: []string{`optimizers[0].beta_1: adam has no hyperparameter "beta_1"`, `did you mean "beta1"?`}},
		// Schedules.
		{name: "gamma 1.5", files: cfg(ok, "optimizers:", "  - sgd", "  - momentum", "  - {name: adam, schedule: {decay: {kind: step, step_size: 10, gamma: 1.5}}}"), args: runC, code: 2,
			want: []string{"optimizers[2].schedule.decay.gamma: must be in (0, 1], got 1.5"}},
		{name: "unknown decay kind", files: cfg(ok, "optimizers: [{name: adam, schedule: {decay: {kind: expo, gamma: 0.9}}}]"), args: runC, code: 2,
			want: []string{`optimizers[0].schedule.decay.kind: must be step, exp or cosine, got "expo" (did you mean "exp"?)`}},
		{name: "warmup steps 0", files: cfg(ok, "optimizers: [{name: adam, schedule: {warmup: {steps: 0}}}]"), args: runC, code: 2,
			want: []string{"optimizers[0].schedule.warmup.steps: must be ≥ 1, got 0"}},
		{name: "warmup start_factor 0", files: cfg(ok, "optimizers: [{name: adam, schedule: {warmup: {steps: 5, start_factor: 0}}}]"), args: runC, code: 2,
			want: []string{"optimizers[0].schedule.warmup.start_factor: must be in (0, 1], got 0"}},
		// The experiment.
		{name: "duplicate labels", files: cfg(ok, "optimizers: [{name: adam, label: a}, {name: sgd, label: a}]"), args: runC, code: 2,
			want: []string{`optimizers[1].label: "a" is already the label of optimizers[0]`}},
		{name: "empty optimizers", files: cfg(ok, "optimizers: []"), args: runC, code: 2,
			want: []string{"optimizers: must list at least one optimizer"}},
		{name: "steps 0", files: cfg("surface: {name: rosenbrock}", "steps: 0", "optimizers: [adam]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"c.yaml:2:8: steps: must be ≥ 1, got 0"}},
		{name: "repeats 0", files: cfg(ok, "repeats: 0", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"repeats: must be ≥ 1, got 0"}},
		{name: "record_every 0", files: cfg(ok, "record_every: 0", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"record_every: must be ≥ 1, got 0"}},
		{name: "stop negative", files: cfg(ok, "stop: {grad_norm: -1}", "optimizers: [adam]"), args: runC, code: 2,
			want: []string{"stop.grad_norm: must be a finite number ≥ 0, got -1"}},
		// Noise.
		{name: "batch > examples", files: cfg(ok, "noise: {model: finite_sum, batch: 300, examples: 100}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"noise.batch: must be ≤ examples (100), got 300"}},
		{name: "batch 0", files: cfg(ok, "noise: {model: gaussian, batch: 0}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"noise.batch: must be ≥ 1, got 0"}},
		{name: "sigma negative", files: cfg(ok, "noise: {model: gaussian, sigma: -0.5}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"noise.sigma: must be ≥ 0, got -0.5"}},
		{name: "unknown noise model", files: cfg(ok, "noise: {model: gausian}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{`noise.model: unknown noise model "gausian"`, `did you mean "gaussian"?`}},
		{name: "noise without model", files: cfg(ok, "noise: {sigma: 1}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"noise.model: is required in a noise block"}},
		{name: "lr_scaling without noise", files: cfg(ok, "lr_scaling: {rule: linear, base_batch: 1}", "optimizers: [sgd]"), args: runC, code: 2,
			want: []string{"lr_scaling: scales lr with the batch size, so it needs a noise block"}},
		{name: "finite_sum dataset too large", files: cfg("surface: {name: rosenbrock, dim: 1048576}", "noise: {model: finite_sum, examples: 1048576}", "optimizers: [sgd]", "output: {dir: out}"), args: []string{"validate", "c.yaml"}, code: 2,
			want: []string{"noise.examples: examples × dimension must be ≤"}},
		// Files.
		{name: "missing file", args: []string{"run", "nope.yaml"}, code: 2,
			want: []string{"nope.yaml: no such file"}},
		{name: "directory as config", dirs: []string{"confdir"}, args: []string{"run", "confdir"}, code: 2,
			want: []string{"confdir: is a directory"}},
		{name: "malformed YAML", files: cfg(ok, "optimizers:", "  - name: adam", "    lr: [0.1", "  - name: sgd"), args: runC, code: 2,
			want: []string{"c.yaml:7:", "malformed YAML"}},
		{name: "tab in YAML", files: cfg(ok, "optimizers:", "\t- adam"), args: runC, code: 2,
			want: []string{"c.yaml:5:1: malformed YAML", `'\t'`}},
		{name: "YAML list at top level", files: cfg("- adam", "- sgd"), args: runC, code: 2,
			want: []string{"c.yaml: the config must be a YAML mapping"}},
		// Flags of run and validate.
		{name: "run --steps abc", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml", "--steps", "abc"}, code: 2,
			want: []string{`invalid argument "abc" for "--steps" flag`}},
		{name: "run --steps 0", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml", "--steps", "0"}, code: 2,
			want: []string{"steps: must be ≥ 1, got 0"}},
		{name: "run --repeats -1", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml", "--repeats", "-1"}, code: 2,
			want: []string{"repeats: must be ≥ 1, got -1"}},
		{name: "run --format gif", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml", "--format", "gif"}, code: 2,
			want: []string{`--format: must be png, svg or pdf, got "gif"`}},
		{name: "run unknown flag", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml", "--bogus"}, code: 2,
			want: []string{"unknown flag: --bogus"}},
		{name: "run without config", args: []string{"run"}, code: 2,
			want: []string{"optlab: run: accepts 1 arg(s), received 0"}},
		{name: "validate two configs", args: []string{"validate", "a.yaml", "b.yaml"}, code: 2,
			want: []string{"optlab: validate: accepts 1 arg(s), received 2"}},
		{name: "validate bad config", files: cfg(ok, "optimizers: [{name: adam, lr: -1}]"), args: []string{"validate", "c.yaml"}, code: 2,
			want: []string{"c.yaml:4:31: optimizers[0].lr: must be > 0, got -1"}},
		{name: "unknown command", args: []string{"rnu", "c.yaml"}, code: 2,
			want: []string{`unknown command "rnu"`}},
		// Runtime failures: exit 1, and still nothing written.
		{name: "run output under a file", files: map[string]string{"blocker": "x", "c.yaml": "surface: {name: rosenbrock}\nsteps: 5\noptimizers: [adam]\noutput: {dir: blocker/out}\n"},
			args: runC, code: 1, want: []string{"writing blocker/out:", "not a directory"}},
		{name: "run --out under a file", files: map[string]string{"blocker": "x", "c.yaml": ok + "\noptimizers: [adam]\n"},
			args: []string{"run", "c.yaml", "--out", "blocker/o"}, code: 1, want: []string{"writing blocker/o:", "not a directory"}},
		// compare.
		{name: "compare unknown optimizer", args: []string{"compare", "adam", "rmsprp", "--out", "out"}, code: 2,
			want: []string{`unknown optimizer "rmsprp"`, `did you mean "rmsprop"?`}},
		{name: "compare unknown surface", args: []string{"compare", "adam", "--surface", "beal", "--out", "out"}, code: 2,
			want: []string{`--surface: unknown surface "beal" (did you mean "beale"?); have ackley`}},
		{name: "compare --lr for an optimizer not compared", args: []string{"compare", "adam", "--lr", "sgd=0.1", "--out", "out"}, code: 2,
			want: []string{`--lr: "sgd" is not one of the optimizers compared (adam)`}},
		{name: "compare --lr without value", args: []string{"compare", "adam", "--lr", "adam", "--out", "out"}, code: 2,
			want: []string{`--lr: want NAME=VALUE, got "adam"`}},
		{name: "compare --lr not a number", args: []string{"compare", "adam", "--lr", "adam=fast", "--out", "out"}, code: 2,
			want: []string{`--lr: adam: want a number, got "fast"`}},
		{name: "compare --lr negative", args: []string{"compare", "adam", "--lr", "adam=-0.1", "--out", "out"}, code: 2,
			want: []string{"--lr adam: must be > 0, got -0.1"}},
		{name: "compare --noise negative", args: []string{"compare", "sgd", "--noise", "-1", "--out", "out"}, code: 2,
			want: []string{"--noise: must be ≥ 0, got -1"}},
		{name: "compare batch > examples", args: []string{"compare", "sgd", "--noise-model", "finite_sum", "--batch", "300", "--examples", "100", "--out", "out"}, code: 2,
			want: []string{"--batch: must be ≤ examples (100), got 300"}},
		{name: "compare batch 0", args: []string{"compare", "sgd", "--noise", "1", "--batch", "0", "--out", "out"}, code: 2,
			want: []string{"--batch: must be ≥ 1, got 0"}},
		{name: "compare unknown noise model", args: []string{"compare", "sgd", "--noise-model", "gausian", "--out", "out"}, code: 2,
			want: []string{`--noise-model: unknown noise model "gausian"`, `did you mean "gaussian"?`}},
		{name: "compare --repeats 0", args: []string{"compare", "sgd", "--repeats", "0", "--out", "out"}, code: 2,
			want: []string{"repeats: must be ≥ 1, got 0"}},
		{name: "compare --start of the wrong dimension", args: []string{"compare", "adam", "--surface", "himmelblau", "--start", "1,2,3", "--out", "out"}, code: 2,
			want: []string{"start: must have 2 coordinates for himmelblau, got 3"}},
		{name: "compare --start not a number", args: []string{"compare", "adam", "--start", "1,x", "--out", "out"}, code: 2,
			want: []string{`invalid argument "1,x" for "--start" flag`}},
		{name: "compare without optimizers", args: []string{"compare", "--out", "out"}, code: 2,
			want: []string{"optlab: compare: requires at least 1 arg(s), only received 0; want one of adagrad, adam"}},
		{name: "compare --out under a file", files: map[string]string{"blocker": "x"}, args: []string{"compare", "adam", "--steps", "5", "--out", "blocker/o"}, code: 1,
			want: []string{"writing blocker/o:", "not a directory"}},
		// plot.
		{name: "plot without a figure", args: []string{"plot"}, code: 2,
			want: []string{"plot: name a figure: trajectory, loss, surface or smoothing"}},
		{name: "plot unknown figure", args: []string{"plot", "trajectry"}, code: 2,
			want: []string{`unknown command "trajectry" for "optlab plot"`}},
		{name: "plot trajectory without --from", args: []string{"plot", "trajectory"}, code: 2,
			want: []string{"plot trajectory: --from DIR is required"}},
		{name: "plot trajectory --from a missing folder", args: []string{"plot", "trajectory", "--from", "missing"}, code: 2,
			want: []string{"--from missing:"}},
		{name: "plot loss --from a folder without a run", dirs: []string{"empty"}, args: []string{"plot", "loss", "--from", "empty"}, code: 2,
			want: []string{"--from empty:"}},
		{name: "plot loss --out with an unsupported extension", args: []string{"plot", "loss", "--from", "missing", "--out", "loss.gif"}, code: 2,
			want: []string{`--out: the extension picks the format: .png, .svg or .pdf, got "loss.gif"`}},
		{name: "plot loss --smooth unknown", args: []string{"plot", "loss", "--from", "missing", "--smooth", "median:3"}, code: 2,
			want: []string{"--smooth:"}},
		{name: "plot surface unknown", args: []string{"plot", "surface", "himmelblu", "--out", "s.png"}, code: 2,
			want: []string{`plot surface: unknown surface "himmelblu" (did you mean "himmelblau"?); have ackley`}},
		{name: "plot surface unknown parameter", args: []string{"plot", "surface", "halfpipe", "--param", "kapa=5", "--out", "s.png"}, code: 2,
			want: []string{"--param:", `"kapa"`}},
		{name: "plot surface --param malformed", args: []string{"plot", "surface", "halfpipe", "--param", "kappa", "--out", "s.png"}, code: 2,
			want: []string{`--param: want NAME=VALUE, got "kappa"`}},
		{name: "plot surface --out .jpg", args: []string{"plot", "surface", "beale", "--out", "s.jpg"}, code: 2,
			want: []string{`--out: the extension picks the format`, `"s.jpg"`}},
		{name: "plot surface without name", args: []string{"plot", "surface"}, code: 2,
			want: []string{"optlab: plot surface: accepts 1 arg(s), received 0"}},
		{name: "plot surface --out under a file", files: map[string]string{"blocker": "x"}, args: []string{"plot", "surface", "beale", "--out", "blocker/s.svg"}, code: 1,
			want: []string{"blocker", "not a directory"}},
		{name: "plot smoothing alpha 1.5", args: []string{"plot", "smoothing", "--alphas", "0.5,1.5", "--out", "s.png"}, code: 2,
			want: []string{"--alphas: each α must be in (0, 1), got 1.5"}},
		{name: "plot smoothing --out .gif", args: []string{"plot", "smoothing", "--out", "s.gif"}, code: 2,
			want: []string{"--out: the extension picks the format"}},
		// list, describe.
		{name: "list unknown kind", args: []string{"list", "optimisers"}, code: 2,
			want: []string{`list: want optimizers, surfaces or schedules, got "optimisers"`}},
		{name: "list without kind", args: []string{"list"}, code: 2,
			want: []string{"optlab: list: accepts 1 arg(s), received 0; want one of optimizers, surfaces, schedules"}},
		{name: "describe unknown name", args: []string{"describe", "adamw"}, code: 2,
			want: []string{`describe: "adamw" is neither an optimizer nor a surface (did you mean "adam"?)`}},
		// noise.
		{name: "noise --batches 0", args: []string{"noise", "rosenbrock", "--batches", "1,0", "--out", "n.png"}, code: 2,
			want: []string{"--batches: each must be in [1, ∞), got 0"}},
		{name: "noise --batches > examples", args: []string{"noise", "rosenbrock", "--model", "finite_sum", "--examples", "100", "--batches", "1,200", "--out", "n.png"}, code: 2,
			want: []string{"--batches: each must be in [1, 100], got 200"}},
		{name: "noise --batches not numbers", args: []string{"noise", "rosenbrock", "--batches", "1,two"}, code: 2,
			want: []string{`invalid argument "1,two" for "--batches" flag`}},
		{name: "noise --sigma negative", args: []string{"noise", "rosenbrock", "--sigma", "-1", "--out", "n.png"}, code: 2,
			want: []string{"--sigma: must be ≥ 0, got -1"}},
		{name: "noise unknown model", args: []string{"noise", "rosenbrock", "--model", "uniform", "--out", "n.png"}, code: 2,
			want: []string{`--model: must be gaussian or finite_sum, got "uniform"`}},
		{name: "noise unknown surface", args: []string{"noise", "rosenbrok", "--out", "n.png"}, code: 2,
			want: []string{`noise: unknown surface "rosenbrok" (did you mean "rosenbrock"?)`}},
		{name: "noise --at not finite", args: []string{"noise", "rosenbrock", "--at", "1,NaN", "--out", "n.png"}, code: 2,
			want: []string{"--at: coordinate 1 must be finite, got NaN"}},
		{name: "noise --at of the wrong dimension", args: []string{"noise", "himmelblau", "--at", "1,2,3", "--out", "n.png"}, code: 2,
			want: []string{"--at:", "2-D, got dimension 3"}},
		{name: "noise --samples 1", args: []string{"noise", "rosenbrock", "--samples", "1", "--out", "n.png"}, code: 2,
			want: []string{"--samples: must be ≥ 2, got 1"}},
		{name: "noise --out .bmp", args: []string{"noise", "rosenbrock", "--out", "n.bmp"}, code: 2,
			want: []string{"--out: the extension picks the format"}},
	}
}

// TestBadInput runs every bad case in a fresh working directory and checks
// the exit code, that the message on stderr names the field, that stdout
// stays empty, and that nothing was written: the directory holds exactly
// what the case put there.
func TestBadInput(t *testing.T) {
	clearOptlabEnv(t)
	cases := append(badCases(), hardeningCases()...)
	cases = append(cases, sharpnessBadCases()...)
	if len(cases) < 45 {
		t.Fatalf("only %d bad cases", len(cases))
	}
	runBadCases(t, cases)
}

// runBadCases runs each case in a fresh working directory holding its
// folders and files, with its OPTLAB_* variables, and checks what every
// bad input must give: the exit code, nothing on stdout, a message
// starting "optlab: " that names what it should, and nothing written.
func runBadCases(t *testing.T, cases []badCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			for _, d := range c.dirs {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for name, content := range c.files {
				if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			before := listTree(t, dir)
			code, stdout, stderr := execCLI(t, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout not empty on error:\n%s", stdout)
			}
			if !strings.HasPrefix(stderr, "optlab: ") {
				t.Errorf("stderr does not start with \"optlab: \":\n%s", stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if after := listTree(t, dir); !slices.Equal(before, after) {
				t.Errorf("the working directory changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// TestConfigErrorsAllAtOnce: one config with many problems of every kind
// (unknown key, wrong type, bad values in several optimizers, noise) gets
// every one reported in one message, in file order, each with file:line:col.
func TestConfigErrorsAllAtOnce(t *testing.T) {
	clearOptlabEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	const config = `name: many
surface: {name: rosenbrok}
steps: 0
optimizers:
  - {name: adam, lr: -0.1, beta1: 1.5}
  - name: sgd
    momentum: 0.9
    schedule:
      decay: {kind: step, step_size: 10, gamma: 1.5}
noise: {model: gaussian, sigma: -1, batch: 0}
seed: "x"
stpes: 3
output: {dir: out}
`
	if err := os.WriteFile("many.yaml", []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"validate", "run"} {
		code, stdout, stderr := execCLI(t, cmd, "many.yaml")
		if code != 2 || stdout != "" {
			t.Fatalf("%s: exit %d, stdout %q", cmd, code, stdout)
		}
		want := []string{
			"many.yaml:2:17: surface.name: unknown surface \"rosenbrok\"",
			"many.yaml:3:8: steps: must be ≥ 1, got 0",
			"many.yaml:5:22: optimizers[0].lr: must be > 0, got -0.1",
			"many.yaml:5:35: optimizers[0].beta1: must be in [0, 1), got 1.5",
			"many.yaml:7:15: optimizers[1].momentum: sgd has no hyperparameter \"momentum\"",
			"many.yaml:9:49: optimizers[1].schedule.decay.gamma: must be in (0, 1], got 1.5",
			"many.yaml:10:33: noise.sigma: must be ≥ 0, got -1",
			"many.yaml:10:44: noise.batch: must be ≥ 1, got 0",
			"many.yaml:11:7: seed: must be an integer from 0 to 18446744073709551615, got \"x\"",
			"many.yaml:12:1: stpes: unknown key (did you mean \"steps\"?)",
		}
		for _, w := range want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, w, stderr)
			}
		}
		pos := regexp.MustCompile(`(?m)^(?:optlab: )?many\.yaml:(\d+):(\d+): `)
		matches := pos.FindAllStringSubmatch(stderr, -1)
		if len(matches) < len(want) {
			t.Fatalf("%s: %d positioned errors, want ≥ %d:\n%s", cmd, len(matches), len(want), stderr)
		}
		lines := strings.Count(strings.TrimSpace(stderr), "\n") + 1
		if lines != len(matches) {
			t.Errorf("%s: %d lines but %d with a position:\n%s", cmd, lines, len(matches), stderr)
		}
		prev := [2]int{}
		for _, m := range matches {
			l, _ := strconv.Atoi(m[1])
			c, _ := strconv.Atoi(m[2])
			if l < prev[0] || (l == prev[0] && c < prev[1]) {
				t.Errorf("%s: errors not in file order at %d:%d after %d:%d:\n%s", cmd, l, c, prev[0], prev[1], stderr)
			}
			prev = [2]int{l, c}
		}
		if entries, _ := os.ReadDir("."); len(entries) != 1 {
			t.Errorf("%s wrote files: %v", cmd, entries)
		}
	}
}

// Success: exit 0, results on stdout, progress on stderr.

const goodConfig = `name: good
surface: {name: rosenbrock}
steps: 20
optimizers:
  - {name: adam, lr: 0.05}
  - {name: sgd, lr: 0.001, label: slow}
output: {dir: out/good}
`

func writeGood(t *testing.T, content string) {
	t.Helper()
	t.Chdir(t.TempDir())
	if err := os.WriteFile("good.yaml", []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRunSuccessStreams(t *testing.T) {
	clearOptlabEnv(t)
	writeGood(t, goodConfig)
	code, stdout, stderr := execCLI(t, "run", "good.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"label", "status", "adam", "slow", "max_steps"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("table on stdout lacks %q:\n%s", w, stdout)
		}
	}
	if !strings.Contains(stderr, "wrote 5 files to out/good") || strings.Contains(stderr, "max_steps") {
		t.Errorf("stderr should hold the progress only:\n%s", stderr)
	}
	for _, f := range []string{"trace.csv", "summary.json", "trajectory.png", "loss.png", "config.yaml"} {
		if _, err := os.Stat(filepath.Join("out/good", f)); err != nil {
			t.Error(err)
		}
	}
}

func TestRunQuiet(t *testing.T) {
	clearOptlabEnv(t)
	writeGood(t, goodConfig)
	for _, q := range []string{"--quiet", "-q"} {
		code, stdout, stderr := execCLI(t, "run", "good.yaml", q)
		if code != 0 || stdout != "" || stderr != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", q, code, stdout, stderr)
		}
	}
	if _, err := os.Stat("out/good/summary.json"); err != nil {
		t.Error(err)
	}
}

type jsonSummary struct {
	Name string `json:"name"`
	Runs []struct {
		Label  string `json:"label"`
		Status string `json:"status"`
		Steps  int    `json:"steps"`
	} `json:"runs"`
}

func TestRunJSON(t *testing.T) {
	clearOptlabEnv(t)
	writeGood(t, goodConfig)
	code, stdout, stderr := execCLI(t, "run", "good.yaml", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s jsonSummary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if s.Name != "good" || len(s.Runs) != 2 || s.Runs[0].Label != "adam" || s.Runs[1].Label != "slow" || s.Runs[0].Steps != 20 {
		t.Errorf("summary: %+v", s)
	}
	// --json with --quiet: still the JSON, and nothing on stderr.
	code, stdout, stderr = execCLI(t, "run", "good.yaml", "--json", "-q")
	if err := json.Unmarshal([]byte(stdout), &s); code != 0 || err != nil || stderr != "" {
		t.Errorf("--json -q: exit %d, %v, stderr %q", code, err, stderr)
	}
}

// A diverging optimizer is a result, not a crash: exit 0, status diverged.
func TestRunDivergedIsSuccess(t *testing.T) {
	clearOptlabEnv(t)
	writeGood(t, "surface: {name: rosenbrock}\nsteps: 200\noptimizers: [{name: sgd, lr: 1}]\noutput: {dir: out}\n")
	code, stdout, stderr := execCLI(t, "run", "good.yaml", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s jsonSummary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Runs) != 1 || s.Runs[0].Status != "diverged" || s.Runs[0].Steps >= 200 {
		t.Errorf("runs: %+v", s.Runs)
	}
	code, stdout, _ = execCLI(t, "run", "good.yaml")
	if code != 0 || !strings.Contains(stdout, "diverged") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}
}

// TestOtherCommandsSucceed: exit 0 and output on stdout for every command.
func TestOtherCommandsSucceed(t *testing.T) {
	clearOptlabEnv(t)
	writeGood(t, goodConfig)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", "good.yaml"}, "good.yaml: ok"},
		{[]string{"list", "optimizers"}, "adam"},
		{[]string{"list", "surfaces"}, "rosenbrock"},
		{[]string{"list", "schedules"}, "cosine"},
		{[]string{"describe", "adam"}, "beta1"},
		{[]string{"describe", "himmelblau"}, "Known stationary points"},
		{[]string{"compare", "adam", "--steps", "10", "--out", "cmp", "-q"}, ""},
		{[]string{"plot", "surface", "beale", "--out", "figs/beale.svg"}, "figs/beale.svg"},
		{[]string{"plot", "trajectory", "--from", "cmp", "--out", "figs/t.svg"}, "figs/t.svg"},
		{[]string{"noise", "rosenbrock", "--samples", "50", "--batches", "1,4,16", "--no-figure"}, "fitted slope"},
	} {
		code, stdout, stderr := execCLI(t, c.args...)
		if code != 0 || !strings.Contains(stdout, c.want) {
			t.Errorf("%v: exit %d, stdout:\n%s\nstderr:\n%s", c.args, code, stdout, stderr)
		}
	}
	// validate writes nothing.
	if _, err := os.Stat("out"); !os.IsNotExist(err) {
		t.Errorf("validate created out/: %v", err)
	}
	code, stdout, _ := execCLI(t, "noise", "rosenbrock", "--samples", "50", "--batches", "1,4", "--json", "--out", "figs/n.svg")
	var m map[string]any
	if err := json.Unmarshal([]byte(stdout), &m); code != 0 || err != nil || m["batches"] == nil {
		t.Errorf("noise --json: exit %d, %v:\n%s", code, err, stdout)
	}
}

// execCLI runs optlab in-process; a panic fails the test with its value.
func execCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("optlab %v panicked: %v", args, r)
			}
		}()
		code = Execute(context.Background(), args, &IOStreams{Out: &out, Err: &errb})
	}()
	return code, out.String(), errb.String()
}

// listTree lists every file and folder under dir, relative and sorted.
func listTree(t *testing.T, dir string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		paths = append(paths, fmt.Sprintf("%s %v", rel, d.IsDir()))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(paths)
	return paths
}

// clearOptlabEnv hides OPTLAB_* variables of the environment the tests
// run in (Viper ignores empty ones).
func clearOptlabEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "OPTLAB_") {
			t.Setenv(k, "")
		}
	}
}
