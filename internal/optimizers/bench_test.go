package optimizers

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// quadOracle is ½‖x‖²: the gradient is x itself.
type quadOracle struct{}

func (quadOracle) Grad(dst, x []float64)                  { copy(dst, x) }
func (quadOracle) Hessian(dst *mat.SymDense, _ []float64) {}

// firstOrder lists every optimizer config the step benchmark and the
// allocation test run: each spec without a dense Hessian at its defaults
// (sam around its default base, sgd), and momentum's other forms.
func firstOrder() []Config {
	var out []Config
	for _, spec := range Specs() {
		if spec.Needs.Hessian {
			continue
		}
		c := Config{Name: spec.Name}
		if spec.HasBase {
			c.Base = &Config{Name: spec.DefaultBase}
		}
		out = append(out, c)
	}
	for _, form := range []string{"ewma", "standard"} {
		out = append(out, Config{Name: "momentum", Choices: map[string]string{"form": form}})
	}
	return out
}

func configLabel(c Config) string {
	if f := c.Choices["form"]; f != "" {
		return c.Name + "-" + f
	}
	return c.Name
}

// BenchmarkStep times one update of each first-order optimizer at
// n = 10³ … 10⁷ parameters and reports ns/param (ns per parameter per
// step), the unit bench/torch_step.py prints for torch.optim (float64, one
// thread; it too steps twice before timing). Oracle optimizers (nesterov,
// sam) include their gradient query
// on ½‖x‖² (a copy).
func BenchmarkStep(b *testing.B) {
	for _, cfg := range firstOrder() {
		for _, n := range []int{1e3, 1e4, 1e5, 1e6, 1e7} {
			b.Run(fmt.Sprintf("%s/n=%d", configLabel(cfg), n), func(b *testing.B) {
				opt, err := New(cfg)
				if err != nil {
					b.Fatal(err)
				}
				x, g := make([]float64, n), make([]float64, n)
				for i := range x {
					x[i], g[i] = 1+float64(i%7), 0.5-float64(i%3)
				}
				// One untimed step touches the state's fresh pages (a first
				// touch costs the OS a page fault and a zeroing, once per
				// run); Init then zeroes the state again in the same storage.
				opt.Init(n)
				if err := opt.Step(x, g, 1, 1e-3, quadOracle{}); err != nil {
					b.Fatal(err)
				}
				opt.Init(n)
				t := 0
				for b.Loop() {
					t++
					if err := opt.Step(x, g, t, 1e-3, quadOracle{}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
			})
		}
	}
}
