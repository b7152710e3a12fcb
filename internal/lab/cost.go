package lab

import (
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
	"gonum.org/v1/gonum/mat"
)

// counter tallies what a run's updates cost: the gradient each update
// is given, every further oracle query (Nesterov's lookahead, SAM's ascent
// point), every Hessian, and the examples those gradients averaged. The
// measurements the lab takes for the trace (the true loss and gradient at
// each recorded point) are not counted: they are the lab's, not the
// method's.
type counter struct {
	grads, hessians int64
	examples        float64
	batch, full     float64 // examples in one stream gradient, one exact one
}

func newCounter(obj problem.Objective) *counter {
	c := &counter{batch: problem.GradCost(obj), full: problem.GradCost(obj)}
	if s, ok := obj.(problem.Sized); ok {
		c.full = float64(s.ExampleCount())
	}
	return c
}

// update counts the gradient an update is given: a stream's (a batch) or
// the exact one.
func (c *counter) update(noisy bool) {
	c.grads++
	if noisy {
		c.examples += c.batch
	} else {
		c.examples += c.full
	}
}

func (c *counter) cost() trace.Cost {
	return trace.Cost{GradEvals: c.grads, HessianEvals: c.hessians, Examples: c.examples}
}

// countingOracle passes queries on to the run's oracle and counts them; it
// answers Hessian queries only when the oracle it wraps does, so the
// optimizer sees the same capabilities.
type countingOracle struct {
	inner optimizers.Oracle
	c     *counter
	each  float64 // examples per gradient query
}

func (o *countingOracle) Grad(dst, x []float64) {
	o.c.grads++
	o.c.examples += o.each
	o.inner.Grad(dst, x)
}

type countingHessianOracle struct {
	countingOracle
	h optimizers.HessianOracle
}

func (o *countingHessianOracle) Hessian(dst *mat.SymDense, x []float64) {
	o.c.hessians++
	o.h.Hessian(dst, x)
}

var (
	_ optimizers.Oracle        = (*countingOracle)(nil)
	_ optimizers.HessianOracle = (*countingHessianOracle)(nil)
)

// counting wraps oracle so that c sees its queries; each is what one
// gradient query costs in examples.
func counting(oracle optimizers.Oracle, c *counter, each float64) optimizers.Oracle {
	o := countingOracle{inner: oracle, c: c, each: each}
	if h, ok := oracle.(optimizers.HessianOracle); ok {
		return &countingHessianOracle{countingOracle: o, h: h}
	}
	return &o
}
