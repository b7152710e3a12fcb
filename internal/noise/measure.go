package noise

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/problem"
)

// A Measurement is what `optlab noise` reports: the stochastic gradient at
// one point, sampled many times for each batch size. Marshalled to JSON it
// is {"batches": [...], "std": [...], "slope": s} (slope null when there
// was nothing to fit).
type Measurement struct {
	Model   string    // the noise model measured
	At      []float64 // the point x
	Grad    []float64 // ∇f(x) of the true (full) loss
	Samples int       // draws per batch size
	// Examples is finite_sum's N (0 for the other models).
	Examples int
	Batches  []int // the batch sizes m, as given
	// Std[k] is the noise level at Batches[k]: the root-mean-square of
	// ‖ĝ − ∇f(x)‖ over the samples (so the per-component stds add in
	// quadrature to it, up to the sample mean). Exactly 0 at m = N under
	// finite_sum.
	Std []float64
	// CompStd[k][j] is the sample standard deviation (n − 1) of ĝ_j.
	CompStd [][]float64
	// NormStd[k] is the sample standard deviation of ‖ĝ‖.
	NormStd []float64
	// Slope and Intercept are the least-squares line
	// ln Std ≈ Intercept + Slope·ln m, fitted over the batch sizes whose Std
	// is > 0 (m = N under finite_sum has none: it is left out). Expect −1/2
	// for independent examples; under finite_sum sampling without
	// replacement multiplies the variance by (N − m)/(N − 1), which bends the
	// curve down as m approaches N, so fit m ≪ N for the clean slope. NaN
	// when fewer than two distinct batch sizes have Std > 0.
	Slope, Intercept float64
	Fitted           int // batch sizes used in the fit
}

// MarshalJSON writes the contract of `optlab noise --json`.
func (m Measurement) MarshalJSON() ([]byte, error) {
	var slope *float64
	if !math.IsNaN(m.Slope) {
		slope = &m.Slope
	}
	return json.Marshal(struct {
		Batches []int     `json:"batches"`
		Std     []float64 `json:"std"`
		Slope   *float64  `json:"slope"`
	}{m.Batches, m.Std, slope})
}

// Measure samples the stochastic gradient of s under c at the point at,
// samples times for each batch size in batches (c.Batch is ignored). seed
// is the experiment seed (finite_sum's dataset); batch size k is sampled
// from its own stream, DeriveSeed(seed, k), so the estimates at different m
// are independent measurements. Bad input is a *FieldError.
func Measure(s Base, c Config, seed uint64, at []float64, batches []int, samples int) (Measurement, error) {
	return MeasureContext(context.Background(), s, c, seed, at, batches, samples)
}

// MeasureContext is Measure that stops, returning ctx's error, within a
// thousand draws of ctx being cancelled (`optlab noise` on a signal).
func MeasureContext(ctx context.Context, s Base, c Config, seed uint64, at []float64, batches []int, samples int) (Measurement, error) {
	d := s.Dim()
	switch {
	case len(at) != d:
		return Measurement{}, fieldErr("at", "want %d coordinates, got %d", d, len(at))
	case len(batches) == 0:
		return Measurement{}, fieldErr("batches", "need at least one batch size")
	case samples < 2:
		return Measurement{}, fieldErr("samples", "must be ≥ 2, got %d", samples)
	}
	ms := Measurement{
		Model: c.Model, At: append([]float64(nil), at...), Grad: make([]float64, d), Samples: samples,
		Batches: append([]int(nil), batches...), Std: make([]float64, len(batches)),
		CompStd: make([][]float64, len(batches)), NormStd: make([]float64, len(batches)),
	}
	if c.Model == FiniteSum {
		ms.Examples = c.Examples
	}
	gh, sum, sumSq := make([]float64, d), make([]float64, d), make([]float64, d)
	for k, m := range batches {
		cm := c
		cm.Batch = m
		obj, err := New(s, cm, seed)
		if err != nil {
			return Measurement{}, err
		}
		obj.Grad(ms.Grad, at)
		st := problem.StreamOf(obj, DeriveSeed(seed, k))
		clear(sum)
		clear(sumSq)
		var errSq, nMean, nM2 float64
		for i := range samples {
			if i&1023 == 0 && ctx.Err() != nil {
				return Measurement{}, ctx.Err()
			}
			st.Next()
			st.Grad(gh, at)
			var norm2 float64
			for j := range gh {
				e := gh[j] - ms.Grad[j] // deviations from ∇f keep the sums well conditioned
				sum[j] += e
				sumSq[j] += e * e
				errSq += e * e
				norm2 += gh[j] * gh[j]
			}
			norm := math.Sqrt(norm2) // Welford for the std of ‖ĝ‖
			delta := norm - nMean
			nMean += delta / float64(i+1)
			nM2 += delta * (norm - nMean)
		}
		n := float64(samples)
		ms.Std[k] = math.Sqrt(errSq / n)
		ms.CompStd[k] = make([]float64, d)
		for j := range d {
			ms.CompStd[k][j] = math.Sqrt(max(0, (sumSq[j]-sum[j]*sum[j]/n)/(n-1)))
		}
		ms.NormStd[k] = math.Sqrt(max(0, nM2/(n-1)))
	}
	ms.Slope, ms.Intercept, ms.Fitted = fitLogLog(ms.Batches, ms.Std)
	return ms, nil
}

// fitLogLog fits ln y = a + b·ln m by least squares over the points with
// finite y > 0; b and a are NaN unless two distinct m take part.
func fitLogLog(ms []int, ys []float64) (b, a float64, n int) {
	var sx, sy, sxx, sxy float64
	for k, y := range ys {
		if !(y > 0) || math.IsInf(y, 1) || ms[k] < 1 {
			continue
		}
		x, ly := math.Log(float64(ms[k])), math.Log(y)
		sx, sy, sxx, sxy = sx+x, sy+ly, sxx+x*x, sxy+x*ly
		n++
	}
	fn := float64(n)
	den := fn*sxx - sx*sx
	if n < 2 || !(den > 1e-12*fn*sxx) {
		return math.NaN(), math.NaN(), n
	}
	b = (fn*sxy - sx*sy) / den
	return b, (sy - b*sx) / fn, n
}

// String is a one-line summary, e.g. for logs.
func (m Measurement) String() string {
	return fmt.Sprintf("%s noise at %v: slope %.3f over %d batch sizes", m.Model, m.At, m.Slope, m.Fitted)
}
