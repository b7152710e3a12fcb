package noise

import (
	"fmt"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/problem"
)

// finiteSum is the empirical-risk model: N examples, f_i(x) = f(x − δ_i)
// with δ_i ~ N(0, s²I) drawn once from the experiment seed, loss
// F(x) = (1/N)Σ f_i(x). A step's gradient and Hessian average the m
// examples of its mini-batch.
//
// Mini-batches are drawn without replacement, epoch by epoch: each epoch is
// a fresh uniform permutation of the N examples cut into consecutive batches
// of m. When fewer than m examples are left in an epoch they are dropped
// (PyTorch's drop_last) and a new epoch starts, so every batch holds exactly
// m distinct examples and the noise level is the one m promises; dropped
// examples come back in later epochs. With m = N every batch is the whole
// set and the stream is deterministic full-batch GD on F.
//
// A batch is summed in increasing example order, the order Grad and
// Loss use, so its gradient depends only on which examples it holds: with
// m = N it equals Grad bit for bit and the measured noise is exactly 0.
type finiteSum struct {
	s     Base
	n, d  int
	m     int
	delta []float64 // δ_i is delta[i*d : (i+1)*d]
	all   []int     // 0, 1, …, N−1
	pool  sync.Pool // *[]float64 scratch of 3d for Loss and Grad
}

func newFiniteSum(s Base, c Config, seed uint64) *finiteSum {
	d := s.Dim()
	f := &finiteSum{s: s, n: c.Examples, d: d, m: c.Batch, delta: make([]float64, c.Examples*d)}
	newRNG(seed, tagDataset).normals(f.delta)
	for i := range f.delta {
		f.delta[i] *= c.Spread
	}
	f.all = make([]int, f.n)
	for i := range f.all {
		f.all[i] = i
	}
	f.pool.New = func() any { b := make([]float64, 3*d); return &b }
	return f
}

func (f *finiteSum) Dim() int { return f.d }

// shift writes x − δ_i into xs.
func (f *finiteSum) shift(xs, x []float64, i int) {
	di := f.delta[i*f.d : (i+1)*f.d]
	for j := range xs {
		xs[j] = x[j] - di[j]
	}
}

// avgGrad writes (1/|idx|)Σ_{i∈idx} ∇f(x − δ_i) into dst; scratch has 3d.
func (f *finiteSum) avgGrad(dst, x []float64, idx []int, scratch []float64) {
	xs, gi, acc := scratch[:f.d], scratch[f.d:2*f.d], scratch[2*f.d:3*f.d]
	clear(acc)
	for _, i := range idx {
		f.shift(xs, x, i)
		f.s.Grad(gi, xs)
		for j, v := range gi {
			acc[j] += v
		}
	}
	k := float64(len(idx))
	for j, v := range acc {
		dst[j] = v / k
	}
}

func (f *finiteSum) Loss(x []float64) float64 {
	b := f.pool.Get().(*[]float64)
	defer f.pool.Put(b)
	xs := (*b)[:f.d]
	var sum float64
	for i := range f.n {
		f.shift(xs, x, i)
		sum += f.s.Loss(xs)
	}
	return sum / float64(f.n)
}

func (f *finiteSum) Grad(dst, x []float64) {
	b := f.pool.Get().(*[]float64)
	defer f.pool.Put(b)
	f.avgGrad(dst, x, f.all, *b)
}

func (f *finiteSum) Stream(seed uint64) problem.Stream {
	st := &finiteSumStream{
		f:       f,
		r:       newRNG(seed, tagStream),
		perm:    slices.Clone(f.all),
		pos:     f.n, // the first Next starts an epoch
		batch:   make([]int, f.m),
		scratch: make([]float64, 3*f.d),
		h:       mat.NewSymDense(f.d, nil),
		hacc:    make([]float64, f.d*f.d),
	}
	return st
}

type finiteSumStream struct {
	f       *finiteSum
	r       *rng
	perm    []int // this epoch's order
	pos     int   // next unused position in perm
	batch   []int // this step's examples, sorted
	drawn   bool
	scratch []float64
	h       *mat.SymDense
	hacc    []float64
}

// Next takes the next m examples of the epoch, starting a new epoch (a fresh
// shuffle) when fewer than m are left.
func (st *finiteSumStream) Next() {
	m := st.f.m
	if st.pos+m > len(st.perm) {
		st.r.Shuffle(st.perm)
		st.pos = 0
	}
	copy(st.batch, st.perm[st.pos:st.pos+m])
	st.pos += m
	slices.Sort(st.batch)
	st.drawn = true
}

// current is this step's batch; before the first Next, all examples (exact).
func (st *finiteSumStream) current() []int {
	if !st.drawn {
		return st.f.all
	}
	return st.batch
}

func (st *finiteSumStream) Grad(dst, x []float64) {
	st.f.avgGrad(dst, x, st.current(), st.scratch)
}

// Hessian writes the average of the batch's Hessians ∇²f(x − δ_i).
func (st *finiteSumStream) Hessian(dst *mat.SymDense, x []float64) {
	d, xs := st.f.d, st.scratch[:st.f.d]
	idx := st.current()
	clear(st.hacc)
	for _, i := range idx {
		st.f.shift(xs, x, i)
		st.f.s.Hessian(st.h, xs)
		for a := range d {
			for b := a; b < d; b++ {
				st.hacc[a*d+b] += st.h.At(a, b)
			}
		}
	}
	k := float64(len(idx))
	for a := range d {
		for b := a; b < d; b++ {
			dst.SetSym(a, b, st.hacc[a*d+b]/k)
		}
	}
}

// WithBatch returns a finite-sum objective that draws batches of m
// examples from the same dataset as obj, sharing its memory, so runs of one
// experiment with different batch sizes cost one dataset. obj must come
// from New with model finite_sum.
func WithBatch(obj problem.Objective, m int) (problem.Objective, error) {
	f, ok := obj.(*finiteSum)
	if !ok {
		return nil, fmt.Errorf("noise: WithBatch needs a finite_sum objective, got %T", obj)
	}
	if m < 1 || m > f.n {
		return nil, fieldErr("batch", "must be in [1, %d], got %d", f.n, m)
	}
	g := &finiteSum{s: f.s, n: f.n, d: f.d, m: m, delta: f.delta, all: f.all}
	g.pool.New = f.pool.New
	return g, nil
}

// ExampleCount is N, the number of examples averaged.
func (f *finiteSum) ExampleCount() int { return f.n }

// GradCost is m: a step's gradient averages m examples.
func (f *finiteSum) GradCost() float64 { return float64(f.m) }

// Hessian is the full-batch Hessian, the average over all N examples.
func (f *finiteSum) Hessian(dst *mat.SymDense, x []float64) {
	f.Stream(0).(*finiteSumStream).Hessian(dst, x) // before its first Next a stream holds every example
}

// maxLandscapeExamples bounds the examples averaged per grid node when a
// finite-sum landscape is drawn (a 120×120 grid costs 14,400·N evaluations).
const maxLandscapeExamples = 4096

// Landscape is what figures draw for runs on obj, a noisy version of s: s
// itself, or under finite_sum the average of its shifted copies in s's
// window with the given (polished) minima marked. Past
// maxLandscapeExamples examples it falls back to s, which is then only an
// approximation of the loss the runs descend.
func Landscape(s interface {
	Base
	problem.Frame
}, obj problem.Objective, minima []problem.Point) problem.Objective {
	fs, ok := obj.(*finiteSum)
	if !ok || fs.n > maxLandscapeExamples {
		return s
	}
	return problem.View{Objective: obj, Frame: s, Marks: minima}
}
