package plotting

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

func TestTrajectoryEverySurface(t *testing.T) {
	for _, s := range testSurfaces() {
		t.Run(s.Name, func(t *testing.T) {
			p, err := Trajectory(s.Landscape, syntheticRuns(s, 800), TrajectoryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			writeFigure(t, p, "trajectory-"+s.Name)
			lo, hi := s.Lo, s.Hi
			if p.X.Min > lo[0] || p.X.Max < hi[0] || p.Y.Min > lo[1] || p.Y.Max < hi[1] {
				t.Errorf("axes %g..%g × %g..%g do not cover the bounds %v..%v", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, lo, hi)
			}
			// The diverging run goes to 1e300: the axes must not follow it.
			// (Equal aspect may enlarge one side, to at most ~3× the other.)
			side := math.Max(hi[0]-lo[0], hi[1]-lo[1])
			if p.X.Max-p.X.Min > 3*side || p.Y.Max-p.Y.Min > 3*side {
				t.Errorf("axes stretched: %g..%g × %g..%g", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
			}
		})
	}
}

func TestSurfaceFigureEverySurface(t *testing.T) {
	for _, s := range testSurfaces() {
		t.Run(s.Name, func(t *testing.T) {
			p, err := SurfaceFigure(s.Landscape, SurfaceOptions{})
			if err != nil {
				t.Fatal(err)
			}
			writeFigure(t, p, "surface-"+s.Name)
		})
	}
}

func TestLossEverySurface(t *testing.T) {
	for _, s := range testSurfaces() {
		t.Run(s.Name, func(t *testing.T) {
			fmin := math.Inf(1)
			for _, m := range s.Points {
				fmin = math.Min(fmin, m.Value)
			}
			if math.IsInf(fmin, 1) {
				fmin = 0
			}
			p, err := Loss(syntheticRuns(s, 800), LossOptions{FMin: fmin})
			if err != nil {
				t.Fatal(err)
			}
			writeFigure(t, p, "loss-"+s.Name)
		})
	}
}

func TestLossRepeatsAndSmoothing(t *testing.T) {
	s := rosenbrock()
	var runs []trace.Run
	for rep := 0; rep < 5; rep++ {
		r := descend(s, "sgd-noisy", "gd", s.Start, 1e-3, 3000, 3, uint64(rep))
		r.Repeat = rep
		runs = append(runs, r)
		r = descend(s, "adam-noisy", "adam", s.Start, 0.01, 3000, 3, uint64(100+rep))
		r.Repeat = rep
		runs = append(runs, r)
	}
	p, err := Loss(runs, LossOptions{Title: "rosenbrock: noisy repeats"})
	if err != nil {
		t.Fatal(err)
	}
	writeFigure(t, p, "loss-repeats")
	ema := func(v []float64) []float64 {
		out := make([]float64, len(v))
		acc := v[0]
		for i, x := range v {
			acc = 0.98*acc + 0.02*x
			out[i] = acc
		}
		return out
	}
	p, err = Loss(runs, LossOptions{Title: "rosenbrock: smoothed (EMA 0.98)", Smooth: ema})
	if err != nil {
		t.Fatal(err)
	}
	writeFigure(t, p, "loss-smoothed")
	if _, err := Loss(runs, LossOptions{Smooth: func(v []float64) []float64 { return v[1:] }}); err == nil {
		t.Error("a Smooth that changes the length must be an error")
	}
}

func TestLossNonPositive(t *testing.T) {
	// Losses below and at an unknown optimum: everything must still plot.
	mk := func(label string, f func(k int) float64) trace.Run {
		r := trace.Run{Label: label, Status: trace.MaxSteps}
		for k := 0; k <= 200; k++ {
			r.Points = append(r.Points, trace.Point{Step: k, Loss: f(k), X: []float64{0, 0}})
		}
		return r
	}
	runs := []trace.Run{
		mk("to-zero", func(k int) float64 { return math.Max(0, 1-float64(k)/100) }),
		mk("negative", func(k int) float64 { return -1.03 + math.Exp(-float64(k)/20) }),
	}
	p, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Y.Label.Text, "f*") || !finite(p.Y.Min, p.Y.Max) || p.Y.Min > -6 {
		t.Errorf("y label %q, log10 range %g…%g", p.Y.Label.Text, p.Y.Min, p.Y.Max)
	}
	writeFigure(t, p, "loss-nonpositive")
}

func TestEmptyAndDegenerate(t *testing.T) {
	s := halfpipe()
	empty := []trace.Run{{Label: "empty"}, {Label: "nan", Status: trace.Diverged,
		Points: []trace.Point{{Loss: math.NaN(), X: []float64{math.NaN(), 0}}}}}
	for name, f := range map[string]func() error{
		"trajectory": func() error { p, err := Trajectory(s.Landscape, empty, TrajectoryOptions{}); return save(p, err) },
		"loss":       func() error { p, err := Loss(empty, LossOptions{}); return save(p, err) },
		"no runs":    func() error { p, err := Loss(nil, LossOptions{}); return save(p, err) },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Trajectory(Landscape{Name: "none"}, nil, TrajectoryOptions{}); err == nil {
		t.Error("a landscape without a function: want an error")
	}
}

// save renders p, or returns err.
func save(p *plot.Plot, err error) error {
	if err != nil {
		return err
	}
	return encode.Save(io.Discard, p, "png", 0, 0)
}

// Many labels: distinct colours, a legend that fits.
func TestTrajectoryManyLabels(t *testing.T) {
	s := himmelblau()
	var runs []trace.Run
	for i := 0; i < 12; i++ {
		a := 2 * math.Pi * float64(i) / 12
		x0 := []float64{4.5 * math.Cos(a), 4.5 * math.Sin(a)}
		kind := []string{"gd", "momentum", "adam"}[i%3]
		lr := map[string]float64{"gd": 0.01, "momentum": 0.002, "adam": 0.05}[kind]
		r := descend(s, fmt.Sprintf("%s-%02d", kind, i), kind, x0, lr, 400, 0, 1)
		runs = append(runs, r)
	}
	p, err := Trajectory(s.Landscape, runs, TrajectoryOptions{Title: "himmelblau: 12 starts"})
	if err != nil {
		t.Fatal(err)
	}
	writeFigure(t, p, "trajectory-himmelblau-many")
	seen := map[color.NRGBA]bool{}
	for i := range runs {
		seen[RunColor(i)] = true
	}
	if len(seen) != 12 {
		t.Errorf("%d distinct colours for 12 labels", len(seen))
	}
}
