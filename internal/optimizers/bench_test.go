package optimizers

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// quadOracle is ½‖x‖²: the gradient is x itself.
type quadOracle struct{}

func (quadOracle) Grad(dst, x []float64)                  { copy(dst, x) }
func (quadOracle) Hessian(dst *mat.SymDense, _ []float64) {}

// BenchmarkStep times one update of each first-order optimizer (every
// spec without a dense Hessian or a base) on a
// million parameters; ns/op ÷ 10⁶ is the ns per parameter that
// bench/torch_step.py reports for torch.optim (float64, one thread).
func BenchmarkStep(b *testing.B) {
	const n = 1 << 20
	for _, spec := range Specs() {
		if spec.Needs.Hessian || spec.HasBase {
			continue
		}
		name := spec.Name
		b.Run(name, func(b *testing.B) {
			opt, err := New(Config{Name: name})
			if err != nil {
				b.Fatal(err)
			}
			opt.Init(n)
			x, g := make([]float64, n), make([]float64, n)
			for i := range x {
				x[i], g[i] = 1+float64(i%7), 0.5-float64(i%3)
			}
			b.SetBytes(8 * n)
			t := 0
			for b.Loop() {
				t++
				if err := opt.Step(x, g, t, 1e-3, quadOracle{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
