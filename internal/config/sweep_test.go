package config

import (
	"strings"
	"testing"
)

func TestSweepPoints(t *testing.T) {
	text := `name: t
surface: {name: rosenbrock}
start: [-1.2, 1.0]
steps: 100
optimizers:
  - {name: sgd, lr: 0.001}
  - {name: momentum, label: heavy, lr: 0.001}
  - {name: sam, rho: 0.05, base: {name: sgd, lr: 0.001}}
  - adam
sweep:
  values:
    - {path: "optimizers[*].lr", log: {from: 1e-4, to: 1e-2, num: 3}}
    - {path: "optimizers.heavy.momentum", list: [0.5, 0.9]}
  repeats: 2
`
	s, err := LoadSweepBytes("t.yaml", []byte(text), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Points() != 6 || len(s.Seeds) != 2 || s.Seeds[1] != 2 {
		t.Fatalf("points %d seeds %v", s.Points(), s.Seeds)
	}
	f, err := s.Job(5, 7) // lr 1e-2, momentum 0.9
	if err != nil {
		t.Fatal(err)
	}
	if f.Seed != 7 || f.Repeats != 1 || f.Sweep != nil {
		t.Fatalf("seed %d repeats %d sweep %v", f.Seed, f.Repeats, f.Sweep)
	}
	for i, o := range f.Optimizers {
		lr := o.Values["lr"]
		if o.Base != nil {
			lr = o.Base.Values["lr"]
		}
		if lr != 1e-2 {
			t.Errorf("optimizers[%d] lr %v, want 0.01", i, lr)
		}
	}
	if m := f.Optimizers[1].Values["momentum"]; m != 0.9 {
		t.Errorf("heavy momentum %v", m)
	}
	if _, has := f.Optimizers[0].Values["momentum"]; has {
		t.Error("sgd got a momentum")
	}
	other, _ := LoadSweepBytes("t.yaml", []byte(strings.Replace(text, "steps: 100", "steps: 101", 1)), nil, nil)
	if s.Hash() == other.Hash() || len(s.Hash()) != 64 {
		t.Error("hash does not see steps")
	}
}

func TestSweepErrors(t *testing.T) {
	base := "surface: {name: rosenbrock}\noptimizers: [sgd]\n"
	cases := map[string]string{
		"sweep: {values: [{path: 'optimizers[*].lr', log: {from: 0, to: 1, num: 3}}]}":        "sweep.values[0].log: a log grid needs",
		"sweep: {values: [{path: 'optimizers[*].lr'}]}":                                       "needs exactly one of log, linear or list",
		"sweep: {values: [{path: 'optimizers[x].lr', list: [1]}]}":                            "index \"x\"",
		"sweep: {values: [{path: 'optimizers[*].lr', list: [-1]}]}":                           "at sweep point 0",
		"sweep: {protocol: grid}":                                                             "must be deepobs",
		"sweep: {values: [{path: steps, list: [10]}], bogus: 1}":                              "bogus",
		"sweep: {values: [{path: 'optimizers[*].lr', list: [1]}], best: {objective: loss}}":   "best.objective",
		"sweep: {values: [{path: 'optimizers.adam.lr', list: [1]}]}":                          "no entry labelled \"adam\"",
		"sweep: {values: [{path: 'optimizers[*].lr', list: [1]}], repeats: 2, seeds: [1, 2]}": "not both",
	}
	for block, want := range cases {
		_, err := LoadSweepBytes("t.yaml", []byte(base+block+"\n"), nil, nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", block, err, want)
		}
	}
	if _, err := LoadSweepBytes("t.yaml", []byte(base), nil, nil); err == nil || !strings.Contains(err.Error(), "no sweep: block") {
		t.Errorf("no block: %v", err)
	}
	s, err := LoadSweepBytes("t.yaml", []byte(base+"sweep: {protocol: deepobs}\n"), nil, nil)
	if err != nil || s.Points() != 36 || s.Reruns != 10 {
		t.Fatalf("deepobs: %v", err)
	}
	if r := s.RerunSeeds(); r[0] != 2 || len(r) != 10 {
		t.Errorf("rerun seeds %v", r)
	}
}
