package cli

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// hardeningCases are the reproductions of issue 9 (an adversarial pass
// over every command) and their neighbours: the same defect with another
// field, flag, variable or command. Config rows run through both validate
// and run, which must give one verdict. TestBadInput runs them with the
// rest of the bad-input table.
func hardeningCases() []badCase {
	// h is issue 9's H: rosenbrock and adam, writing into out.
	const h = "surface: {name: rosenbrock}\noptimizers: [{name: adam}]\nsteps: 3\noutput: {dir: out}"
	var cases []badCase
	// both adds a config row for validate and for run.
	both := func(name, yaml string, want ...string) {
		for _, cmd := range []string{"validate", "run"} {
			cases = append(cases, badCase{name: cmd + ": " + name, files: map[string]string{"c.yaml": yaml + "\n"},
				args: []string{cmd, "c.yaml"}, code: 2, want: want})
		}
	}
	flagRow := func(name string, args []string, want ...string) {
		cases = append(cases, badCase{name: name, args: args, code: 2, want: want})
	}

	// 1. A start whose loss is not finite is the start's error.
	both("start with infinite loss", h+"\nstart: [1e308, 1]", "start: the loss at the start is +Inf")
	both("start with infinite loss, 1e150 on beale", "surface: {name: beale}\nstart: [1e150, 1e150]\noptimizers: [adam]\noutput: {dir: out}", "start: the loss at the start is +Inf")
	both("parameter making the default start's loss infinite", "surface: {name: rosenbrock, params: {a: 1e308}}\noptimizers: [adam]\noutput: {dir: out}",
		"start: the loss at the start (the surface's default) is +Inf")
	flagRow("compare --start with infinite loss", []string{"compare", "adam", "--start", "1e308,1", "--out", "out"}, "--start: the loss at the start is +Inf")

	// 2. Wrong types of known hyperparameters.
	both("lr a word", strings.Replace(h, "{name: adam}", "{name: adam, lr: fast}", 1), `optimizers[0].lr: must be a number, got "fast"`)
	both("lr a quoted number", strings.Replace(h, "{name: adam}", "{name: adam, lr: '0.01'}", 1), `optimizers[0].lr: must be a number, got "0.01"`)
	both("beta1 true", strings.Replace(h, "{name: adam}", "{name: adam, beta1: true}", 1), `optimizers[0].beta1: must be a number, got true`)
	both("eps_inside_sqrt a word", strings.Replace(h, "{name: adam}", `{name: adam, eps_inside_sqrt: "yes"}`, 1), `optimizers[0].eps_inside_sqrt: must be true or false, got "yes"`)
	both("eps_inside_sqrt a number", strings.Replace(h, "{name: adam}", "{name: rmsprop, eps_inside_sqrt: 1}", 1), `optimizers[0].eps_inside_sqrt: must be true or false, got 1`)
	both("form a number", strings.Replace(h, "{name: adam}", "{name: momentum, form: 2}", 1), `optimizers[0].form: must be a word, got 2`)
	both("base lr a word", strings.Replace(h, "{name: adam}", "{name: sam, base: {name: sgd, lr: fast}}", 1), `optimizers[0].base.lr: must be a number, got "fast"`)

	// 3. Integer ranges: the bound is stated.
	both("steps past int64", strings.Replace(h, "steps: 3", "steps: 99999999999999999999999", 1), "steps: must be an integer from -9223372036854775808 to 9223372036854775807, got 1e+23")
	both("seed past uint64", h+"\nseed: 18446744073709551616", "seed: must be an integer from 0 to 18446744073709551615")
	both("seed negative", h+"\nseed: -1", "seed: must be an integer from 0 to 18446744073709551615, got -1")

	// 4. Unknown keys with a null or empty value.
	both("unknown key without value", h+"\nstpes:", `stpes: unknown key (did you mean "steps"?)`)
	both("unknown key null", h+"\nfoo: ~", "foo: unknown key")
	both("unknown key empty mapping", h+"\nfoo: {}", "foo: unknown key")
	both("unknown output key without value", strings.Replace(h, "output: {dir: out}", "output: {dirr: }", 1), `output.dirr: unknown key (did you mean "dir"?)`)
	both("unknown stop key without value", h+"\nstop: {bnd: }", `stop.bnd: unknown key (did you mean "bound"?)`)
	both("unknown noise key empty list", h+"\nnoise: {model: gaussian, sigmaa: []}", `noise.sigmaa: unknown key (did you mean "sigma"?)`)

	// 5. Keys of an entry inside sam's base.
	both("label and batch inside base", strings.Replace(h, "{name: adam}", "{name: sam, base: {name: sgd, label: x, batch: 4}}", 1),
		"optimizers[0].base.label: unknown key in a base optimizer", "optimizers[0].base.batch: unknown key in a base optimizer")
	both("base inside base", strings.Replace(h, "{name: adam}", "{name: sam, base: {name: sgd, base: {name: adam}}}", 1), "optimizers[0].base.base: unknown key in a base optimizer")

	// 6. Work limits count the columns (dimension) and the memory.
	both("a million dimensions, every step recorded", "surface: {name: rosenbrock, dim: 1048576}\nsteps: 100\noptimizers: [sgd]\noutput: {dir: out}",
		"rows of 1048582 columns", "record_every: 2 or more")
	flagRow("compare a million dimensions", []string{"compare", "sgd", "--dim", "1048576", "--steps", "100", "--out", "out"}, "rows of 1048582 columns", "--record-every")

	// 7. A name is a label, not a path.
	both("name ..", h+"\nname: ..", `name: is a label, not a path, got ".."`)
	both("name with slashes", h+"\nname: ../../escaped", `name: is a label, not a path: must not contain '/'`)
	both("name with a control character", h+"\nname: \"a\\tb\"", "name: must not contain control characters")
	cases = append(cases, badCase{name: "run OPTLAB_NAME=..", files: map[string]string{"c.yaml": "surface: {name: rosenbrock}\noptimizers: [adam]\nsteps: 3\n"},
		args: []string{"run", "c.yaml"}, env: map[string]string{"OPTLAB_NAME": ".."}, code: 2, want: []string{`name: is a label, not a path, got ".." (from OPTLAB_NAME)`}})

	// 9. Only documented variables; an error in one names it.
	cases = append(cases,
		badCase{name: "OPTLAB_STEPS not a number", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml"},
			env: map[string]string{"OPTLAB_STEPS": "abc"}, code: 2, want: []string{`steps: must be an integer, got "abc" (from OPTLAB_STEPS)`}},
		badCase{name: "OPTLAB_SEED negative", files: cfg(ok, "optimizers: [adam]"), args: []string{"validate", "c.yaml"},
			env: map[string]string{"OPTLAB_SEED": "-3"}, code: 2, want: []string{"seed: must be an integer from 0 to 18446744073709551615, got \"-3\" (from OPTLAB_SEED)"}},
		badCase{name: "OPTLAB_OUTPUT_DIR empty after trim", files: cfg(ok, "optimizers: [adam]"), args: []string{"run", "c.yaml"},
			env: map[string]string{"OPTLAB_OUTPUT_DIR": "  "}, code: 2, want: []string{"output.dir: must not be empty (from OPTLAB_OUTPUT_DIR)"}},
		// An undocumented variable has no effect: the file's error stands.
		badCase{name: "OPTLAB_SURFACE_NAME has no effect", files: cfg("surface: {name: rosenbrok}", "optimizers: [adam]", "output: {dir: out}"), args: []string{"run", "c.yaml"},
			env: map[string]string{"OPTLAB_SURFACE_NAME": "beale"}, code: 2, want: []string{`c.yaml:1:17: surface.name: unknown surface "rosenbrok"`}},
		badCase{name: "OPTLAB_STOP_LOSS_GAP has no effect", files: cfg(ok, "optimizers: [adam]", "stop: {loss_gap: -1}"), args: []string{"run", "c.yaml"},
			env: map[string]string{"OPTLAB_STOP_LOSS_GAP": "abc"}, code: 2, want: []string{"c.yaml:5:18: stop.loss_gap: must be a finite number ≥ 0, got -1"}},
	)

	// 11. compare --lr 0 in every spelling, and its neighbours.
	for _, v := range []string{"0", "-0", "0.0", "1e-400"} {
		flagRow("compare --lr adam="+v, []string{"compare", "adam", "--lr", "adam=" + v, "--out", "out"}, "--lr adam: must be > 0, got")
	}
	flagRow("compare --lr on sam's base", []string{"compare", "sam", "--lr", "sam=0", "--out", "out"}, "--lr sam: must be > 0, got 0")
	flagRow("compare --lr by label", []string{"compare", "adam", "adam", "--lr", "adam-2=-1", "--out", "out"}, "--lr adam-2: must be > 0, got -1")
	flagRow("compare --lr 1e400", []string{"compare", "adam", "--lr", "adam=1e400", "--out", "out"}, "--lr adam: must be finite, got +Inf")

	// 15. The right flag is blamed.
	flagRow("compare --start of one coordinate", []string{"compare", "adam", "--start", "1", "--out", "out"}, "--start: must have at least 2 coordinates for rosenbrock, got 1")
	flagRow("compare --dim on a 2-D surface", []string{"compare", "adam", "--surface", "beale", "--dim", "3", "--out", "out"}, "--dim: beale is 2-D, got 3")
	flagRow("compare --param unknown", []string{"compare", "adam", "--param", "bb=1", "--out", "out"}, `--param bb: rosenbrock has no parameter "bb"`)
	flagRow("compare --start not finite", []string{"compare", "adam", "--start", "NaN,1", "--out", "out"}, "--start: must be finite, got NaN")

	// 16. An explicit 0 is not "the default".
	both("dim 0", "surface: {name: rosenbrock, dim: 0}\noptimizers: [adam]\noutput: {dir: out}", "surface.dim: must be ≥ 2, got 0")
	both("cosine total_steps 0", strings.Replace(h, "{name: adam}", "{name: adam, schedule: {decay: {kind: cosine, total_steps: 0}}}", 1), "optimizers[0].schedule.decay.total_steps: must be ≥ 1, got 0")
	both("cosine total_steps 0 in base", strings.Replace(h, "{name: adam}", "{name: sam, base: {name: sgd, schedule: {decay: {kind: cosine, total_steps: 0}}}}", 1), "optimizers[0].base.schedule.decay.total_steps: must be ≥ 1, got 0")
	flagRow("compare --dim 0", []string{"compare", "adam", "--dim", "0", "--out", "out"}, "--dim: must be ≥ 2, got 0")
	flagRow("compare --dim -1", []string{"compare", "adam", "--dim", "-1", "--out", "out"}, "--dim: must be ≥ 2, got -1")
	flagRow("compare --steps 0", []string{"compare", "adam", "--steps", "0", "--out", "out"}, "--steps: must be ≥ 1, got 0")
	flagRow("compare --record-every 0", []string{"compare", "adam", "--record-every", "0", "--out", "out"}, "--record-every: must be ≥ 1, got 0")

	// 17. Every parameter error at once, with its position, dim wrong or not.
	both("halfpipe kappa and angle", "surface: {name: halfpipe, params: {kappa: .nan, angle: .inf}}\noptimizers: [adam]\noutput: {dir: out}",
		"c.yaml:1:43: surface.params.kappa: must be finite, got NaN", "c.yaml:1:56: surface.params.angle: must be finite, got +Inf")
	both("parameters reported with a wrong dim", "surface: {name: halfpipe, dim: 3, params: {angle: .inf}}\noptimizers: [adam]\noutput: {dir: out}",
		"surface.dim: halfpipe is 2-D, got 3", "surface.params.angle: must be finite, got +Inf")
	both("one-element start and an unknown parameter", "surface: {name: rosenbrock, params: {bogus: 1}}\nstart: [1]\noptimizers: [adam]\noutput: {dir: out}",
		`surface.params.bogus: rosenbrock has no parameter "bogus"`, "c.yaml:2:8: start: must have at least 2 coordinates for rosenbrock, got 1")

	// 18. One document.
	both("a second document", h+"\n---\nsteps: 7", "c.yaml:6:1: a second YAML document")
	both("a second empty document", h+"\n---\n", "a second YAML document")

	// 19. run --out checks the output block all the same.
	for _, block := range []string{"output: out/x", "output: {dir: 5}", "output: {dirr: x}"} {
		yaml := "surface: {name: rosenbrock}\noptimizers: [adam]\nsteps: 3\n" + block + "\n"
		cases = append(cases,
			badCase{name: "validate " + block, files: map[string]string{"c.yaml": yaml}, args: []string{"validate", "c.yaml"}, code: 2, want: []string{"c.yaml:4:"}},
			badCase{name: "run --out with " + block, files: map[string]string{"c.yaml": yaml}, args: []string{"run", "c.yaml", "--out", "o"}, code: 2, want: []string{"c.yaml:4:"}})
	}
	both("steps in the file wrong, --steps given", h+"\nseed: x", "seed: must be an integer")
	cases = append(cases, badCase{name: "run --steps over a wrong steps", files: map[string]string{"c.yaml": strings.Replace(h, "steps: 3", "steps: abc", 1) + "\n"},
		args: []string{"run", "c.yaml", "--steps", "4"}, code: 2, want: []string{`c.yaml:3:8: steps: must be an integer, got "abc"`}})

	// Smaller ones: steps: ~ like lr: ~; a leading zero.
	both("steps null", strings.Replace(h, "steps: 3", "steps: ~", 1), "c.yaml:3:8: steps: must be an integer, got nothing")
	both("seed null", h+"\nseed:", "seed: must be an integer from 0 to 18446744073709551615, got nothing")
	both("lr null", strings.Replace(h, "{name: adam}", "{name: adam, lr: ~}", 1), "optimizers[0].lr: needs a value, got nothing")
	both("steps 010", strings.Replace(h, "steps: 3", "steps: 010", 1), "c.yaml:3:8: steps: 010 has a leading zero, which YAML reads as an octal number")
	both("warmup steps 007", strings.Replace(h, "{name: adam}", "{name: adam, schedule: {warmup: {steps: 007}}}", 1), "optimizers[0].schedule.warmup.steps: 007 has a leading zero")

	// 12, 13, 20. noise: the work limit, non-finite noise, one model list.
	flagRow("noise --samples 1e9", []string{"noise", "rosenbrock", "--samples", "1000000000", "--out", "n.png"}, "--samples: about 9e+09 example gradients", "--force")
	flagRow("noise finite_sum --samples", []string{"noise", "rosenbrock", "--model", "finite_sum", "--samples", "10000000", "--out", "n.png"}, "--samples: about", "--force")
	flagRow("noise --sigma 1e308", []string{"noise", "rosenbrock", "--sigma", "1e308", "--json", "--out", "n.png"}, "--sigma: 1e+308 makes the noise overflow float64")
	flagRow("noise --sigma 0", []string{"noise", "rosenbrock", "--sigma", "0", "--out", "n.png"}, "--sigma: must be > 0 to have noise to measure, got 0")
	flagRow("noise --spread 0", []string{"noise", "rosenbrock", "--model", "finite_sum", "--spread", "0", "--out", "n.png"}, "--spread: must be > 0 to have noise to measure, got 0")
	flagRow("noise --spread 1e308", []string{"noise", "rosenbrock", "--model", "finite_sum", "--spread", "1e308", "--no-figure"}, "--spread: 1e+308 makes the noise overflow float64")
	flagRow("noise --at 1e308,1", []string{"noise", "rosenbrock", "--at", "1e308,1", "--out", "n.png"}, "--at: the loss or gradient at (1e+308, 1) is not finite")
	flagRow("noise --model none", []string{"noise", "rosenbrock", "--model", "none", "--out", "n.png"}, `--model: must be gaussian or finite_sum, got "none"`)
	flagRow("noise --model gausian", []string{"noise", "rosenbrock", "--model", "gausian", "--out", "n.png"}, `--model: must be gaussian or finite_sum, got "gausian" (did you mean "gaussian"?)`)
	flagRow("noise --samples 1", []string{"noise", "rosenbrock", "--samples", "1", "--out", "n.png"}, "--samples: must be ≥ 2, got 1")

	// 18 of issue 8: compare refuses flags it would ignore; --set.
	flagRow("compare --batch without noise", []string{"compare", "sgd", "--batch", "8", "--repeats", "5", "--out", "out"}, "--batch: needs gradient noise")
	flagRow("compare --repeats without noise", []string{"compare", "sgd", "--repeats", "5", "--out", "out"}, "--repeats: 5 repeats without noise would be 5 identical runs")
	flagRow("compare --set out of range", []string{"compare", "adam", "--set", "adam.beta1=1.5", "--out", "out"}, "--set adam.beta1: must be in [0, 1), got 1.5")
	flagRow("compare --set unknown", []string{"compare", "adam", "--set", "adam.momentum=0.9", "--out", "out"}, `--set adam.momentum: adam has no hyperparameter "momentum"`)
	flagRow("compare --set wrong type", []string{"compare", "adam", "--set", "adam.eps_inside_sqrt=maybe", "--out", "out"}, `--set adam.eps_inside_sqrt: must be true or false, got "maybe"`)
	flagRow("compare --set malformed", []string{"compare", "adam", "--set", "beta1=0.9", "--out", "out"}, `--set: want NAME.PARAM=VALUE (adam.beta1=0.95), got "beta1=0.9"`)
	flagRow("compare --set in sam's base", []string{"compare", "sam", "--set", "sam.base.momentum=0.9", "--out", "out"}, `--set sam.base.momentum: sgd has no hyperparameter "momentum"`)
	flagRow("compare --set for an optimizer not compared", []string{"compare", "adam", "--set", "sgd.lr=0.1", "--out", "out"}, `--set: "sgd" is not one of the optimizers compared (adam)`)

	// 21 and the error messages of issue 8's item 17.
	flagRow("help of an unknown command", []string{"help", "nosuch"}, `help: unknown command "nosuch"; have compare`)
	flagRow("completion of an unknown shell", []string{"completion", "nosh"}, `completion: unknown command "nosh"; have bash, fish, powershell, zsh`)
	flagRow("list a wrong kind lists the right ones", []string{"list", "optimisers"}, `list: want optimizers, surfaces or schedules, got "optimisers"`)
	flagRow("plot an unknown figure", []string{"plot", "nosuch"}, `unknown command "nosuch"`)
	return cases
}

// TestCompareSetAndLROverrides: --set reaches the hyperparameter of the
// optimizer or label it names (and only that one), --lr by label too, and
// summary.json shows the values used.
func TestCompareSetAndLROverrides(t *testing.T) {
	clearOptlabEnv(t)
	t.Chdir(t.TempDir())
	code, stdout, stderr := execCLI(t, "compare", "adam", "adam", "sam", "--set", "adam-2.beta1=0.95", "--set", "sam.rho=0.2",
		"--set", "sam.base.lr=0.002", "--lr", "adam=0.01", "--steps", "4", "--out", "o", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var s struct {
		Runs []struct {
			Label string         `json:"label"`
			LR    float64        `json:"lr"`
			Hyper map[string]any `json:"hyperparameters"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(stdout), &s); err != nil || len(s.Runs) != 3 {
		t.Fatalf("%v: %s", err, stdout)
	}
	if b := s.Runs[0].Hyper["beta1"]; b != 0.9 {
		t.Errorf("adam beta1 = %v, want the default 0.9", b)
	}
	if b := s.Runs[1].Hyper["beta1"]; b != 0.95 {
		t.Errorf("adam-2 beta1 = %v, want 0.95 from --set", b)
	}
	if s.Runs[0].LR != 0.01 || s.Runs[1].LR != 0.01 {
		t.Errorf("--lr adam=0.01 gave %v and %v", s.Runs[0].LR, s.Runs[1].LR)
	}
	if s.Runs[2].LR != 0.002 {
		t.Errorf("sam.base.lr=0.002 gave lr %v", s.Runs[2].LR)
	}
	if r := s.Runs[2].Hyper["rho"]; r != 0.2 {
		t.Errorf("sam rho = %v, want 0.2; %v", r, s.Runs[2].Hyper)
	}
}

// TestValidateAgreesWithRun: what run refuses without --force, validate
// refuses too, saying run would; with --force both accept it.
func TestValidateAgreesWithRun(t *testing.T) {
	clearOptlabEnv(t)
	t.Chdir(t.TempDir())
	os.WriteFile("c.yaml", []byte("surface: {name: rosenbrock, dim: 1048576}\nsteps: 100\noptimizers: [sgd]\noutput: {dir: out}\n"), 0o644)
	vcode, _, verr := execCLI(t, "validate", "c.yaml")
	rcode, _, rerr := execCLI(t, "run", "c.yaml")
	if vcode != 2 || rcode != 2 || !strings.Contains(verr, "run would refuse this config: record_every") || !strings.Contains(rerr, "record_every") {
		t.Fatalf("validate %d %q, run %d %q", vcode, verr, rcode, rerr)
	}
	if code, _, stderr := execCLI(t, "validate", "c.yaml", "--force"); code != 0 {
		t.Fatalf("validate --force: exit %d: %s", code, stderr)
	}
}
