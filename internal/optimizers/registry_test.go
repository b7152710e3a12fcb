package optimizers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/fielderr"
)

func TestResolveDefaults(t *testing.T) {
	for _, c := range []struct {
		name    string
		values  map[string]float64
		choices map[string]string
		flags   map[string]bool
	}{
		{"sgd", map[string]float64{"lr": 1e-3}, nil, nil},
		{"momentum", map[string]float64{"lr": 1e-3, "momentum": 0.9}, map[string]string{"form": "common"}, nil},
		{"nesterov", map[string]float64{"lr": 1e-3, "momentum": 0.9}, nil, nil},
		{"adagrad", map[string]float64{"lr": 1e-2, "eps": 1e-10}, nil, map[string]bool{"eps_inside_sqrt": false}},
		{"rmsprop", map[string]float64{"lr": 1e-2, "rho": 0.99, "eps": 1e-8}, nil, map[string]bool{"eps_inside_sqrt": false}},
		{"adam", map[string]float64{"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, nil, map[string]bool{"eps_inside_sqrt": false, "bias_correction": true}},
		{"radam", map[string]float64{"lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}, nil, map[string]bool{"eps_inside_sqrt": false}},
		{"newton", map[string]float64{"lr": 1, "damping": 0}, map[string]string{"on_indefinite": "stop"}, nil},
	} {
		h, err := Resolve(Config{Name: c.name})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !equalMaps(h.Values, c.values) || !equalMaps(h.Choices, c.choices) || !equalMaps(h.Flags, c.flags) {
			t.Errorf("%s: got %v %v %v, want %v %v %v", c.name, h.Values, h.Choices, h.Flags, c.values, c.choices, c.flags)
		}
		if h.Name != c.name || h.LR() != c.values["lr"] || h.Base != nil {
			t.Errorf("%s: Name %q, LR %g, Base %v", c.name, h.Name, h.LR(), h.Base)
		}
	}
}

func TestResolveKeepsGivenValues(t *testing.T) {
	h, err := Resolve(Config{Name: "adam", Values: map[string]float64{"lr": 0.05, "beta2": 0.99},
		Flags: map[string]bool{"eps_inside_sqrt": true}})
	if err != nil || h.Values["lr"] != 0.05 || h.Values["beta2"] != 0.99 || h.Values["beta1"] != 0.9 || !h.Flags["eps_inside_sqrt"] {
		t.Errorf("got %+v, %v", h, err)
	}
}

func TestResolveSAM(t *testing.T) {
	c := Config{Name: "sam", Base: &Config{Name: "adam", Values: map[string]float64{"lr": 0.01}}}
	h, err := Resolve(c)
	if err != nil {
		t.Fatal(err)
	}
	if h.Values["rho"] != 0.05 || h.LR() != 0.01 || h.Base == nil || h.Base.Name != "adam" || h.Base.Values["beta2"] != 0.999 {
		t.Errorf("got %+v (base %+v)", h, h.Base)
	}
	if _, err := Resolve(*h.Base); err != nil {
		t.Errorf("resolved base does not resolve again: %v", err)
	}
	o, err := New(c)
	if s, ok := o.(*SAM); err != nil || !ok {
		t.Errorf("New: %T, %v", o, err)
	} else if _, ok := s.Base.(*Adam); !ok {
		t.Errorf("base is %T, want *Adam", s.Base)
	}
}

func TestResolveErrors(t *testing.T) {
	v := func(k string, x float64) map[string]float64 { return map[string]float64{k: x} }
	for _, c := range []struct {
		cfg     Config
		param   string
		unknown bool
		msg     string
	}{
		{Config{Name: "adam", Values: v("momentum", 0.9)}, "momentum", true, `adam has no hyperparameter "momentum"`},
		{Config{Name: "adam", Values: v("beta1", 1.2)}, "beta1", false, "beta1: must be in [0, 1), got 1.2"},
		{Config{Name: "adam", Values: v("beta2", 1)}, "beta2", false, "beta2: must be in [0, 1), got 1"},
		{Config{Name: "sgd", Values: v("lr", -0.1)}, "lr", false, "lr: must be > 0, got -0.1"},
		{Config{Name: "sgd", Values: v("lr", 0)}, "lr", false, "lr: must be > 0, got 0"},
		{Config{Name: "sgd", Values: v("lr", math.NaN())}, "lr", false, "lr: must be finite, got NaN"},
		{Config{Name: "adam", Values: v("eps", math.Inf(1))}, "eps", false, "eps: must be finite, got +Inf"},
		{Config{Name: "adagrad", Values: v("eps", -1e-8)}, "eps", false, "eps: must be >= 0, got -1e-08"},
		{Config{Name: "rmsprop", Values: v("rho", 1)}, "rho", false, "rho: must be in [0, 1), got 1"},
		{Config{Name: "momentum", Values: v("momentum", -0.5)}, "momentum", false, "momentum: must be in [0, 1), got -0.5"},
		{Config{Name: "nesterov", Values: v("momentum", 1)}, "momentum", false, "momentum: must be in [0, 1), got 1"},
		{Config{Name: "newton", Values: v("damping", -1)}, "damping", false, "damping: must be >= 0, got -1"},
		{Config{Name: "momentum", Choices: map[string]string{"form": "nesterov"}}, "form", false,
			`form: must be one of common, ewma, standard, got "nesterov"`},
		{Config{Name: "newton", Choices: map[string]string{"on_indefinite": "ignore"}}, "on_indefinite", false,
			`on_indefinite: must be one of stop, solve, saddle_free, got "ignore"`},
		{Config{Name: "sgd", Choices: map[string]string{"form": "common"}}, "form", true, `sgd has no hyperparameter "form"`},
		{Config{Name: "sgd", Flags: map[string]bool{"eps_inside_sqrt": true}}, "eps_inside_sqrt", true,
			`sgd has no hyperparameter "eps_inside_sqrt"`},
		{Config{Name: "sgd", Base: &Config{Name: "adam"}}, "base", true, `sgd has no hyperparameter "base"`},
		{Config{Name: "adamw"}, "name", true, `unknown optimizer "adamw" (have ` + strings.Join(Names(), ", ") + `)`},
		{Config{Name: "sam"}, "base", false, "base: sam needs a base optimizer, e.g. {name: sgd, lr: 0.01}"},
		{Config{Name: "sam", Base: &Config{}}, "base.name", false, "base.name: missing"},
		{Config{Name: "sam", Base: &Config{Name: "sam", Base: &Config{Name: "sgd"}}}, "base.name", false, "base.name: sam cannot be the base of sam"},
		{Config{Name: "sam", Base: &Config{Name: "adamw"}}, "base.name", true, `unknown optimizer "adamw" (have ` + strings.Join(Names(), ", ") + `)`},
		{Config{Name: "sam", Base: &Config{Name: "sgd", Values: v("lr", -1)}}, "base.lr", false, "base.lr: must be > 0, got -1"},
		{Config{Name: "sam", Base: &Config{Name: "sgd", Values: v("beta1", 0.9)}}, "base.beta1", true, `sgd has no hyperparameter "beta1"`},
		{Config{Name: "sam", Values: v("lr", 0.1), Base: &Config{Name: "sgd"}}, "lr", true, `sam has no hyperparameter "lr" (set base.lr)`},
		{Config{Name: "sam", Values: v("rho", -0.1), Base: &Config{Name: "sgd"}}, "rho", false, "rho: must be >= 0, got -0.1"},
	} {
		_, err := Resolve(c.cfg)
		var problems fielderr.List
		if !errors.As(err, &problems) || len(problems) != 1 {
			t.Errorf("%+v: got %v, want a fielderr.List of one problem", c.cfg, err)
			continue
		}
		// The table gives bad values as "param: msg" and unknown keys
		// as the message alone, as the config layer shows them.
		pe, want := problems[0], strings.TrimPrefix(c.msg, c.param+": ")
		if pe.Path != c.param || pe.Unknown != c.unknown || pe.Msg != want {
			t.Errorf("%+v:\n got %q (param %q, unknown %v)\nwant %q (param %q, unknown %v)", c.cfg, pe.Msg, pe.Path, pe.Unknown, c.msg, c.param, c.unknown)
		}
		if _, errNew := New(c.cfg); errNew == nil || errNew.Error() != err.Error() {
			t.Errorf("New(%+v) = %v, want Resolve's error", c.cfg, errNew)
		}
	}
}

// TestResolveReportsEveryProblem: Resolve does not stop at the first bad
// key, so a config layer reports them all in one pass.
func TestResolveReportsEveryProblem(t *testing.T) {
	c := Config{Name: "sam", Values: map[string]float64{"lr": 0.1, "rho": -1},
		Base: &Config{Name: "adam", Values: map[string]float64{"beta1": 2, "momentum": 0.9}, Flags: map[string]bool{"nesterov": true}}}
	_, err := Resolve(c)
	want := `lr: sam has no hyperparameter "lr" (set base.lr)
rho: must be >= 0, got -1
base.momentum: adam has no hyperparameter "momentum"
base.beta1: must be in [0, 1), got 2
base.nesterov: adam has no hyperparameter "nesterov"`
	if err == nil || err.Error() != want {
		t.Fatalf("Resolve: got\n%v\nwant\n%s", err, want)
	}
}

func TestSpecRulesMentionHyperparameters(t *testing.T) {
	for _, s := range Specs() {
		rule := strings.Join(s.Rule, " ")
		if !strings.Contains(rule, "x") {
			t.Errorf("%s: rule %q does not update x", s.Name, rule)
		}
	}
}

func equalMaps[V comparable](a, b map[string]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
