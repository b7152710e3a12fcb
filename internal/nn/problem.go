package nn

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/problem"
)

// A Problem is a net trained on a data set: a problem.Objective whose
// Loss and Grad are the full training loss in evaluation mode, and a
// problem.Stochastic whose streams serve epochs of mini-batches in
// training mode. Batch-norm running statistics are state of a run: they
// live in its Stream, and a run's evaluation-mode metrics are its
// stream's (Stream.Metrics); the Problem's own Loss uses a fresh net's
// statistics (mean 0, variance 1), as torch's eval() before training.
// A Problem holds no run state and is safe for concurrent use.
type Problem struct {
	Net         *Net
	Train, Test *data.Set
	Batch       int  // rows per mini-batch (the last of an epoch may be smaller)
	Ghost       int  // rows per ghost batch (0: none)
	Shuffle     bool // reshuffle every epoch; false takes the rows in order
	// Init, if set, is the start of every run; nil draws torch's default
	// from Seed.
	Init []float64
	Seed uint64
	// Workers splits each mini-batch's gradient (and the run's
	// evaluations) across this many goroutines, with the same bits for
	// any count (Net.Forward); 0 and 1 mean none.
	Workers int

	stats *Stats
	pool  sync.Pool
	do    func(jobs int, fn func(i int)) // the command's worker limit (ShareLimit), or nil
}

var (
	_ problem.Objective   = (*Problem)(nil)
	_ problem.Stochastic  = (*Problem)(nil)
	_ problem.HessVecer   = (*Problem)(nil)
	_ problem.Hessianer   = (*Problem)(nil)
	_ problem.Coster      = (*Problem)(nil)
	_ problem.Starter     = (*Problem)(nil)
	_ problem.LimitSharer = (*Problem)(nil)
)

// NewProblem builds the problem; batch must be in 1..train.N.
func NewProblem(net *Net, train, test *data.Set, batch, ghost int, shuffle bool, init []float64, seed uint64) *Problem {
	return &Problem{Net: net, Train: train, Test: test, Batch: batch, Ghost: ghost, Shuffle: shuffle,
		Init: init, Seed: seed, stats: net.NewStats()}
}

// Dim is the number of parameters.
func (p *Problem) Dim() int { return p.Net.n }

func (p *Problem) work() *Work {
	if w, ok := p.pool.Get().(*Work); ok {
		return w
	}
	w := &Work{}
	w.SetWorkers(p.Workers, p.do)
	return w
}

// ShareLimit runs the passes of Loss, Grad and HessVec (the whole
// training set; what sharpness measures) on p.Workers workers through do,
// a worker limit's Do (nil: goroutines of their own), as Stream.ShareLimit
// does a run's. Call it before p is used concurrently.
func (p *Problem) ShareLimit(do func(jobs int, fn func(i int))) {
	p.do = do
	p.pool = sync.Pool{}
}

// Loss is the full training loss in evaluation mode.
func (p *Problem) Loss(x []float64) float64 {
	w := p.work()
	defer p.pool.Put(w)
	l, _ := p.Net.Evaluate(w, x, p.Train, p.stats)
	return l
}

// Grad is the gradient of Loss.
func (p *Problem) Grad(dst, x []float64) {
	w := p.work()
	defer p.pool.Put(w)
	p.Net.FullGrad(w, dst, x, p.Train, p.stats)
}

// HessVec is ∇²Loss(x)·v by central differences of Grad,
//
//	Hv ≈ (∇f(x + h·v) − ∇f(x − h·v)) / 2h,  h = ε^⅓·max(1, ‖x‖)/‖v‖,
//
// whose error is O(h²·‖∇³f‖) + O(ε/h) — about 1e-10 relative for smooth
// models (tanh, linear, logistic); at a ReLU kink the product is that of
// one side.
func (p *Problem) HessVec(dst, x, v []float64) {
	hessVec(p.Grad, dst, x, v)
}

func hessVec(grad func(dst, x []float64), dst, x, v []float64) {
	var nx, nv float64
	for i := range x {
		nx += x[i] * x[i]
		nv += v[i] * v[i]
	}
	if nv == 0 {
		for i := range dst {
			dst[i] = 0
		}
		return
	}
	h := math.Cbrt(0x1p-52) * max(1, math.Sqrt(nx)) / math.Sqrt(nv)
	xp, xm, gm := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
	for i := range x {
		xp[i], xm[i] = x[i]+h*v[i], x[i]-h*v[i]
	}
	grad(dst, xp)
	grad(gm, xm)
	for i := range dst {
		dst[i] = (dst[i] - gm[i]) / (2 * h)
	}
}

// ExampleCount is the number of training examples, what one full-batch
// gradient costs (problem.Sized).
func (p *Problem) ExampleCount() int { return p.Train.N }

// GradCost is one mini-batch's examples (for the work limits).
func (p *Problem) GradCost() float64 { return float64(p.Batch) }

// Start is the init file's parameters, or torch's default init drawn
// from Seed (a run's stream draws its own, from its seed: Stream.Start).
func (p *Problem) Start() []float64 {
	if p.Init != nil {
		return append([]float64(nil), p.Init...)
	}
	return p.Net.Init(p.Seed)
}

// StepsPerEpoch is ⌈train examples / batch⌉.
func (p *Problem) StepsPerEpoch() int { return (p.Train.N + p.Batch - 1) / p.Batch }

// evalRows bounds the rows of one evaluation pass (evaluation mode treats
// rows independently, so the set is taken in blocks).
const evalRows = 256

// Evaluate is the mean loss and the accuracy (NaN for regression) of the
// net on s in evaluation mode with statistics st. The set is taken in
// blocks of evalRows; with w's workers the blocks are shared among them
// (each on a Work of its own, in one hand-off) and their losses summed in
// block order after, so the bits are those of one worker.
func (n *Net) Evaluate(w *Work, x []float64, s *data.Set, st *Stats) (loss, acc float64) {
	blocks := (s.N + evalRows - 1) / evalRows
	sums, hits := w.evalSlots(blocks)
	block := func(w *Work, j int) {
		lo := j * evalRows
		m := min(evalRows, s.N-lo)
		sums[j] = n.Forward(w, x, s.X[lo*s.D:], s.Y[lo:], m, false, 0, st, false) * float64(m)
		if !n.mse {
			hits[j] = n.Correct(w, s.Y[lo:])
		}
	}
	if w.blocks(s.N*n.rowWork(), blocks) == 1 {
		for j := range blocks {
			block(w, j)
		}
	} else {
		w.run(blocks, func(j int) {
			sub := w.subs.take()
			block(sub, j)
			w.subs.put(sub)
		})
	}
	var sum float64
	correct := 0
	for j := range blocks {
		sum += sums[j]
		correct += hits[j]
	}
	acc = math.NaN()
	if !n.mse {
		acc = float64(correct) / float64(s.N)
	}
	return sum / float64(s.N), acc
}

// FullGrad is the gradient of the mean loss on s in evaluation mode.
func (n *Net) FullGrad(w *Work, dst, x []float64, s *data.Set, st *Stats) {
	// One pass: the eval-mode loss is a mean over independent rows.
	n.Gradient(w, dst, x, s.X, s.Y, s.N, false, 0, st, false)
}

// A Stream is one run's mini-batches and its batch-norm statistics. Next
// takes the next batch of the epoch (a new epoch reshuffles, from the
// run's seed); the first Grad after Next is the training forward pass of
// that batch — it moves the running statistics and records the batch
// loss — and later Grads on the same batch (SAM's ascent point, a
// lookahead) leave the statistics alone, as in the SAM paper's code.
type Stream struct {
	p        *Problem
	rng      *data.RNG
	perm     []int
	pos      int
	batch    []int
	xb, yb   []float64
	st       *Stats
	w, ew    Work
	fresh    bool
	loss     float64 // the last batch's loss, at the parameters before its update
	gnorm    float64 // the norm of its gradient
	seed     uint64
	measured *Stats // the statistics at the last Measure
	drawn    int    // batches drawn
	evalKey  []float64
	evalAt   int
	metrics  [4]float64
}

var (
	_ problem.Meter       = (*Stream)(nil)
	_ problem.Starter     = (*Stream)(nil)
	_ problem.LimitSharer = (*Stream)(nil)
)

// Stream returns the mini-batch stream of one run.
func (p *Problem) Stream(seed uint64) problem.Stream { return p.NewStream(seed) }

// NewStream is Stream with its concrete type.
func (p *Problem) NewStream(seed uint64) *Stream {
	s := &Stream{p: p, rng: data.NewRNG(seed, data.TagShuffle), st: p.Net.NewStats(), seed: seed,
		perm: make([]int, p.Train.N), pos: p.Train.N, evalAt: -1}
	for i := range s.perm {
		s.perm[i] = i
	}
	s.xb = make([]float64, p.Batch*p.Train.D)
	s.yb = make([]float64, p.Batch)
	s.ShareLimit(nil)
	return s
}

// ShareLimit runs the stream's split passes through do, a worker limit's
// Do (nil: on goroutines of their own); problem.LimitSharer.
func (s *Stream) ShareLimit(do func(jobs int, fn func(i int))) {
	s.w.SetWorkers(s.p.Workers, do)
	s.ew.SetWorkers(s.p.Workers, do)
}

// Next draws the next mini-batch.
func (s *Stream) Next() {
	n := s.p.Train.N
	if s.pos >= n {
		if s.p.Shuffle {
			s.rng.Shuffle(s.perm)
		}
		s.pos = 0
	}
	hi := min(s.pos+s.p.Batch, n)
	s.batch = s.perm[s.pos:hi]
	d := s.p.Train.D
	for k, i := range s.batch {
		copy(s.xb[k*d:(k+1)*d], s.p.Train.Row(i))
		s.yb[k] = s.p.Train.Y[i]
	}
	s.pos = hi
	s.fresh = true
	s.drawn++
}

// Grad is the gradient of the current batch's loss in training mode
// (before the first Next: of the whole training set, statistics kept).
func (s *Stream) Grad(dst, x []float64) {
	if s.batch == nil {
		s.p.Net.Gradient(&s.w, dst, x, s.p.Train.X, s.p.Train.Y, s.p.Train.N, true, s.p.Ghost, s.st, false)
		return
	}
	m := len(s.batch)
	l := s.p.Net.Gradient(&s.w, dst, x, s.xb, s.yb, m, true, s.p.Ghost, s.st, s.fresh)
	if s.fresh {
		s.loss, s.gnorm, s.fresh = l, norm(dst), false
	}
}

// Measure is what the lab records after update t (problem.Meter): the
// loss of batch t at the parameters before update t and its gradient's
// norm; at t = 0 the evaluation-mode training loss and its gradient's
// norm at the start.
func (s *Stream) Measure(t int, x []float64) (loss, gradNorm float64) {
	// The state of the measured point: the lab draws the next batch (and
	// moves the statistics) after measuring, also after the last update.
	if s.measured == nil {
		s.measured = s.p.Net.NewStats()
	}
	s.measured.CopyFrom(s.st)
	if t == 0 || s.drawn == 0 || s.fresh {
		g := make([]float64, len(x))
		s.FullGrad(g, x)
		return s.Loss(x), norm(g)
	}
	return s.loss, s.gnorm
}

// BatchGradNorm is the norm of the last batch's gradient (NaN before any).
func (s *Stream) BatchGradNorm() float64 {
	if s.drawn == 0 || s.fresh {
		return math.NaN()
	}
	return s.gnorm
}

// Start is the run's init: the init file's, else torch's default drawn
// from the run's seed, so every repeat starts from its own init.
func (s *Stream) Start() []float64 {
	if s.p.Init != nil {
		return append([]float64(nil), s.p.Init...)
	}
	return s.p.Net.Init(s.seed)
}

// Epoch is the number of epochs t updates make.
func (s *Stream) Epoch(t int) float64 { return float64(t) / float64(s.p.StepsPerEpoch()) }

// EvalDue reports whether evaluation-mode metrics are due after update t
// with one evaluation every `every` updates (0: once an epoch).
func (s *Stream) EvalDue(t, every int) bool {
	if every <= 0 {
		every = s.p.StepsPerEpoch()
	}
	return t%every == 0
}

// BatchLoss is the loss of the last batch drawn, in training mode at the
// parameters its first Grad saw (NaN before any).
func (s *Stream) BatchLoss() float64 {
	if s.drawn == 0 || s.fresh {
		return math.NaN()
	}
	return s.loss
}

// Drawn is the number of batches drawn so far.
func (s *Stream) Drawn() int { return s.drawn }

// Stats is the run's batch-norm running statistics (live).
func (s *Stream) Stats() *Stats { return s.st }

// Metrics are the run's evaluation-mode train loss, test loss, train
// accuracy and test accuracy at x with its running statistics (the
// accuracies NaN for regression, the test values NaN without a test set);
// repeated calls at the same x and statistics are served from a cache.
func (s *Stream) Metrics(x []float64) [4]float64 {
	if s.evalAt == s.drawn && equal(s.evalKey, x) && !s.fresh {
		return s.metrics
	}
	var m [4]float64
	m[0], m[2] = s.p.Net.Evaluate(&s.ew, x, s.p.Train, s.st)
	m[1], m[3] = math.NaN(), math.NaN()
	if s.p.Test != nil && s.p.Test.N > 0 {
		m[1], m[3] = s.p.Net.Evaluate(&s.ew, x, s.p.Test, s.st)
	}
	s.metrics, s.evalAt = m, s.drawn
	s.evalKey = append(s.evalKey[:0], x...)
	return m
}

// Loss is the run's evaluation-mode training loss at x.
func (s *Stream) Loss(x []float64) float64 { return s.Metrics(x)[0] }

// FullGrad is the gradient of Loss: the whole training set in evaluation
// mode with the run's statistics.
func (s *Stream) FullGrad(dst, x []float64) {
	s.p.Net.FullGrad(&s.ew, dst, x, s.p.Train, s.st)
}

func norm(v []float64) float64 {
	var s float64
	for _, a := range v {
		s += a * a
	}
	return math.Sqrt(s)
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// State is the run's batch-norm statistics at the last measured point,
// flat: every layer's running means, then every layer's running variances
// (problem.StateKeeper).
func (s *Stream) State() []float64 {
	st := s.st
	if s.measured != nil {
		st = s.measured
	}
	var out []float64
	for _, m := range st.Mean {
		out = append(out, m...)
	}
	for _, v := range st.Var {
		out = append(out, v...)
	}
	return out
}

// statsFrom unflattens State's layout (nil: a fresh net's statistics).
func (n *Net) statsFrom(flat []float64) *Stats {
	st := n.NewStats()
	if len(flat) == 0 {
		return st
	}
	k := 0
	for _, m := range st.Mean {
		k += copy(m, flat[k:])
	}
	for _, v := range st.Var {
		k += copy(v, flat[k:])
	}
	return st
}

// Examples are the 2-D classification inputs (problem.Classifier2D).
func (p *Problem) Examples() (train, test []float64, trainY, testY []int, ok bool) {
	if p.Train.D != 2 || p.Train.Classes == 0 {
		return nil, nil, nil, nil, false
	}
	ints := func(y []float64) []int {
		out := make([]int, len(y))
		for i, v := range y {
			out[i] = int(v)
		}
		return out
	}
	train, trainY = p.Train.X, ints(p.Train.Y)
	if p.Test != nil {
		test, testY = p.Test.X, ints(p.Test.Y)
	}
	return train, test, trainY, testY, true
}

// Classify is the evaluation-mode class of each point (n×D) under x and
// the batch-norm statistics state (Stream.State's layout).
func (p *Problem) Classify(dst []int, x, state, pts []float64) {
	st := p.Net.statsFrom(state)
	var w Work
	d, K := p.Net.spec.In, p.Net.spec.Out
	n := len(pts) / d
	zeros := make([]float64, evalRows)
	for lo := 0; lo < n; lo += evalRows {
		m := min(evalRows, n-lo)
		p.Net.Forward(&w, x, pts[lo*d:], zeros, m, false, 0, st, false)
		z := p.Net.Logits(&w)
		for r := 0; r < m; r++ {
			best := 0
			for k := 1; k < K; k++ {
				if z[r*K+k] > z[r*K+best] {
					best = k
				}
			}
			dst[lo+r] = best
		}
	}
}

// hessianOf builds the dense Hessian column by column from hessVec of
// grad (n gradient pairs: for tiny models, such as Newton on logistic
// regression), symmetrised.
func hessianOf(grad func(dst, x []float64), dst *mat.SymDense, x []float64) {
	n := len(x)
	e, col := make([]float64, n), make([]float64, n)
	cols := mat.NewDense(n, n, nil)
	for j := 0; j < n; j++ {
		e[j] = 1
		hessVec(grad, col, x, e)
		e[j] = 0
		cols.SetCol(j, col)
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			dst.SetSym(i, j, (cols.At(i, j)+cols.At(j, i))/2)
		}
	}
}

// Hessian is ∇²Loss(x) from HessVec columns (see HessVec for the error).
func (p *Problem) Hessian(dst *mat.SymDense, x []float64) { hessianOf(p.Grad, dst, x) }

// Hessian is the Hessian of the current batch's training-mode loss, from
// central differences of its gradient; like every query after the first,
// it leaves the running statistics alone.
func (s *Stream) Hessian(dst *mat.SymDense, x []float64) {
	if s.fresh { // the batch's first pass belongs to its gradient
		g := make([]float64, len(x))
		s.Grad(g, x)
	}
	hessianOf(s.Grad, dst, x)
}

var _ problem.Sized = (*Problem)(nil)
