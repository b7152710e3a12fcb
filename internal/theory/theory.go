// Package theory puts the classical results on quadratics next to what
// optlab's optimizers do: from the Hessian at a minimum it derives the
// condition number, GD's stability limit and optimal step, heavy-ball's
// optimal rate and momentum, and Nesterov's rate; on a quadratic it runs
// the optimizers at those settings through the lab and measures the
// rates and GD's divergence threshold. On other problems the same
// quantities are local: those of the quadratic model at the minimum.
package theory

import (
	"encoding/json"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// Quantities are the predictions from the Hessian's spectrum. Rates are
// per-step contraction factors of the distance to the minimum.
type Quantities struct {
	Local       bool      `json:"local"` // from the Hessian at a minimum of a non-quadratic
	At          []float64 `json:"at"`    // the minimum
	Eigenvalues []float64 `json:"eigenvalues"`
	LambdaMin   float64   `json:"lambda_min"`
	LambdaMax   float64   `json:"lambda_max"`
	Kappa       float64   `json:"kappa"`
	// GD: stable for lr < 2/λmax; optimal lr 2/(λmin+λmax), rate (κ−1)/(κ+1).
	GDStableLR  float64 `json:"gd_stable_lr"`
	GDOptimalLR float64 `json:"gd_optimal_lr"`
	GDRate      float64 `json:"gd_rate"`
	// Heavy ball x ← x − α∇f + β(x − x₋): α* = (2/(√λmax+√λmin))²,
	// β* = ((√κ−1)/(√κ+1))², rate √β*. PyTorch's momentum (and optlab's
	// common form) is heavy ball with lr = α, momentum = β.
	HBLR       float64 `json:"hb_lr"`
	HBMomentum float64 `json:"hb_momentum"`
	HBRate     float64 `json:"hb_rate"`
	// Nesterov with lr 1/λmax and momentum (√κ−1)/(√κ+1): rate 1 − 1/√κ.
	NesterovLR       float64 `json:"nesterov_lr"`
	NesterovMomentum float64 `json:"nesterov_momentum"`
	NesterovRate     float64 `json:"nesterov_rate"`
}

// FromHessian derives the quantities from a positive definite Hessian.
func FromHessian(h mat.Symmetric, at []float64, local bool) (Quantities, error) {
	var eig mat.EigenSym
	if !eig.Factorize(h, false) {
		return Quantities{}, fmt.Errorf("theory: eigendecomposition of the Hessian failed")
	}
	ev := eig.Values(nil)
	lmin, lmax := ev[0], ev[len(ev)-1]
	if !(lmin > 0) {
		return Quantities{}, fmt.Errorf("theory: the Hessian at %v is not positive definite (λmin = %g): no rates to predict", at, lmin)
	}
	k := lmax / lmin
	sk := math.Sqrt(k)
	q := Quantities{
		Local: local, At: append([]float64(nil), at...), Eigenvalues: ev,
		LambdaMin: lmin, LambdaMax: lmax, Kappa: k,
		GDStableLR: 2 / lmax, GDOptimalLR: 2 / (lmin + lmax), GDRate: (k - 1) / (k + 1),
		HBLR:       math.Pow(2/(math.Sqrt(lmax)+math.Sqrt(lmin)), 2),
		HBMomentum: math.Pow((sk-1)/(sk+1), 2),
		NesterovLR: 1 / lmax, NesterovMomentum: (sk - 1) / (sk + 1), NesterovRate: 1 - 1/sk,
	}
	q.HBRate = math.Sqrt(q.HBMomentum)
	return q, nil
}

// A Target is a problem with its Hessian and the minimum to measure from.
type Target interface {
	problem.Objective
	problem.Hessianer
}

// IsQuadratic reports whether p's Hessian is the same at the given points
// (to 1e-12 relative): then the predictions hold globally.
func IsQuadratic(p Target, points ...[]float64) bool {
	n := p.Dim()
	h0, h := mat.NewSymDense(n, nil), mat.NewSymDense(n, nil)
	p.Hessian(h0, points[0])
	scale := mat.Norm(h0, math.Inf(1))
	for _, x := range points[1:] {
		p.Hessian(h, x)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				if math.Abs(h.At(i, j)-h0.At(i, j)) > 1e-12*math.Max(1, scale) {
					return false
				}
			}
		}
	}
	return true
}

// An Observation is one optimizer run at the predicted settings.
type Observation struct {
	Method    string  `json:"method"`
	Optimizer string  `json:"optimizer"`
	LR        float64 `json:"lr"`
	Momentum  float64 `json:"momentum,omitempty"`
	Predicted float64 `json:"predicted_rate"`
	Observed  float64 `json:"observed_rate"`
	// RelErr is |observed − predicted|/predicted.
	RelErr float64 `json:"rel_err"`
	Steps  int     `json:"steps"`
	// Loss is f − f* per step (for the figure).
	Loss []float64 `json:"-"`
}

// Observe runs GD, heavy ball and Nesterov at the predicted settings from
// start on p (whose minimum is q.At) and measures each rate as the
// geometric mean contraction of ‖x − x*‖ over the second half of the run.
// The run is long enough for the predicted rate to shrink the distance by
// 1e-10 (at most maxSteps).
func Observe(p Target, q Quantities, start []float64, maxSteps int) ([]Observation, error) {
	runs := []Observation{
		{Method: "GD (optimal lr)", Optimizer: "sgd", LR: q.GDOptimalLR, Predicted: q.GDRate},
		{Method: "heavy ball (optimal α, β)", Optimizer: "momentum", LR: q.HBLR, Momentum: q.HBMomentum, Predicted: q.HBRate},
		{Method: "Nesterov (lr 1/λmax)", Optimizer: "nesterov", LR: q.NesterovLR, Momentum: q.NesterovMomentum, Predicted: q.NesterovRate},
	}
	fstar := p.Loss(q.At)
	for i := range runs {
		o := &runs[i]
		steps := maxSteps
		if o.Predicted > 0 && o.Predicted < 1 {
			steps = min(maxSteps, max(40, int(math.Ceil(math.Log(1e-10)/math.Log(o.Predicted)))))
		}
		cfg := optimizers.Config{Name: o.Optimizer, Values: map[string]float64{"lr": o.LR}}
		if o.Optimizer != "sgd" {
			cfg.Values["momentum"] = o.Momentum
		}
		dist, loss, err := run(p, cfg, o.LR, start, q.At, steps)
		if err != nil {
			return nil, err
		}
		o.Steps = len(dist) - 1
		o.Loss = make([]float64, len(loss))
		for k, v := range loss {
			o.Loss[k] = v - fstar
		}
		o.Observed = observedRate(dist)
		o.RelErr = math.Abs(o.Observed-o.Predicted) / o.Predicted
	}
	return runs, nil
}

// observedRate is (d_K/d_{K/2})^{1/(K−K/2)}, ignoring points where the
// distance has reached the floor of float64 (0).
func observedRate(d []float64) float64 {
	k := len(d) - 1
	for k > 0 && !(d[k] > 0) {
		k--
	}
	h := k / 2
	if k-h < 1 || !(d[h] > 0) {
		return math.NaN()
	}
	return math.Pow(d[k]/d[h], 1/float64(k-h))
}

// run drives one optimizer through the lab's stepper (what `optlab run`
// does) and returns ‖x_k − x*‖ and f(x_k) for k = 0…steps (shorter if it
// diverged).
func run(p Target, cfg optimizers.Config, lr float64, start, xstar []float64, steps int) (dist, loss []float64, err error) {
	err = walk(p, cfg, lr, start, steps, func(x []float64) {
		var v float64
		for i := range x {
			v += (x[i] - xstar[i]) * (x[i] - xstar[i])
		}
		dist, loss = append(dist, math.Sqrt(v)), append(loss, p.Loss(x))
	})
	return dist, loss, err
}

// walk calls visit with x_0, x_1, … of one optimizer run through the lab's
// stepper, stopping before a point that is not finite.
func walk(p Target, cfg optimizers.Config, lr float64, start []float64, steps int, visit func(x []float64)) error {
	e := &lab.Experiment{Problem: p, Start: start, Steps: steps, Runs: []lab.RunSpec{{Label: cfg.Name, Optimizer: cfg, LR: lr}}}
	s, err := lab.NewStepper(e, 0)
	if err != nil {
		return err
	}
	visit(s.X())
	for {
		more, err := s.Step()
		if err != nil {
			return err
		}
		if st, _ := s.Status(); st != trace.Diverged { // a diverged step keeps the last finite point
			visit(s.X())
		}
		if !more {
			return nil
		}
	}
}

// A Sweep is GD's final loss over a range of learning rates.
type Sweep struct {
	LR        []float64 `json:"lr"`
	FinalLoss []float64 `json:"final_loss"` // f − f*; +Inf when the run diverged
	Steps     int       `json:"steps"`
	// Threshold is the observed divergence threshold (bisection on
	// "‖x_N − x*‖ > ‖x_0 − x*‖" with N = ThresholdSteps), to compare with
	// 2/λmax.
	Threshold      float64 `json:"observed_threshold"`
	ThresholdSteps int     `json:"threshold_steps"`
	ThresholdErr   float64 `json:"threshold_rel_err"`
}

// MarshalJSON writes a diverged run's final loss as null: JSON has no
// +Inf, and summary.json reports no number that was not computed either.
func (s Sweep) MarshalJSON() ([]byte, error) {
	type plain Sweep // without this method
	losses := make([]*float64, len(s.FinalLoss))
	for i, v := range s.FinalLoss {
		if !math.IsInf(v, 0) && !math.IsNaN(v) {
			losses[i] = &s.FinalLoss[i]
		}
	}
	return json.Marshal(struct {
		plain
		FinalLoss []*float64 `json:"final_loss"` // null: the run diverged
	}{plain(s), losses})
}

// GDSweep runs GD for steps steps at n learning rates from 0.05/λmax to
// 2.5/λmax (log-spaced) and finds the divergence threshold by bisection.
func GDSweep(p Target, q Quantities, start []float64, steps, n int) (Sweep, error) {
	sw := Sweep{Steps: steps, ThresholdSteps: 4000}
	fstar := p.Loss(q.At)
	cfg := optimizers.Config{Name: "sgd"}
	for i := 0; i < n; i++ {
		lr := 0.05 / q.LambdaMax * math.Pow(2.5/0.05, float64(i)/float64(n-1))
		cfg.Values = map[string]float64{"lr": lr}
		dist, loss, err := run(p, cfg, lr, start, q.At, steps)
		if err != nil {
			return sw, err
		}
		f := math.Inf(1)
		if len(dist) == steps+1 {
			f = loss[len(loss)-1] - fstar
		}
		sw.LR, sw.FinalLoss = append(sw.LR, lr), append(sw.FinalLoss, f)
	}
	diverges := func(lr float64) (bool, error) {
		cfg.Values = map[string]float64{"lr": lr}
		dist, _, err := run(p, cfg, lr, start, q.At, sw.ThresholdSteps)
		if err != nil {
			return false, err
		}
		return len(dist) < sw.ThresholdSteps+1 || dist[len(dist)-1] > dist[0], nil
	}
	lo, hi := 1/q.LambdaMax, 4/q.LambdaMax
	for it := 0; it < 40 && hi-lo > 1e-6*lo; it++ {
		mid := (lo + hi) / 2
		d, err := diverges(mid)
		if err != nil {
			return sw, err
		}
		if d {
			hi = mid
		} else {
			lo = mid
		}
	}
	sw.Threshold = (lo + hi) / 2
	sw.ThresholdErr = math.Abs(sw.Threshold-q.GDStableLR) / q.GDStableLR
	return sw, nil
}
