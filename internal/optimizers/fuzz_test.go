package optimizers

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/fielderr"
)

// FuzzStep drives every optimizer with hyperparameters, points, gradients
// and Hessians drawn from the fuzz input (0, ±huge, NaN and ±Inf included)
// and checks:
//
//   - Resolve accepts exactly the configurations the documented ranges
//     allow (validHyper below restates them independently of the specs):
//     non-finite values, lr ≤ 0, momentum/betas/rmsprop's rho outside
//     [0, 1), negative eps/damping/sam's rho, unknown names and values,
//     and sam as its own base are rejected with a fielderr.List naming
//     every offending key;
//   - New succeeds for every accepted configuration;
//   - Step never panics, returns only the documented errors (newton's
//     ErrSingularHessian and ErrIndefiniteHessian), and leaves x unchanged
//     when it returns one;
//   - as long as every number an optimizer has seen (x, g, lr and every
//     gradient and Hessian entry the oracle returned) is 0 or of magnitude
//     in [1e-30, 1e30], x stays finite: no NaN and no overflow. NaN or ±Inf
//     in x is allowed only once a non-finite or huge number has been seen
//     (huge·huge overflows to Inf, and Inf − Inf or Inf/Inf is NaN: adagrad
//     with lr = g = 1e200 gives (−lr·g)/√(g²) = −Inf/Inf).
func FuzzStep(f *testing.F) {
	inf, nan := math.Inf(1), math.NaN()
	// which, base, choice, flags, steps, lr, p1, p2, p3, x0, x1, g0, g1, h00, h01, h11
	f.Add(uint8(0), uint8(0), uint8(0), uint8(0), uint8(3), 0.01, 0.9, 0.999, 1e-8, -1.2, 1.0, -215.6, -88.0, 1330.0, 480.0, 200.0)
	f.Add(uint8(1), uint8(0), uint8(1), uint8(1), uint8(7), 0.05, 0.9, 0.999, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(uint8(2), uint8(0), uint8(2), uint8(0), uint8(7), 1e300, 0.5, 0.5, 0.0, 1e300, -1e300, 1e300, -1e300, 1e300, 1e300, 1e300)
	f.Add(uint8(3), uint8(0), uint8(0), uint8(0), uint8(2), 0.1, 0.9, 0.999, 1e-8, nan, 1.0, nan, 1.0, 1.0, 0.0, 1.0)
	f.Add(uint8(4), uint8(0), uint8(0), uint8(0), uint8(2), 0.1, 0.9, 0.999, 1e-8, 1.0, 1.0, inf, -inf, inf, 0.0, 1.0)
	f.Add(uint8(4), uint8(0), uint8(1), uint8(0), uint8(4), 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0)
	f.Add(uint8(4), uint8(0), uint8(2), uint8(0), uint8(4), 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, -1.0, 0.0, 1.0)
	f.Add(uint8(4), uint8(0), uint8(0), uint8(0), uint8(4), 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, -1.0, 0.0, 1.0)
	f.Add(uint8(7), uint8(1), uint8(0), uint8(0), uint8(3), 0.05, 0.9, 0.999, 0.05, 1.0, 2.0, 3.0, 4.0, 2.0, 0.0, 2.0)
	f.Add(uint8(7), uint8(4), uint8(2), uint8(0), uint8(3), 1.0, 0.0, 0.0, 0.05, 1.0, 2.0, 3.0, 4.0, 2.0, 0.0, -2.0)
	f.Add(uint8(7), uint8(7), uint8(0), uint8(0), uint8(1), 0.05, 0.9, 0.999, 0.05, 1.0, 2.0, 3.0, 4.0, 2.0, 0.0, 2.0)
	f.Add(uint8(6), uint8(0), uint8(255), uint8(2), uint8(1), -0.1, 1.0, -0.5, -1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0)
	f.Add(uint8(1), uint8(0), uint8(0), uint8(0), uint8(0x83), 0.01, 0.9, 0.999, 1e-8, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0)
	f.Add(uint8(6), uint8(0), uint8(0), uint8(0), uint8(7), 1e-4, 0.9999999999999999, 0.9999999999999999, 0.0, 1e-30, -1e-30, 1e-30, 1e-30, 1e-30, 0.0, 1e-30)

	specs := Specs()
	f.Fuzz(func(t *testing.T, which, baseWhich, choice, flags, steps uint8,
		lr, p1, p2, p3, x0, x1, g0, g1, h00, h01, h11 float64) {
		spec := specs[int(which)%len(specs)]
		vals := []float64{lr, p1, p2, p3}
		c := Config{Name: spec.Name}
		valid := true
		fill := func(c *Config, s Spec) {
			c.Values = map[string]float64{}
			for i, p := range s.Params {
				v := vals[i%len(vals)]
				if s.HasBase {
					v = p3
				}
				c.Values[p.Name] = v
				if !validHyper(t, s.Name, p.Name, v) {
					valid = false
				}
			}
			for _, ch := range s.Choices {
				v := "bogus"
				if choice < 250 {
					v = ch.Values[int(choice)%len(ch.Values)]
				} else {
					valid = false
				}
				c.Choices = map[string]string{ch.Name: v}
			}
			if len(s.Flags) > 0 {
				c.Flags = map[string]bool{s.Flags[0]: flags&1 != 0}
			}
			if flags&2 != 0 { // a flag the optimizer does not have
				if c.Flags == nil {
					c.Flags = map[string]bool{}
				}
				c.Flags["bogus_flag"] = true
				valid = false
			}
		}
		fill(&c, spec)
		if steps&0x80 != 0 { // a hyperparameter the optimizer does not have
			c.Values["bogus"] = 1
			valid = false
		}
		if spec.HasBase {
			bs := specs[int(baseWhich)%len(specs)]
			if bs.HasBase {
				valid = false // sam cannot be its own base
			}
			base := Config{Name: bs.Name}
			fill(&base, bs)
			c.Base = &base
		}

		h, err := Resolve(c)
		if !valid {
			var problems fielderr.List
			if err == nil {
				t.Fatalf("Resolve(%+v) accepted an invalid configuration", c)
			}
			if !errors.As(err, &problems) || len(problems) == 0 {
				t.Fatalf("Resolve(%+v): %v, want a fielderr.List", c, err)
			}
			for _, pe := range problems {
				if pe.Path == "" || pe.Msg == "" {
					t.Fatalf("Resolve(%+v): %v, want every problem to name its key", c, err)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("Resolve(%+v) rejected a valid configuration: %v", c, err)
		}
		o, err := New(c)
		if err != nil {
			t.Fatalf("New(%+v): %v", c, err)
		}

		rate := h.LR()
		x := []float64{x0, x1}
		g := []float64{g0, g1}
		or := &fuzzOracle{h: [3]float64{h00, h01, h11}, b: append([]float64(nil), g...)}
		moderate := isModerate(rate) && allModerate(x) && allModerate(g) && hyperModerate(h)
		usesNewton := h.Name == "newton" || (h.Base != nil && h.Base.Name == "newton")
		o.Init(len(x))
		prev := make([]float64, len(x))
		for step := 1; step <= int(steps&7)+1; step++ {
			copy(prev, x)
			or.huge = false
			err := o.Step(x, g, step, rate, or)
			moderate = moderate && !or.huge
			if err != nil {
				if !usesNewton || !(errors.Is(err, ErrSingularHessian) || errors.Is(err, ErrIndefiniteHessian)) {
					t.Fatalf("%+v step %d: undocumented error %v", c, step, err)
				}
				if errors.Is(err, ErrIndefiniteHessian) && h.Choices["on_indefinite"] != "stop" &&
					(h.Base == nil || h.Base.Choices["on_indefinite"] != "stop") {
					t.Fatalf("%+v step %d: ErrIndefiniteHessian without on_indefinite: stop", c, step)
				}
				if !sameFloats(x, prev) {
					t.Fatalf("%+v step %d: error %v but x moved %v -> %v", c, step, err, prev, x)
				}
				return
			}
			if moderate {
				for _, v := range x {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						t.Fatalf("%+v step %d: x = %v from moderate inputs (x was %v, g %v, lr %g, H %v)",
							c, step, x, prev, g, rate, or.h)
					}
				}
			}
			moderate = moderate && allModerate(x)
			// The next gradient: the oracle's at the new point.
			or.Grad(g, x)
			moderate = moderate && !or.huge
		}
	})
}

// validHyper restates the documented range of every hyperparameter.
func validHyper(t *testing.T, opt, param string, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	switch {
	case param == "lr":
		return v > 0
	case param == "momentum", param == "beta1", param == "beta2", param == "rho" && opt != "sam":
		return v >= 0 && v < 1
	case param == "eps", param == "damping", param == "rho" && opt == "sam":
		return v >= 0
	}
	t.Fatalf("%s.%s: hyperparameter without a documented range in validHyper", opt, param)
	return false
}

// hyperModerate: every numeric hyperparameter is moderate (a damping of
// 1e-300 on a zero Hessian legitimately gives a step of g/1e-300).
func hyperModerate(h Hyper) bool {
	for _, v := range h.Values {
		if !isModerate(v) {
			return false
		}
	}
	if h.Base != nil {
		for _, v := range h.Base.Values {
			if !isModerate(v) {
				return false
			}
		}
	}
	return true
}

// isModerate: 0 or a magnitude in [1e-30, 1e30].
func isModerate(v float64) bool {
	a := math.Abs(v)
	return v == 0 || (a >= 1e-30 && a <= 1e30)
}

func allModerate(xs []float64) bool {
	for _, v := range xs {
		if !isModerate(v) {
			return false
		}
	}
	return true
}

// fuzzOracle is the quadratic f(y) = ½yᵀHy + bᵀy: ∇f(y) = Hy + b. It
// records whether it returned a number that is not moderate.
type fuzzOracle struct {
	h    [3]float64 // H = [[h0, h1], [h1, h2]]
	b    []float64
	huge bool
}

func (o *fuzzOracle) Grad(dst, y []float64) {
	b0, b1 := o.b[0], o.b[1]
	dst[0] = o.h[0]*y[0] + o.h[1]*y[1] + b0
	dst[1] = o.h[1]*y[0] + o.h[2]*y[1] + b1
	o.huge = o.huge || !allModerate(dst) || !allModerate(o.h[:])
}

func (o *fuzzOracle) Hessian(dst *mat.SymDense, _ []float64) {
	dst.SetSym(0, 0, o.h[0])
	dst.SetSym(0, 1, o.h[1])
	dst.SetSym(1, 1, o.h[2])
	o.huge = o.huge || !allModerate(o.h[:])
}
