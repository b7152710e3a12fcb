package nn

import (
	"testing"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/optimizers"
)

// BenchmarkEpoch is one epoch of a 2→32→32→2 ReLU MLP on 10,000 moons
// examples, batch 32 (313 steps), plain SGD: the peer of
// bench/torch_epoch.py, which times the same loop in PyTorch on one
// thread (see bench/README.md).
func BenchmarkEpoch(b *testing.B) {
	benchEpochs(b, 10000, []int{32, 32}, 32, 1)
}

// benchEpochs times epochs of plain SGD (lr 0.1) on a ReLU MLP 2→hidden→2
// over n two-moons examples at batch m, the gradient on k workers, and
// reports ms/epoch.
func benchEpochs(b *testing.B, n int, hidden []int, m, k int) {
	b.Helper()
	spec, _ := data.Lookup("moons")
	set, _ := spec.Gen(data.Params{Examples: n, Noise: 0.2}, 1)
	net, err := New(Spec{Kind: MLP, In: 2, Out: 2, Hidden: hidden, Activation: ReLU})
	if err != nil {
		b.Fatal(err)
	}
	p := NewProblem(net, set, nil, m, 0, true, nil, 1)
	p.Workers = k
	s := p.NewStream(1)
	opt, _ := optimizers.New(optimizers.Config{Name: "sgd", Values: map[string]float64{"lr": 0.1}})
	x := p.Start()
	g := make([]float64, len(x))
	opt.Init(len(x))
	steps := p.StepsPerEpoch()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for t := 1; t <= steps; t++ {
			s.Next()
			s.Grad(g, x)
			if err := opt.Step(x, g, t, 0.1, s); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/epoch")
}
