package scaling_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/scaling"
	"github.com/optlab/optlab/internal/surfaces"
)

func configs() []optimizers.Config {
	var cs []optimizers.Config
	for _, s := range optimizers.Specs() {
		c := optimizers.Config{Name: s.Name}
		if s.HasBase {
			c.Base = &optimizers.Config{Name: s.DefaultBase}
		}
		cs = append(cs, c)
	}
	return cs
}

// The predicted state is what Init then allocates, for every optimizer.
func TestPredictStateBytes(t *testing.T) {
	for _, c := range configs() {
		for _, n := range []int{1, 7, 1000} {
			got, err := scaling.PredictStateBytes(c, n)
			if err != nil {
				t.Fatal(err)
			}
			o, _ := optimizers.New(c)
			o.Init(n)
			if want := optimizers.StateBytesOf(o); got != want {
				t.Errorf("%s at n = %d: predicted %d bytes, Init allocated %d", c.Name, n, got, want)
			}
		}
	}
}

func TestSlope(t *testing.T) {
	x := []float64{10, 100, 1000, 3000}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 3e-9 * math.Pow(v, 2.7)
	}
	if s := scaling.Slope(x, y); math.Abs(s-2.7) > 1e-12 {
		t.Errorf("Slope of 3e-9·n^2.7 = %.15g, want 2.7", s)
	}
	if s := scaling.Slope([]float64{5}, []float64{1}); !math.IsNaN(s) {
		t.Errorf("Slope of one point = %g, want NaN", s)
	}
	if s := scaling.Slope([]float64{5, 5}, []float64{1, 2}); !math.IsNaN(s) {
		t.Errorf("Slope at one x = %g, want NaN", s)
	}
}

// slowSphere costs about n microseconds a gradient, so that a budget's
// extrapolation is tested with margins of a hundredfold, not a timing.
type slowSphere struct{ surfaces.Sphere }

func (s slowSphere) Grad(dst, x []float64) {
	time.Sleep(time.Duration(len(x)) * time.Microsecond)
	s.Sphere.Grad(dst, x)
}

func TestBudgetRefusesBeforeStarting(t *testing.T) {
	var skipped []string
	opts := scaling.Options{
		Optimizers: []optimizers.Config{{Name: "sgd"}, {Name: "newton"}},
		Dims:       []int{1_000_000, 10, 20}, // sorted by Run
		Problem: func(n int) (scaling.Problem, error) {
			return slowSphere{surfaces.Sphere{N: n}}, nil
		},
		PerSize: 20 * time.Millisecond,
		// 1 s: sgd at 10⁶ would be ~1 s a step; newton's state at 10⁶ is 16 TB.
		Budget: scaling.Budget{Seconds: 1, Bytes: 1e8},
		Skipped: func(opt string, n int, why string) {
			skipped = append(skipped, opt+" "+why)
			if n != 1_000_000 {
				t.Errorf("%s skipped at n = %d: %s", opt, n, why)
			}
		},
	}
	ms, err := scaling.Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 4 {
		t.Errorf("got %d measurements (%v), want sgd and newton at 10 and 20", len(ms), ms)
	}
	if len(skipped) != 2 || !strings.Contains(skipped[0], "sgd 4 steps of about") || !strings.Contains(skipped[1], "newton state of about 1.6e+04 GB") {
		t.Errorf("skipped: %q", skipped)
	}
	for _, m := range ms {
		if !(m.SecondsPerStep >= float64(m.Dim)*1e-6) || m.NsPerParam != m.SecondsPerStep*1e9/float64(m.Dim) {
			t.Errorf("%+v: a step takes at least n µs here", m)
		}
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	p := func(n int) (scaling.Problem, error) { return surfaces.Sphere{N: n}, nil }
	for _, o := range []scaling.Options{
		{Optimizers: []optimizers.Config{{Name: "sgd"}}, Dims: []int{0, 10}, Problem: p},
		{Optimizers: []optimizers.Config{{Name: "sgd"}}, Problem: p},
		{Dims: []int{10}, Problem: p},
	} {
		if _, err := scaling.Run(context.Background(), o); err == nil || !strings.HasPrefix(err.Error(), "scaling: ") {
			t.Errorf("Run(%+v) = %v, want a scaling error", o, err)
		}
	}
}
