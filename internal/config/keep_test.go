package config

import (
	"fmt"
	"testing"
)

// A surface run keeps every coordinate in trace.csv up to MaxTraceCoords
// dimensions and none past it (a 10⁶-D run would write 10⁶ columns a row).
func TestTraceCoordsOfNDRuns(t *testing.T) {
	for _, tc := range []struct {
		dim  int
		none bool
	}{{2, false}, {MaxTraceCoords, false}, {MaxTraceCoords + 1, true}, {100000, true}} {
		yaml := fmt.Sprintf("name: k\nsurface: {name: sphere, dim: %d}\nsteps: 3\noptimizers: [{name: sgd, lr: 0.1}]\n", tc.dim)
		f, err := LoadBytes("k.yaml", []byte(yaml), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		e, err := f.Build()
		if err != nil {
			t.Fatal(err)
		}
		if e.Keep.None != tc.none || e.Keep.Index != nil {
			t.Errorf("dim %d: Keep = %+v, want None %v", tc.dim, e.Keep, tc.none)
		}
	}
}
