package optimizers_test

import (
	"testing"

	"github.com/optlab/optlab/internal/optimizers"
)

// State bytes are what Init allocates: none or a few vectors of n for the
// first-order methods (so linear in n), the Hessian and its factorisation
// for newton (at least 2n² floats).
func TestStateBytes(t *testing.T) {
	for _, spec := range optimizers.Specs() {
		c := optimizers.Config{Name: spec.Name}
		if spec.HasBase {
			c.Base = &optimizers.Config{Name: spec.DefaultBase}
		}
		o, err := optimizers.New(c)
		if err != nil {
			t.Fatal(err)
		}
		at := func(n int) int { o.Init(n); return optimizers.StateBytesOf(o) }
		b1, b2, b4 := at(100), at(200), at(400)
		if spec.Needs.Hessian {
			if !(b1 >= 2*8*100*100) || !(float64(b4)/float64(b2) > 3.5) {
				t.Errorf("%s: state %d, %d, %d bytes at n = 100, 200, 400: want ≥ 2·8n², quadratic", spec.Name, b1, b2, b4)
			}
			continue
		}
		if b1 > 8*8*100 || b4-b2 != 2*(b2-b1) {
			t.Errorf("%s: state %d, %d, %d bytes at n = 100, 200, 400: want linear, ≤ 8 vectors", spec.Name, b1, b2, b4)
		}
		if _, ok := o.(optimizers.Stater); ok && b1 == 0 {
			t.Errorf("%s has state to show but counts 0 bytes", spec.Name)
		}
	}
}
