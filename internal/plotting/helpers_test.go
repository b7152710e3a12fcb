package plotting

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// testSurface is a 2-D test function with its gradient, and the landscape
// the figures see of it. The tests keep their own few functions so that
// they do not depend on any package of optimization problems; every
// registered surface is drawn by the tests of package runner.
type testSurface struct {
	Landscape
	grad func(x, y float64) (float64, float64)
}

func (s testSurface) value(x []float64) float64 { return s.F.At(x[0], x[1]) }

// rosenbrock is the banana valley (1 − x)² + 100(y − x²)².
func rosenbrock() testSurface {
	return testSurface{
		Landscape: Landscape{
			Name: "rosenbrock",
			F:    FuncOf(func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }),
			Lo:   [2]float64{-2, -1}, Hi: [2]float64{2, 3},
			Start:  []float64{-1.2, 1},
			Points: []Landmark{{Name: "global", X: 1, Y: 1, Value: 0}},
		},
		grad: func(x, y float64) (float64, float64) {
			return -2*(1-x) - 400*x*(y-x*x), 200 * (y - x*x)
		},
	}
}

// halfpipe is the ill-conditioned valley ½(x² + κy²), κ = 20.
func halfpipe() testSurface {
	return testSurface{
		Landscape: Landscape{
			Name: "halfpipe",
			F:    FuncOf(func(x, y float64) float64 { return 0.5 * (x*x + 20*y*y) }),
			Lo:   [2]float64{-5, -2.5}, Hi: [2]float64{5, 2.5},
			Start:  []float64{-4, 1.5},
			Points: []Landmark{{Name: "global", X: 0, Y: 0, Value: 0}},
		},
		grad: func(x, y float64) (float64, float64) { return x, 20 * y },
	}
}

// himmelblau has four global minima of value 0.
func himmelblau() testSurface {
	return testSurface{
		Landscape: Landscape{
			Name: "himmelblau",
			F: FuncOf(func(x, y float64) float64 {
				a, b := x*x+y-11, x+y*y-7
				return a*a + b*b
			}),
			Lo: [2]float64{-5, -5}, Hi: [2]float64{5, 5},
			Start: []float64{-0.5, 0.5},
			Points: []Landmark{
				{Name: "global-1", X: 3, Y: 2},
				{Name: "global-2", X: -2.8051180869527448, Y: 3.131312518250573},
				{Name: "global-3", X: -3.779310253377747, Y: -3.2831859912861696},
				{Name: "global-4", X: 3.5844283403304917, Y: -1.8481265269644034},
			},
		},
		grad: func(x, y float64) (float64, float64) {
			a, b := x*x+y-11, x+y*y-7
			return 4*x*a + 2*b, 2*a + 4*y*b
		},
	}
}

// saddle is x² − y², which has no minimum (a linear colour scale).
func saddle() testSurface {
	return testSurface{
		Landscape: Landscape{
			Name: "saddle",
			F:    FuncOf(func(x, y float64) float64 { return x*x - y*y }),
			Lo:   [2]float64{-1.5, -1.5}, Hi: [2]float64{1.5, 1.5},
			Start:  []float64{1, 1e-3},
			Points: []Landmark{{Name: "saddle", Kind: Saddle}},
		},
		grad: func(x, y float64) (float64, float64) { return 2 * x, -2 * y },
	}
}

// sixhump is the six-hump camel, whose minimum is negative.
func sixhump() testSurface {
	return testSurface{
		Landscape: Landscape{
			Name: "sixhump",
			F: FuncOf(func(x, y float64) float64 {
				return (4-2.1*x*x+x*x*x*x/3)*x*x + x*y + (-4+4*y*y)*y*y
			}),
			Lo: [2]float64{-2, -1.2}, Hi: [2]float64{2, 1.2},
			Start: []float64{-1.5, 1},
			Points: []Landmark{
				{Name: "global-1", X: 0.0898, Y: -0.7126, Value: -1.0316},
				{Name: "global-2", X: -0.0898, Y: 0.7126, Value: -1.0316},
			},
		},
		grad: func(x, y float64) (float64, float64) {
			return 8*x - 8.4*x*x*x + 2*x*x*x*x*x + y, x - 8*y + 16*y*y*y
		},
	}
}

// testSurfaces are the functions the figure tests draw.
func testSurfaces() []testSurface {
	return []testSurface{rosenbrock(), halfpipe(), himmelblau(), saddle(), sixhump()}
}

// descend runs a small optimizer on s for the tests: kind is "gd",
// "momentum" or "adam"; noise adds Gaussian gradient noise. It stops with
// status diverged at the first non-finite value.
func descend(s testSurface, label, kind string, x0 []float64, lr float64, steps int, noise float64, seed uint64) trace.Run {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := len(x0)
	x := append([]float64(nil), x0...)
	g, v, m, r := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	run := trace.Run{Label: label, Optimizer: kind, Status: trace.MaxSteps}
	rec := func(step int) bool {
		g[0], g[1] = s.grad(x[0], x[1])
		f := s.value(x)
		var gn float64
		for _, gi := range g {
			gn += gi * gi
		}
		run.Points = append(run.Points, trace.Point{Step: step, LR: lr, Loss: f,
			GradNorm: math.Sqrt(gn), NoisyGradNorm: math.Sqrt(gn), X: append([]float64(nil), x...)})
		return finite(f, math.Sqrt(gn)) && finite(x...)
	}
	if !rec(0) {
		run.Status = trace.Diverged
		return run
	}
	for t := 1; t <= steps; t++ {
		for i := range g {
			g[i] += noise * rng.NormFloat64()
		}
		for i := range x {
			switch kind {
			case "momentum":
				v[i] = 0.9*v[i] + g[i]
				x[i] -= lr * v[i]
			case "adam":
				m[i] = 0.9*m[i] + 0.1*g[i]
				r[i] = 0.999*r[i] + 0.001*g[i]*g[i]
				mh := m[i] / (1 - math.Pow(0.9, float64(t)))
				rh := r[i] / (1 - math.Pow(0.999, float64(t)))
				x[i] -= lr * mh / (math.Sqrt(rh) + 1e-8)
			default:
				x[i] -= lr * g[i]
			}
		}
		run.StopStep = t
		if !rec(t) {
			run.Status = trace.Diverged
			return run
		}
	}
	return run
}

// syntheticRuns returns a mix of runs on a 2-D surface: a few descents,
// a diverging one with huge values, one truncated by NaN, one leaving the
// window and three repeats of a noisy descent.
func syntheticRuns(s testSurface, steps int) []trace.Run {
	x0 := s.Start
	lo, hi := s.Lo, s.Hi
	scale := math.Max(hi[0]-lo[0], hi[1]-lo[1])
	runs := []trace.Run{
		descend(s, "gd", "gd", x0, 1e-3, steps, 0, 1),
		descend(s, "momentum", "momentum", x0, 1e-4, steps, 0, 1),
		descend(s, "adam", "adam", x0, 0.02*scale/4, steps, 0, 1),
	}
	// Diverging: the distance to the start grows ×5 per step up to 1e300.
	div := trace.Run{Label: "exploding", Optimizer: "sgd", Status: trace.Diverged}
	for k := 0; k <= 60 && k < steps; k++ {
		d := (math.Pow(5, float64(k)) - 1) * 0.01 * scale
		if d > 1e300 {
			d = 1e300
		}
		x := []float64{x0[0] + d, x0[1] - d*0.3}
		div.Points = append(div.Points, trace.Point{Step: k, Loss: s.value(x), X: x})
		div.StopStep = k
	}
	// NaN-truncated: a short wobble then NaN coordinates and loss.
	nan := trace.Run{Label: "nan-run", Optimizer: "newton", Status: trace.SingularHessian}
	for k := 0; k < 40 && k < steps; k++ {
		x := []float64{x0[0] + 0.02*scale*float64(k)*math.Cos(float64(k)/3), x0[1] + 0.01*scale*float64(k)}
		if k > 25 {
			x = []float64{math.NaN(), math.Inf(1)}
		}
		f := s.value(x)
		nan.Points = append(nan.Points, trace.Point{Step: k, Loss: f, X: x})
	}
	// Leaving the window to the upper left, then coming back in.
	out := trace.Run{Label: "escape", Optimizer: "sgd", Status: trace.OutOfBounds}
	for k := 0; k < 80 && k < steps; k++ {
		t := float64(k) / 79
		x := []float64{x0[0] - 1.5*scale*math.Sin(math.Pi*t), x0[1] + 1.2*scale*math.Sin(math.Pi*t)*t}
		out.Points = append(out.Points, trace.Point{Step: k, Loss: s.value(x), X: x})
	}
	runs = append(runs, div, nan, out)
	for rep := 0; rep < 3; rep++ {
		r := descend(s, "sgd-noisy", "gd", x0, 5e-4, steps, 2, uint64(10+rep))
		r.Repeat = rep
		runs = append(runs, r)
	}
	return runs
}

// writeFigure saves p as PNG, checks it decodes at the default size and
// keeps a copy under $OPTLAB_PLOT_OUT when set.
func writeFigure(t *testing.T, p *plot.Plot, name string) {
	t.Helper()
	dir := os.Getenv("OPTLAB_PLOT_OUT")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := encode.SaveFile(path, p, 0, 0); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(b)); err != nil || cfg.Width != 1200 || cfg.Height != 900 {
		t.Fatalf("%s: not a 1200×900 PNG (%v)", name, err)
	}
}
