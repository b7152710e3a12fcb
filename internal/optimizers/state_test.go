package optimizers

import (
	"slices"
	"testing"
)

// State is a copy: changing it does not change the next step.
func TestStateIsACopy(t *testing.T) {
	for _, name := range []string{"momentum", "nesterov", "adagrad", "rmsprop", "adam", "radam"} {
		run := func(poke bool) []float64 {
			h, err := Resolve(Config{Name: name})
			if err != nil {
				t.Fatal(err)
			}
			spec, _ := Lookup(name)
			o, err := spec.New(h)
			if err != nil {
				t.Fatal(err)
			}
			x := []float64{1, -2}
			o.Init(2)
			for step := 1; step <= 3; step++ {
				g := []float64{2 * x[0], 4 * x[1]}
				if err := o.Step(x, g, step, 0.1, stateOracle{}); err != nil {
					t.Fatal(err)
				}
				st := StateOf(o)
				if len(st) == 0 {
					t.Fatalf("%s: no state", name)
				}
				if poke {
					for _, v := range st {
						v[0] = 1e9
					}
				}
			}
			return x
		}
		if a, b := run(false), run(true); !slices.Equal(a, b) {
			t.Errorf("%s: writing the State copy changed the path: %v vs %v", name, a, b)
		}
	}
}

type stateOracle struct{}

func (stateOracle) Grad(dst, x []float64) { dst[0], dst[1] = 2*x[0], 4*x[1] }
