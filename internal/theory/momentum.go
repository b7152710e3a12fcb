package theory

import (
	"math"

	"github.com/optlab/optlab/internal/optimizers"
)

// A FormRun is one momentum form run with hyperparameters mapped onto the
// common form's (lr, α).
type FormRun struct {
	Form  string  `json:"form"`
	Rule  string  `json:"rule"`
	LR    float64 `json:"lr"`
	Alpha float64 `json:"momentum"`
	// MaxDev is max_k ‖x_k − x_k(common)‖ over the run, FirstDev the
	// deviation after the first update.
	MaxDev   float64     `json:"max_deviation"`
	FirstDev float64     `json:"first_step_deviation"`
	Path     [][]float64 `json:"-"`
}

// MomentumForms runs heavy-ball momentum from one start in its three
// forms with mapped settings: common (lr, α); standard (lr, α), identical
// at constant lr since v_standard = −lr·v_common; the EWMA with a zero
// start v₀ = 0 at lr/(1−α), identical since v_ewma = (1−α)·v_common; and
// the lecture's EWMA with v₁ = g₁ (torch's dampening = α) at lr/(1−α),
// which takes a first step 1/(1−α) times as long and stays off by what
// that step leaves behind. Each run's largest distance from the common
// path is measured. The zero-start EWMA is not one of optlab's forms, so
// it is written out here.
func MomentumForms(p Target, start []float64, lr, alpha float64, steps int) ([]FormRun, error) {
	le := lr / (1 - alpha)
	runs := []FormRun{
		{Form: "common", Rule: "v ← α·v + g;  x ← x − lr·v  (v₀ = 0)", LR: lr, Alpha: alpha},
		{Form: "standard", Rule: "v ← α·v − lr·g;  x ← x + v  (v₀ = 0)", LR: lr, Alpha: alpha},
		{Form: "ewma, v₀ = 0", Rule: "v ← α·v + (1−α)·g;  x ← x − lr′·v,  lr′ = lr/(1−α)", LR: le, Alpha: alpha},
		{Form: "ewma, v₁ = g₁", Rule: "v₁ = g₁, then v ← α·v + (1−α)·g;  x ← x − lr′·v,  lr′ = lr/(1−α)", LR: le, Alpha: alpha},
	}
	for i := range runs {
		var path [][]float64
		var err error
		switch i {
		case 0:
			path, err = formPath(p, start, "common", lr, alpha, steps)
		case 1:
			path, err = formPath(p, start, "standard", lr, alpha, steps)
		case 2:
			path = zeroStartEWMA(p, start, le, alpha, steps)
		case 3:
			path, err = formPath(p, start, "ewma", le, alpha, steps)
		}
		if err != nil {
			return nil, err
		}
		runs[i].Path = path
	}
	ref := runs[0].Path
	for i := range runs {
		r := &runs[i]
		for k := 0; k < len(r.Path) && k < len(ref); k++ {
			d := 0.0
			for j := range r.Path[k] {
				d += (r.Path[k][j] - ref[k][j]) * (r.Path[k][j] - ref[k][j])
			}
			d = math.Sqrt(d)
			if math.IsNaN(d) {
				d = math.Inf(1)
			}
			r.MaxDev = math.Max(r.MaxDev, d)
			if k == 1 {
				r.FirstDev = d
			}
		}
		if len(r.Path) != len(ref) {
			r.MaxDev = math.Inf(1)
		}
	}
	return runs, nil
}

// formPath runs optlab's momentum in one of its forms through the lab.
func formPath(p Target, start []float64, form string, lr, alpha float64, steps int) ([][]float64, error) {
	cfg := optimizers.Config{Name: "momentum", Values: map[string]float64{"lr": lr, "momentum": alpha}, Choices: map[string]string{"form": form}}
	var path [][]float64
	err := walk(p, cfg, lr, start, steps, func(x []float64) { path = append(path, append([]float64(nil), x...)) })
	return path, err
}

func zeroStartEWMA(p Target, start []float64, lr, alpha float64, steps int) [][]float64 {
	n := len(start)
	x, v, g := append([]float64(nil), start...), make([]float64, n), make([]float64, n)
	path := [][]float64{append([]float64(nil), x...)}
	for k := 0; k < steps; k++ {
		p.Grad(g, x)
		for i := range x {
			v[i] = v[i]*alpha + (1-alpha)*g[i]
			x[i] -= lr * v[i]
		}
		path = append(path, append([]float64(nil), x...))
	}
	return path
}

// EffectiveRates runs adagrad or rmsprop (hyperparameters h, resolved)
// through the lab from start and returns, per coordinate and update t,
// the effective rate lr/(√G + eps) the update used — G the sum of squared
// gradients (adagrad) or their running average (rmsprop, decay rho),
// recomputed from the exact gradients at the iterates, which is what the
// optimizer saw on an exact problem — and the final loss.
func EffectiveRates(p Target, start []float64, name string, h map[string]float64, steps int) ([][]float64, float64, error) {
	cfg := optimizers.Config{Name: name, Values: h}
	n := len(start)
	rates := make([][]float64, n)
	acc, g := make([]float64, n), make([]float64, n)
	var last []float64
	err := walk(p, cfg, h["lr"], start, steps, func(x []float64) {
		last = append(last[:0], x...)
		if len(rates[0]) == steps {
			return // the point after the last update
		}
		p.Grad(g, x)
		for i := range acc {
			if name == "adagrad" {
				acc[i] += g[i] * g[i]
			} else {
				acc[i] = acc[i]*h["rho"] + (1-h["rho"])*g[i]*g[i]
			}
			rates[i] = append(rates[i], h["lr"]/(math.Sqrt(acc[i])+h["eps"]))
		}
	})
	return rates, p.Loss(last), err
}
