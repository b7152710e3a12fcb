package theory

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/surfaces"
)

// On halfpipe (rotated or not) the observed rates of GD and heavy ball at
// their optimal settings agree with the predictions within 5%, and GD's
// observed divergence threshold is within 1% of 2/λmax.
func TestPredictedVsObserved(t *testing.T) {
	for _, kappa := range []float64{10, 100, 1000} {
		for _, angle := range []float64{0, 30} {
			s := surfaces.Halfpipe{Kappa: kappa, Angle: angle}
			h := mat.NewSymDense(2, nil)
			s.Hessian(h, []float64{0, 0})
			q, err := FromHessian(h, []float64{0, 0}, false)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(q.Kappa-kappa) > 1e-9*kappa {
				t.Fatalf("κ = %g, want %g", q.Kappa, kappa)
			}
			obs, err := Observe(s, q, s.Start(), 100000)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range obs[:2] {
				if !(o.RelErr <= 0.05) {
					t.Errorf("κ=%g angle=%g %s: observed %.6f, predicted %.6f (%.2g%%)", kappa, angle, o.Method, o.Observed, o.Predicted, 100*o.RelErr)
				}
			}
			sw, err := GDSweep(s, q, s.Start(), 100, 5)
			if err != nil {
				t.Fatal(err)
			}
			if !(sw.ThresholdErr <= 0.01) {
				t.Errorf("κ=%g angle=%g: divergence at lr %.6g, 2/λmax = %.6g (%.2g%%)", kappa, angle, sw.Threshold, q.GDStableLR, 100*sw.ThresholdErr)
			}
			t.Logf("κ=%g angle=%g: GD %.6f/%.6f, HB %.6f/%.6f, Nesterov %.6f/%.6f, threshold %.6g vs %.6g",
				kappa, angle, obs[0].Observed, obs[0].Predicted, obs[1].Observed, obs[1].Predicted, obs[2].Observed, obs[2].Predicted, sw.Threshold, q.GDStableLR)
		}
	}
}

// A Hessian that is not positive definite has no rates.
func TestIndefinite(t *testing.T) {
	h := mat.NewSymDense(2, []float64{1, 0, 0, -1})
	if _, err := FromHessian(h, []float64{0, 0}, true); err == nil {
		t.Fatal("indefinite Hessian accepted")
	}
}

func TestIsQuadratic(t *testing.T) {
	if !IsQuadratic(surfaces.Halfpipe{Kappa: 5, Angle: 10}, []float64{0, 0}, []float64{1, -2}, []float64{3, 0.5}) {
		t.Error("halfpipe not recognised as quadratic")
	}
	if IsQuadratic(surfaces.Rosenbrock{A: 1, B: 100}, []float64{1, 1}, []float64{-1, 2}) {
		t.Error("rosenbrock taken for a quadratic")
	}
}

// The mapped forms agree to 1e-12 over 1000 steps at constant lr; the
// lecture's v₁ = g₁ EWMA does not, and its first step is off by
// lr·α/(1−α)·‖g₁‖.
func TestMomentumForms(t *testing.T) {
	for _, p := range []Target{surfaces.Halfpipe{Kappa: 20, Angle: 30}, surfaces.Rosenbrock{A: 1, B: 100}} {
		start := p.(interface{ Start() []float64 }).Start()
		runs, err := MomentumForms(p, start, 0.001, 0.9, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range runs[:3] {
			if len(r.Path) != 1001 || !(r.MaxDev <= 1e-12) {
				t.Errorf("%T %s: %d points, max deviation %g", p, r.Form, len(r.Path), r.MaxDev)
			}
		}
		g := make([]float64, 2)
		p.Grad(g, start)
		want := 0.001 * 0.9 / 0.1 * math.Hypot(g[0], g[1])
		if r := runs[3]; math.Abs(r.FirstDev-want) > 1e-12*want || !(r.MaxDev >= r.FirstDev) {
			t.Errorf("%T v1=g1: first-step deviation %g, want %g; max %g", p, r.FirstDev, want, r.MaxDev)
		}
		t.Logf("%T: deviations %g %g %g, v1=g1 first %g max %g", p, runs[0].MaxDev, runs[1].MaxDev, runs[2].MaxDev, runs[3].FirstDev, runs[3].MaxDev)
	}
}

// AdaGrad's effective rates never rise and start at lr/(|g₁| + eps);
// RMSProp's start at lr/(√(1−ρ)|g₁| + eps).
func TestEffectiveRates(t *testing.T) {
	s := surfaces.Rosenbrock{A: 1, B: 100}
	g := make([]float64, 2)
	start := s.Start()
	s.Grad(g, start)
	ad, _, err := EffectiveRates(s, start, "adagrad", map[string]float64{"lr": 0.05, "eps": 1e-10}, 500)
	if err != nil {
		t.Fatal(err)
	}
	rm, _, err := EffectiveRates(s, start, "rmsprop", map[string]float64{"lr": 0.05, "eps": 1e-8, "rho": 0.99}, 500)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if len(ad[i]) != 500 || math.Abs(ad[i][0]-0.05/(math.Abs(g[i])+1e-10)) > 1e-15 {
			t.Errorf("adagrad x%d: %d rates, first %g", i, len(ad[i]), ad[i][0])
		}
		for k := 1; k < len(ad[i]); k++ {
			if ad[i][k] > ad[i][k-1] {
				t.Fatalf("adagrad x%d: rate rose at t=%d", i, k+1)
			}
		}
		if want := 0.05 / (math.Sqrt(0.01)*math.Abs(g[i]) + 1e-8); math.Abs(rm[i][0]-want) > 1e-12*want {
			t.Errorf("rmsprop x%d: first %g, want %g", i, rm[i][0], want)
		}
	}
}
