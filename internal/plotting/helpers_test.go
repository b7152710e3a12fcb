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
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// descend runs a small optimizer on s for the tests: kind is "gd",
// "momentum" or "adam"; noise adds Gaussian gradient noise. It stops with
// status diverged at the first non-finite value.
func descend(s surfaces.Surface, label, kind string, x0 []float64, lr float64, steps int, noise float64, seed uint64) trace.Run {
	rng := rand.New(rand.NewPCG(seed, 7))
	n := len(x0)
	x := append([]float64(nil), x0...)
	g, v, m, r := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	run := trace.Run{Label: label, Optimizer: kind, Status: trace.MaxSteps}
	rec := func(step int) bool {
		s.Grad(g, x)
		f := s.Value(x)
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
func syntheticRuns(s surfaces.Surface, steps int) []trace.Run {
	x0 := s.Start()
	lo, hi := s.Bounds()
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
		div.Points = append(div.Points, trace.Point{Step: k, Loss: s.Value(x), X: x})
		div.StopStep = k
	}
	// NaN-truncated: a short wobble then NaN coordinates and loss.
	nan := trace.Run{Label: "nan-run", Optimizer: "newton", Status: trace.SingularHessian}
	for k := 0; k < 40 && k < steps; k++ {
		x := []float64{x0[0] + 0.02*scale*float64(k)*math.Cos(float64(k)/3), x0[1] + 0.01*scale*float64(k)}
		if k > 25 {
			x = []float64{math.NaN(), math.Inf(1)}
		}
		f := s.Value(x)
		nan.Points = append(nan.Points, trace.Point{Step: k, Loss: f, X: x})
	}
	// Leaving the window to the upper left, then coming back in.
	out := trace.Run{Label: "escape", Optimizer: "sgd", Status: trace.OutOfBounds}
	for k := 0; k < 80 && k < steps; k++ {
		t := float64(k) / 79
		x := []float64{x0[0] - 1.5*scale*math.Sin(math.Pi*t), x0[1] + 1.2*scale*math.Sin(math.Pi*t)*t}
		out.Points = append(out.Points, trace.Point{Step: k, Loss: s.Value(x), X: x})
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
	checkPNG(t, b, 1200, 900)
}

func checkPNG(t *testing.T, b []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Fatalf("PNG is %dx%d, want %dx%d", got.X, got.Y, w, h)
	}
}
