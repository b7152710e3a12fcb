package config_test

import (
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/config"
)

// TestDecodeKeepsWhatDecoded: a bad value inside an optional block is
// reported, and the rest of the block is still validated (mapstructure
// alone would drop the block), and an unknown key next to a bad value is
// still found; all in file order with positions.
func TestDecodeKeepsWhatDecoded(t *testing.T) {
	const in = `surface: {name: rosenbrock, dim: x, parms: 1}
optimizers: [{name: adam, beta1: [1]}, {name: sgd, lr: -1}]
stop: {loss_gap: x, bound: -1}
sead: 1
output: {dir: out}
`
	_, err := config.LoadBytes("c.yaml", []byte(in), nil, nil)
	want := strings.Join([]string{
		`c.yaml:1:34: surface.dim: must be an integer, got "x"`,
		`c.yaml:1:37: surface.parms: unknown key (did you mean "params"?)`,
		`c.yaml:2:34: optimizers[0].beta1: must be a number, a word or true/false, got a list`,
		`c.yaml:2:56: optimizers[1].lr: must be > 0, got -1`,
		`c.yaml:3:18: stop.loss_gap: must be a number, got "x"`,
		`c.yaml:3:28: stop.bound: must be a finite number ≥ 0, got -1`,
		`c.yaml:4:1: sead: unknown key (did you mean "seed"?)`,
	}, "\n")
	if err == nil {
		t.Fatal("no error")
	}
	if got := err.Error(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
