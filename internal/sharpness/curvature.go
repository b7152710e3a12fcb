package sharpness

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/random"
)

// Tags of the random streams drawn from Options.Seed.
const (
	tagLanczos uint64 = iota + 1
	tagHutchinson
	tagAscent
)

// exact is λmax and the trace of the dense Hessian at x.
func exact(h problem.Hessianer, x []float64) (lambda, trace float64) {
	n := len(x)
	H := mat.NewSymDense(n, nil)
	h.Hessian(H, x)
	var eig mat.EigenSym
	if !eig.Factorize(H, false) {
		return math.NaN(), math.NaN()
	}
	vals := eig.Values(nil) // ascending
	for i := 0; i < n; i++ {
		trace += H.At(i, i)
	}
	return vals[n-1], trace
}

// denseProducts serves products from a dense Hessian, for a problem too
// large for EigenSym that has no products of its own.
type denseProducts struct {
	h problem.Hessianer
	n int
}

func (d denseProducts) HessVec(dst, x, v []float64) {
	H := mat.NewSymDense(d.n, nil)
	d.h.Hessian(H, x)
	mat.NewVecDense(d.n, dst).MulVec(H, mat.NewVecDense(d.n, v))
}

type lanczosResult struct {
	lambda     float64
	iterations int
	residual   float64
}

// lanczos is the largest Ritz value of at most k steps of Lanczos with
// full reorthogonalisation (the products of a network are few and costly;
// keeping the basis orthogonal makes each count), from a Rademacher start.
// It stops when the residual estimate β_j·|y_j| of the top Ritz pair falls
// under 1e-10·max(1, |θ|), and then measures the residual ‖Hv − θv‖ with
// one more product: for a symmetric linear map the two agree, so a
// measured residual far above the estimate says the products themselves
// are not one (a network's are finite differences of its gradient, which
// across a ReLU kink are not linear in v), and more iterations would not
// lower it. Iterations counts every product.
func lanczos(hv problem.HessVecer, x []float64, k int, seed uint64) lanczosResult {
	n := len(x)
	k = min(k, n)
	rng := random.New(seed, tagLanczos)
	q := make([]float64, n)
	for i := range q {
		q[i] = rademacher(rng)
	}
	floats.Scale(1/floats.Norm(q, 2), q)
	basis := [][]float64{q}
	var alpha, beta []float64
	w, v, rw := make([]float64, n), make([]float64, n), make([]float64, n)
	products := 0
	// residual is ‖Hv − θv‖ of the Ritz pair (θ, Q·y), v left normalised.
	residual := func(theta float64, y []float64) float64 {
		clear(v)
		for i := range y {
			floats.AddScaled(v, y[i], basis[i])
		}
		floats.Scale(1/floats.Norm(v, 2), v)
		hv.HessVec(rw, x, v)
		products++
		floats.AddScaled(rw, -theta, v)
		return floats.Norm(rw, 2)
	}
	res := math.NaN()
	var theta float64
	for j := 0; j < k; j++ {
		hv.HessVec(w, x, basis[j])
		products++
		alpha = append(alpha, floats.Dot(w, basis[j]))
		for range 2 { // twice is enough (Kahan–Parlett)
			for _, b := range basis {
				floats.AddScaled(w, -floats.Dot(w, b), b)
			}
		}
		bn := floats.Norm(w, 2)
		var y []float64
		theta, y = topRitz(alpha, beta)
		tol := max(1, math.Abs(theta))
		last := j+1 == k || bn <= 1e-12*tol
		if last || bn*math.Abs(y[j]) <= 1e-10*tol {
			res = residual(theta, y)
			break
		}
		beta = append(beta, bn)
		next := make([]float64, n)
		floats.ScaleTo(next, 1/bn, w)
		basis = append(basis, next)
	}
	return lanczosResult{lambda: theta, iterations: products, residual: res}
}

// topRitz is the largest eigenvalue of the tridiagonal matrix with
// diagonal alpha and off-diagonal beta, and its eigenvector.
func topRitz(alpha, beta []float64) (float64, []float64) {
	m := len(alpha)
	T := mat.NewSymDense(m, nil)
	for i := 0; i < m; i++ {
		T.SetSym(i, i, alpha[i])
		if i+1 < m {
			T.SetSym(i, i+1, beta[i])
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(T, true) {
		return math.NaN(), make([]float64, m)
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	y := make([]float64, m)
	for i := range y {
		y[i] = vecs.At(i, m-1)
	}
	return eig.Values(nil)[m-1], y
}

// hutchinson is the mean of zᵀHz over samples Rademacher vectors z, an
// unbiased estimate of the trace (exact when H is diagonal).
func hutchinson(hv problem.HessVecer, x []float64, samples int, seed uint64) float64 {
	rng := random.New(seed, tagHutchinson)
	n := len(x)
	z, w := make([]float64, n), make([]float64, n)
	var sum float64
	for s := 0; s < samples; s++ {
		for i := range z {
			z[i] = rademacher(rng)
		}
		hv.HessVec(w, x, z)
		sum += floats.Dot(z, w)
	}
	return sum / float64(samples)
}

// diagonal is the trace as Σ eᵢᵀHeᵢ, one product per coordinate: exact
// up to the products' own error.
func diagonal(hv problem.HessVecer, x []float64) float64 {
	n := len(x)
	e, w := make([]float64, n), make([]float64, n)
	var sum float64
	for i := range e {
		e[i] = 1
		hv.HessVec(w, x, e)
		sum += w[i]
		e[i] = 0
	}
	return sum
}

func rademacher(r *random.RNG) float64 {
	if r.IntN(2) == 0 {
		return -1
	}
	return 1
}
