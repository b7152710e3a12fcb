package plotting

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/recorder"

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

func lossRun(label string, steps int, f func(k int) float64) trace.Run {
	r := trace.Run{Label: label, Status: trace.MaxSteps}
	for k := 0; k <= steps; k++ {
		r.Points = append(r.Points, trace.Point{Step: k, Loss: f(k), X: []float64{0, 0}})
	}
	return r
}

// texts are the strings a figure draws.
func texts(p *plot.Plot) string {
	acts, _ := record(p)
	var b strings.Builder
	for _, a := range acts {
		if f, ok := a.(*recorder.FillString); ok {
			b.WriteString(f.String + "\n")
		}
	}
	return b.String()
}

// Item 1 of issue 8: f − f* with an honest floor. A run at 1.7e-20 is
// drawn there, not on the floor of another run's exact 0; the exact 0 is
// "reached f*" with its first step in the legend; nothing is added to the
// axis label; the floor is stated once.
func TestLossFloor(t *testing.T) {
	for _, fstar := range []float64{0, -0.25} {
		runs := []trace.Run{
			lossRun("newton", 20, func(k int) float64 { return fstar + math.Max(0, 1-float64(k)/5) }),
			lossRun("momentum", 20, func(k int) float64 { return fstar + math.Max(1.7e-20, math.Pow(10, -float64(k))) }),
		}
		p, err := Loss(runs, LossOptions{FMin: fstar})
		if err != nil {
			t.Fatal(err)
		}
		got := texts(p)
		label := p.Y.Label.Text
		if strings.Contains(label, "+") || !strings.Contains(label, "f − f*") {
			t.Errorf("f* %g: y label %q", fstar, label)
		}
		if !strings.Contains(got, "reached f* at step 5") || strings.Count(got, "reached f*:")+strings.Count(got, "reached f* exactly") != 1 {
			t.Errorf("f* %g: legend must name newton's first step at f* and state the floor once:\n%s", fstar, got)
		}
		if fstar == 0 {
			// f* = 0: the gap is exact down to 1.7e-20, which must be drawn.
			if !(p.Y.Min < math.Log10(1.7e-20)) || strings.Contains(got, "momentum  f − f* = 0") {
				t.Errorf("momentum's 1.7e-20 lost: y from 1e%.1f\n%s", p.Y.Min, got)
			}
		} else if !strings.Contains(got, "momentum  f − f* = 0") || p.Y.Min < -17 {
			// f* = −0.25: gaps under float64's resolution there are f* itself.
			t.Errorf("f* %g: momentum's gap is below the resolution of f: y from 1e%.1f\n%s", fstar, p.Y.Min, got)
		}
		writeFigure(t, p, fmt.Sprintf("loss-floor%g", fstar))
	}
}

// Item 2: without a known minimum the loss itself is drawn (symmetric
// log when it goes negative), and no f* is invented from the runs.
func TestLossWithoutMinimum(t *testing.T) {
	runs := []trace.Run{
		lossRun("to-zero", 200, func(k int) float64 { return math.Max(0, 1-float64(k)/100) }),
		lossRun("away", 200, func(k int) float64 { return 0.5 - math.Pow(1.2, float64(k)) }),
	}
	p, err := Loss(runs, LossOptions{NoFStar: true})
	if err != nil {
		t.Fatal(err)
	}
	got := texts(p)
	if l := p.Y.Label.Text; strings.Contains(l, "f*") || !strings.Contains(l, "symmetric log") {
		t.Errorf("y label %q", l)
	}
	if !finite(p.Y.Min, p.Y.Max) || !(p.Y.Min < 0) || strings.Contains(got, "reached f*") || !strings.Contains(got, "-1e12") {
		t.Errorf("range %g…%g, texts:\n%s", p.Y.Min, p.Y.Max, got)
	}
	pos := []trace.Run{lossRun("pos", 50, func(k int) float64 { return 1 + math.Exp(-float64(k)) })}
	if p, _ := Loss(pos, LossOptions{NoFStar: true}); !strings.HasPrefix(p.Y.Label.Text, "f ") || p.Y.Min < -0.1 {
		t.Errorf("positive losses without f*: label %q, from 1e%g", p.Y.Label.Text, p.Y.Min)
	}
	writeFigure(t, p, "loss-nominimum")
}

// Item 7: a span under a decade still has three labelled ticks.
func TestLossNarrowSpanTicks(t *testing.T) {
	for _, span := range []float64{0.8, 0.2, 0.02} {
		runs := []trace.Run{lossRun("flat", 100, func(k int) float64 { return 5 * math.Pow(10, -span*float64(k)/100) })}
		p, err := Loss(runs, LossOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if n := labelledIn(p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max), p.Y.Min, p.Y.Max); n < 3 {
			t.Errorf("span %g decades: %d labelled ticks", span, n)
		}
	}
}

func TestLossNonPositive(t *testing.T) {
	// Losses at and below a stated f* of 0 (a wrong f*): everything still
	// plots, what is at or below f* on the floor, not on an invented scale.
	runs := []trace.Run{
		lossRun("to-zero", 200, func(k int) float64 { return math.Max(0, 1-float64(k)/100) }),
		lossRun("negative", 200, func(k int) float64 { return -1.03 + math.Exp(-float64(k)/20) }),
	}
	p, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Y.Label.Text, "f*") || !finite(p.Y.Min, p.Y.Max) || !strings.Contains(texts(p), "negative  f − f* = 0  reached f* at step") {
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
