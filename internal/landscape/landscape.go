// Package landscape samples a loss along lines and planes through
// parameter space, the pictures of how sharp or flat a network's end point
// is: the linear interpolation from a run's start to its end (Goodfellow,
// Vinyals & Saxe 2015) and 1-D and 2-D slices along random directions
// normalised filter by filter to the weights they perturb (Li et al.
// 2018), so that slices of differently scaled nets are comparable.
//
// The package is numerical only: a loss is a function of the parameters,
// the filters are index ranges, and the random directions are drawn from
// internal/random, so the same seed gives the same bits on every machine.
package landscape

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/random"
)

// A Loss is the function sampled; it must be safe for concurrent use when
// a Do that runs in parallel is given.
type Loss func(x []float64) float64

// A Filter is a half-open range [Lo, Hi) of parameters normalised
// together: one neuron's incoming weights (a row of a Linear layer's W).
// Parameters in no filter — biases, batch-norm γ and β — are zero in every
// direction, as in Li et al.'s code.
type Filter struct{ Lo, Hi int }

// Do runs fn(0), …, fn(jobs−1), possibly in parallel (a parallel.Limit's
// Do); nil runs them in order on the caller.
type Do func(jobs int, fn func(i int))

func (d Do) run(jobs int, fn func(i int)) {
	if d == nil {
		for i := 0; i < jobs; i++ {
			fn(i)
		}
		return
	}
	d(jobs, fn)
}

// tagDirection is the random stream of the directions of one seed.
const tagDirection = 21

// Direction is a random direction at x: Gaussian entries in each filter,
// each filter scaled to the norm of x's weights there (‖d_f‖ = ‖x_f‖, so
// a step α moves every neuron by the same fraction of its own weights),
// zero outside the filters. k numbers the directions of one seed.
func Direction(x []float64, filters []Filter, seed uint64, k int) ([]float64, error) {
	d := make([]float64, len(x))
	r := random.New(seed+uint64(k)*0x9e3779b97f4a7c15, tagDirection)
	for _, f := range filters {
		if f.Lo < 0 || f.Hi > len(x) || f.Lo >= f.Hi {
			return nil, fmt.Errorf("landscape: filter [%d, %d) outside %d parameters", f.Lo, f.Hi, len(x))
		}
		var nd, nx float64
		for i := f.Lo; i < f.Hi; i++ {
			d[i] = normal(r)
			nd += d[i] * d[i]
			nx += x[i] * x[i]
		}
		s := 0.0
		if nd > 0 {
			s = math.Sqrt(nx) / math.Sqrt(nd)
		}
		for i := f.Lo; i < f.Hi; i++ {
			d[i] *= s
		}
	}
	return d, nil
}

// normal is one N(0, 1) draw by Marsaglia's polar method.
func normal(r *random.RNG) float64 {
	for {
		u, v := 2*r.Float()-1, 2*r.Float()-1
		if s := float64(u*u) + float64(v*v); s > 0 && s < 1 { // no fused multiply-add: the same bits everywhere
			return u * math.Sqrt(-2*math.Log(s)/s)
		}
	}
}

// Range is n evenly spaced values from lo to hi, both included.
func Range(lo, hi float64, n int) []float64 {
	if n == 1 {
		return []float64{lo}
	}
	out := make([]float64, n)
	for i := range out {
		out[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	return out
}

// Line is loss(x + α·d) for each α.
func Line(loss Loss, x, d, alphas []float64, do Do) []float64 {
	out := make([]float64, len(alphas))
	do.run(len(alphas), func(i int) {
		p := make([]float64, len(x))
		for k := range x {
			p[k] = x[k] + float64(alphas[i]*d[k])
		}
		out[i] = loss(p)
	})
	return out
}

// Interpolation is loss((1−α)·from + α·to) for each α: α = 0 the start,
// 1 the end, outside [0, 1] beyond them.
func Interpolation(loss Loss, from, to, alphas []float64, do Do) []float64 {
	d := make([]float64, len(from))
	for k := range d {
		d[k] = to[k] - from[k]
	}
	return Line(loss, from, d, alphas, do)
}

// Plane is loss(x + α·d1 + β·d2) on the grid alphas × betas, row-major
// with one row per β (out[j·len(alphas)+i] at alphas[i], betas[j]).
func Plane(loss Loss, x, d1, d2, alphas, betas []float64, do Do) []float64 {
	na := len(alphas)
	out := make([]float64, na*len(betas))
	do.run(len(out), func(c int) {
		a, b := alphas[c%na], betas[c/na]
		p := make([]float64, len(x))
		for k := range x {
			p[k] = x[k] + float64(a*d1[k]) + float64(b*d2[k])
		}
		out[c] = loss(p)
	})
	return out
}
