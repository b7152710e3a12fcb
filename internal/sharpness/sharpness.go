// Package sharpness measures how sharp a minimum is, at an end point x of
// a problem: the largest Hessian eigenvalue λmax, the Hessian's trace, the
// lecture's SAM sharpness max over ‖ε‖₂ ≤ ρ of L(x+ε) − L(x), and Keskar
// et al.'s (2017) box sharpness 100·(max L(x+ε) − L(x))/(1 + L(x)) over
// |ε_i| ≤ ε(|x_i| + 1).
//
// The curvature is exact when the problem is a problem.Hessianer of at
// most Options.ExactDim parameters (gonum's EigenSym on the dense
// Hessian); otherwise λmax comes from Lanczos on problem.HessVecer products
// (iterations and the residual ‖Hv − λv‖ reported) and the trace from n
// products with the unit vectors up to ExactDim parameters, else from
// Hutchinson's estimator with Rademacher vectors (sample count reported,
// seeded through internal/random, so the same seed gives the same bits
// everywhere). The two maximisations are projected gradient ascent with
// backtracking, from several starts.
//
// The package asks the problem for capabilities only; it knows no problem
// kind, flag or file.
package sharpness

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/problem"
)

// Defaults of the zero Options. They bound a network's cost: at most
// Restarts·AscentSteps losses and gradients for each of SAM and Keskar,
// 2·Iterations + 2 gradients for Lanczos (a product is two gradients) and
// 2·Samples for Hutchinson — 80 + 42 + 32 full-batch passes with the
// defaults; the dense path costs 2n gradients for n ≤ ExactDim.
const (
	// DefaultRho is SAM's own default radius (optimizers' sam rho).
	DefaultRho = 0.05
	// DefaultEpsilon is Keskar et al.'s box size.
	DefaultEpsilon = 1e-3
	// DefaultRestarts is the starts of each maximisation (the first from
	// the gradient's direction, the others random).
	DefaultRestarts = 2
	// DefaultAscentSteps bounds the ascent steps of each start (one
	// gradient and one loss each).
	DefaultAscentSteps = 20
	// DefaultExactDim is the most parameters measured with a dense Hessian.
	DefaultExactDim = 500
	// DefaultIterations bounds Lanczos (one Hessian-vector product each).
	DefaultIterations = 20
	// DefaultSamples is Hutchinson's sample count (one product each).
	DefaultSamples = 16
)

// Options tune Measure; a zero field takes its default.
type Options struct {
	Rho         float64 // SAM radius ρ
	Epsilon     float64 // Keskar box ε
	Restarts    int     // starts per maximisation
	AscentSteps int     // ascent steps per start
	// ExactDim is the most parameters for the dense path; a negative value
	// forces Hessian-vector products at every size.
	ExactDim   int
	Iterations int    // Lanczos iterations at most
	Samples    int    // Hutchinson samples
	Seed       uint64 // random starts, Lanczos's start, Hutchinson's vectors
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if o.Rho == 0 {
		o.Rho = DefaultRho
	}
	if o.Epsilon == 0 {
		o.Epsilon = DefaultEpsilon
	}
	def(&o.Restarts, DefaultRestarts)
	def(&o.AscentSteps, DefaultAscentSteps)
	def(&o.ExactDim, DefaultExactDim)
	def(&o.Iterations, DefaultIterations)
	def(&o.Samples, DefaultSamples)
	return o
}

// Validate reports the first bad option, naming it.
func (o Options) Validate() error {
	switch {
	case o.Rho < 0 || math.IsNaN(o.Rho) || math.IsInf(o.Rho, 0):
		return fmt.Errorf("sharpness: rho must be > 0, got %g", o.Rho)
	case o.Epsilon < 0 || math.IsNaN(o.Epsilon) || math.IsInf(o.Epsilon, 0):
		return fmt.Errorf("sharpness: epsilon must be > 0, got %g", o.Epsilon)
	case o.Restarts < 0:
		return fmt.Errorf("sharpness: restarts must be ≥ 1, got %d", o.Restarts)
	case o.AscentSteps < 0:
		return fmt.Errorf("sharpness: ascent_steps must be ≥ 1, got %d", o.AscentSteps)
	case o.Iterations < 0:
		return fmt.Errorf("sharpness: iterations must be ≥ 1, got %d", o.Iterations)
	case o.Samples < 0:
		return fmt.Errorf("sharpness: samples must be ≥ 1, got %d", o.Samples)
	}
	return nil
}

// Methods of the curvature measures.
const (
	Exact      = "exact"      // dense Hessian, gonum EigenSym / its diagonal
	Lanczos    = "lanczos"    // Lanczos on Hessian-vector products
	Hutchinson = "hutchinson" // Rademacher probes of Hessian-vector products
	Diagonal   = "diagonal"   // Σ eᵢᵀHeᵢ from n Hessian-vector products
)

// A Result is the sharpness of one end point.
type Result struct {
	Loss      float64 // L(x)
	LambdaMax float64
	// LambdaMethod is Exact or Lanczos; for Lanczos, Iterations is the
	// products taken and Residual ‖Hv − λv‖ of the reported Ritz pair.
	LambdaMethod string
	Iterations   int
	Residual     float64
	Trace        float64
	// TraceMethod is Exact, Diagonal (n products, for small n without a
	// dense Hessian) or Hutchinson (Samples probes).
	TraceMethod string
	Samples     int
	SAM         float64 // max over ‖ε‖₂ ≤ Rho of L(x+ε) − L(x)
	Rho         float64
	Keskar      float64 // 100·(max over the box of L(x+ε) − L(x))/(1 + L(x))
	Epsilon     float64
	Restarts    int
	AscentSteps int
}

// Measure is the sharpness of p at x. The curvature needs p to be a
// problem.Hessianer or a problem.HessVecer; without either, the
// curvature fields are NaN and the method fields empty.
func Measure(p problem.Objective, x []float64, o Options) (Result, error) {
	if err := o.Validate(); err != nil {
		return Result{}, err
	}
	o = o.withDefaults()
	if len(x) != p.Dim() {
		return Result{}, fmt.Errorf("sharpness: x has %d coordinates, the problem %d", len(x), p.Dim())
	}
	r := Result{Loss: p.Loss(x), Rho: o.Rho, Epsilon: o.Epsilon, Restarts: o.Restarts, AscentSteps: o.AscentSteps,
		LambdaMax: math.NaN(), Trace: math.NaN(), Residual: math.NaN()}
	h, dense := p.(problem.Hessianer)
	hv, products := p.(problem.HessVecer)
	switch {
	case dense && p.Dim() <= o.ExactDim:
		r.LambdaMax, r.Trace = exact(h, x)
		r.LambdaMethod, r.TraceMethod = Exact, Exact
	case products || dense:
		if !products { // too large for EigenSym, and no products: take them from the dense Hessian
			hv = denseProducts{h: h, n: p.Dim()}
		}
		lr := lanczos(hv, x, o.Iterations, o.Seed)
		r.LambdaMax, r.Iterations, r.Residual = lr.lambda, lr.iterations, lr.residual
		r.LambdaMethod = Lanczos
		if p.Dim() <= o.ExactDim {
			r.Trace, r.TraceMethod = diagonal(hv, x), Diagonal
		} else {
			r.Trace, r.TraceMethod, r.Samples = hutchinson(hv, x, o.Samples, o.Seed), Hutchinson, o.Samples
		}
	}
	r.SAM = SAM(p, x, o.Rho, o)
	r.Keskar = Keskar(p, x, o.Epsilon, o)
	return r, nil
}

// String is a one-line account of r's methods.
func (r Result) String() string {
	s := fmt.Sprintf("λmax %s, trace %s", r.LambdaMethod, r.TraceMethod)
	if r.LambdaMethod == Lanczos {
		s += fmt.Sprintf(" (%d iterations, residual %.3g)", r.Iterations, r.Residual)
	}
	if r.TraceMethod == Hutchinson {
		s += fmt.Sprintf(" (%d samples)", r.Samples)
	}
	return s
}
