// Package scaling measures how an optimizer's cost grows with the
// dimension n: the time of one step (one gradient of the problem and the
// optimizer's update; Newton's Hessian and Cholesky factorisation
// included), as the median over repeated batches of steps after a warm-up,
// and the bytes of the optimizer's state (optimizers.StateBytesOf). A
// budget keeps it from starting a size whose predicted time or memory
// would exceed it. It is what `optlab scaling` prints and draws; it
// imports no command-line package.
package scaling

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"time"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
)

// A Problem is what is stepped on: an objective with a start (every
// registered surface is one).
type Problem interface {
	problem.Objective
	problem.Starter
}

// A Budget bounds one size of one optimizer; a zero field is no bound.
type Budget struct {
	// Seconds bounds the predicted time of measuring the size: at least
	// MinSteps steps at the step time extrapolated from the smaller sizes.
	Seconds float64
	// Bytes bounds the memory of a step: the optimizer's state (known
	// exactly before anything is allocated, see PredictStateBytes) plus
	// x and the gradient.
	Bytes float64
}

// Options say what to measure. Zero values are the documented defaults.
type Options struct {
	// Optimizers are the methods measured, in order.
	Optimizers []optimizers.Config
	// Dims are the dimensions, measured in ascending order.
	Dims []int
	// Problem builds the problem in n dimensions.
	Problem func(n int) (Problem, error)
	// PerSize is the time aimed at for each optimizer and size
	// (0: DefaultPerSize); a size whose MinSteps steps take longer takes
	// that long.
	PerSize time.Duration
	Budget  Budget
	// Skipped, when set, hears of each size not measured and why (over
	// the budget, or a step that failed).
	Skipped func(optimizer string, dim int, reason string)
}

// Defaults.
const (
	DefaultPerSize = 500 * time.Millisecond
	// MinSteps is the fewest steps a size takes: one warm-up step and
	// three timed ones (a median of three).
	MinSteps = 4
	// maxBatches bounds the repeated batches whose median is reported.
	maxBatches = 15
	// batchTime is the shortest batch timed at once, well above the
	// clock's resolution.
	batchTime = 2 * time.Millisecond
)

// A Measurement is one optimizer at one dimension (the JSON of --json).
type Measurement struct {
	Optimizer      string  `json:"optimizer"`
	Dim            int     `json:"dim"`
	SecondsPerStep float64 `json:"seconds_per_step"`
	NsPerParam     float64 `json:"ns_per_param"`
	StateBytes     int     `json:"state_bytes"`
}

// Run measures every optimizer at every dimension (dimensions outer, so
// each problem is built once) and returns the measurements in that order.
// Only a bad option or a problem that cannot be built is an error; a size
// over the budget or a failing step is reported to Skipped.
func Run(ctx context.Context, o Options) ([]Measurement, error) {
	dims := slices.Clone(o.Dims)
	slices.Sort(dims)
	dims = slices.Compact(dims)
	if len(dims) == 0 || dims[0] < 1 {
		return nil, fmt.Errorf("scaling: dimensions must be ≥ 1, got %v", o.Dims)
	}
	if len(o.Optimizers) == 0 || o.Problem == nil {
		return nil, fmt.Errorf("scaling: need optimizers and a problem")
	}
	per := o.PerSize
	if per <= 0 {
		per = DefaultPerSize
	}
	if s := o.Budget.Seconds; s > 0 && per > time.Duration(s*float64(time.Second)) {
		per = time.Duration(s * float64(time.Second))
	}
	skip := o.Skipped
	if skip == nil {
		skip = func(string, int, string) {}
	}
	type past struct{ dims, secs []float64 }
	history := make([]past, len(o.Optimizers))
	var out []Measurement
	for _, n := range dims {
		var p Problem // built on the first size some optimizer may run
		for i, c := range o.Optimizers {
			if err := ctx.Err(); err != nil {
				return out, err
			}
			state, err := PredictStateBytes(c, n)
			if err != nil {
				return out, err
			}
			if b := o.Budget.Bytes; b > 0 && float64(state+16*n) > b {
				skip(c.Name, n, fmt.Sprintf("state of about %s (plus x and g) is over the budget of %s", Bytes(float64(state)), Bytes(b)))
				continue
			}
			h := history[i]
			if s := o.Budget.Seconds; s > 0 && len(h.dims) > 0 {
				t := predict(h.dims, h.secs, float64(n), optimizers.NeedsOf(c).Hessian)
				if MinSteps*t > s {
					skip(c.Name, n, fmt.Sprintf("%d steps of about %s each (extrapolated from n = %g) are over the budget of %s",
						MinSteps, Seconds(t), h.dims[len(h.dims)-1], Seconds(s)))
					continue
				}
			}
			if p == nil {
				if p, err = o.Problem(n); err != nil {
					return out, err
				}
			}
			m, err := measure(ctx, c, p, per)
			if err != nil {
				if ctx.Err() != nil {
					return out, ctx.Err()
				}
				skip(c.Name, n, err.Error())
				continue
			}
			history[i].dims = append(history[i].dims, float64(n))
			history[i].secs = append(history[i].secs, m.SecondsPerStep)
			out = append(out, m)
		}
	}
	return out, nil
}

// predict extrapolates the step time to n from the last two sizes
// measured (log-log), or from one with the slope of the method's known
// cost (3 with a dense Hessian, else 1); never with a slope below 1, so a
// noisy small size cannot promise a cheap large one.
func predict(dims, secs []float64, n float64, hessian bool) float64 {
	k := len(dims) - 1
	slope := 1.0
	if hessian {
		slope = 3
	}
	if k > 0 {
		slope = math.Max(slope, math.Log(secs[k]/secs[k-1])/math.Log(dims[k]/dims[k-1]))
	}
	return secs[k] * math.Pow(n/dims[k], slope)
}

// PredictStateBytes is the optimizer's state in n dimensions without
// allocating it: state is a polynomial of degree ≤ 2 in n (vectors and
// at most a dense matrix), so Init at n = 1, 2, 3 gives it exactly.
func PredictStateBytes(c optimizers.Config, n int) (int, error) {
	o, err := optimizers.New(c)
	if err != nil {
		return 0, err
	}
	var b [3]int
	for i := range b {
		o.Init(i + 1)
		b[i] = optimizers.StateBytesOf(o)
	}
	// Newton's forward differences from n = 1.
	d1, d2 := b[1]-b[0], b[2]-2*b[1]+b[0]
	m := n - 1
	return b[0] + m*d1 + m*(m-1)/2*d2, nil
}

// measure times steps of c on p: a warm-up, then batches of steps (each
// at least batchTime long) until per has passed, at least three and at
// most maxBatches; x is reset to the start before each batch, outside the
// clock, so no run wanders off or converges to exact zeros (subnormal
// arithmetic would be timed).
func measure(ctx context.Context, c optimizers.Config, p Problem, per time.Duration) (Measurement, error) {
	h, err := optimizers.Resolve(c)
	if err != nil {
		return Measurement{}, err
	}
	o, err := optimizers.New(c)
	if err != nil {
		return Measurement{}, err
	}
	n := p.Dim()
	o.Init(n)
	start := p.Start()
	x, g := slices.Clone(start), make([]float64, n)
	lr := h.LR()
	oracle := oracleOf(p)
	t := 0
	steps := func(k int) error {
		for range k {
			t++
			p.Grad(g, x)
			if err := o.Step(x, g, t, lr, oracle); err != nil {
				return fmt.Errorf("step %d: %w", t, err)
			}
		}
		return nil
	}
	runtime.GC() // the previous size's garbage is not this one's time
	// Warm-up: at least one step and batchTime, which also sizes a batch.
	w0 := time.Now()
	warm := 0
	for warm == 0 || time.Since(w0) < batchTime {
		if err := steps(1); err != nil {
			return Measurement{}, err
		}
		warm++
	}
	est := time.Since(w0).Seconds() / float64(warm)
	k := max(1, int(math.Ceil(batchTime.Seconds()/est)))
	var per1 []float64
	began := time.Now()
	for len(per1) < 3 || (len(per1) < maxBatches && time.Since(began) < per) {
		if err := ctx.Err(); err != nil {
			return Measurement{}, err
		}
		copy(x, start)
		b0 := time.Now()
		if err := steps(k); err != nil {
			return Measurement{}, err
		}
		per1 = append(per1, time.Since(b0).Seconds()/float64(k))
	}
	slices.Sort(per1)
	sec := per1[len(per1)/2]
	return Measurement{Optimizer: c.Name, Dim: n, SecondsPerStep: sec, NsPerParam: sec * 1e9 / float64(n),
		StateBytes: optimizers.StateBytesOf(o)}, nil
}

// hessianOracle serves the Hessian of a problem that has one.
type hessianOracle struct {
	problem.Objective
	problem.Hessianer
}

// oracleOf is p as the optimizers' oracle, with its Hessian when it has one.
func oracleOf(p Problem) optimizers.Oracle {
	if hs, ok := p.(problem.Hessianer); ok {
		return hessianOracle{p, hs}
	}
	return p
}
