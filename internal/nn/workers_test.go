package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/optlab/optlab/internal/parallel"
)

// TestWorkersSameBits: training with the gradient split across 2, 3 and 5
// goroutines (every pass split, however small; own goroutines and a shared
// limit; the batch's gradient summed in chunks of 7 rows) gives the bits of one, for
// ReLU and tanh, with and without batch norm and ghost batches, the losses,
// the running statistics and the evaluations included.
func TestWorkersSameBits(t *testing.T) {
	set := moons(t, 300)
	cases := []struct {
		name  string
		spec  Spec
		ghost int
	}{
		{"relu", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{16, 12}, Activation: ReLU}, 0},
		{"tanh-bn", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{10, 9}, Activation: Tanh, BatchNorm: true}, 0},
		{"relu-ghost", Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{16}, Activation: ReLU, BatchNorm: true}, 16},
		{"logistic", Spec{Kind: Logistic, In: 2, Out: 2}, 0},
	}
	for _, c := range cases {
		net := mustNet(t, c.spec)
		train := func(k int, lim *parallel.Limit) []float64 {
			p := NewProblem(net, set, set, 64, c.ghost, true, nil, 3)
			p.Workers = k
			s := p.NewStream(5)
			if lim != nil {
				s.ShareLimit(lim.Do)
			}
			s.w.par.minWork, s.ew.par.minWork = 1, 1 // split even these small passes
			s.w.gradChunk = 7                        // and sum the batch of 64 in 10 chunks
			x := s.Start()
			g := make([]float64, len(x))
			var out []float64
			for step := 0; step < 12; step++ {
				s.Next()
				s.Grad(g, x)
				for i := range x {
					x[i] -= 0.3 * g[i]
				}
				m := s.Metrics(x)
				out = append(out, s.BatchLoss(), s.BatchGradNorm(), m[0], m[1], m[2])
			}
			return append(append(out, x...), s.State()...)
		}
		want := train(1, nil)
		for _, k := range []int{2, 3, 5} {
			for _, lim := range []*parallel.Limit{nil, parallel.New(2)} {
				got := train(k, lim)
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("%s: workers %d (limit %v): value %d is %v, want %v", c.name, k, lim != nil, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// BenchmarkEpochWorkers is one epoch of a 2→64→64→2 ReLU MLP on 8,192
// moons examples at batch 32, 256 and 1024 with the gradient on 1 and 2
// workers; ms/epoch is the metric to set side by side (docs/generalization.md).
func BenchmarkEpochWorkers(b *testing.B) {
	for _, m := range []int{32, 256, 1024} {
		for _, k := range []int{1, 2} {
			b.Run(fmt.Sprintf("m=%d/workers=%d", m, k), func(b *testing.B) {
				benchEpochs(b, 8192, []int{64, 64}, m, k)
			})
		}
	}
}

// TestProblemWorkersSameBits: the whole-set loss, gradient and
// Hessian-vector product that sharpness measures give the bits of one
// worker on k, on goroutines of their own and on a shared limit, and a
// state's copy (AtState) keeps the workers.
func TestProblemWorkersSameBits(t *testing.T) {
	set := moons(t, 2000)
	net := mustNet(t, Spec{Kind: MLP, In: 2, Out: 2, Hidden: []int{16, 12}, Activation: Tanh})
	eval := func(k int, lim *parallel.Limit) []float64 {
		p := NewProblem(net, set, set, 64, 0, true, nil, 3)
		p.Workers = k
		if lim != nil {
			p.ShareLimit(lim.Do)
		}
		q := p.AtState(nil).(*Problem)
		if q.Workers != k {
			t.Fatalf("AtState: workers %d, want %d", q.Workers, k)
		}
		x := p.Start()
		v := make([]float64, len(x))
		for i := range v {
			v[i] = math.Sin(float64(i))
		}
		g, hv := make([]float64, len(x)), make([]float64, len(x))
		q.Grad(g, x)
		q.HessVec(hv, x, v)
		return append(append([]float64{q.Loss(x)}, g...), hv...)
	}
	want := eval(1, nil)
	for _, k := range []int{2, 3} {
		for _, lim := range []*parallel.Limit{nil, parallel.New(2)} {
			got := eval(k, lim)
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("workers %d (limit %v): value %d is %v, want %v", k, lim != nil, i, got[i], want[i])
				}
			}
		}
	}
}
