package plotting

import (
	"math"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// Item 7 of issue 8: a 5·10⁶-step loss figure's step labels are short
// ("1M 2M …", never "1e+06"), at least three, and apart from each other
// on the page.
func TestLossStepLabelsAtMillions(t *testing.T) {
	const steps = 5_000_000
	var runs []trace.Run
	for i, rate := range []float64{1e-5, 3e-6} {
		r := trace.Run{Label: []string{"gd", "adam"}[i], Status: trace.MaxSteps}
		for k := 0; k <= steps; k += 5000 { // recorded every 5000 steps
			r.Points = append(r.Points, trace.Point{Step: k, Loss: math.Exp(-rate * float64(k)), X: []float64{0, 0}})
		}
		runs = append(runs, r)
	}
	p, err := Loss(runs, LossOptions{})
	if err != nil {
		t.Fatal(err)
	}
	writeFigure(t, p, "loss-5e6-steps")
	_, data := record(p)
	scale := float64(data.Max.X-data.Min.X) / (p.X.Max - p.X.Min)
	var labels []string
	var right float64 = math.Inf(-1) // where the previous label ends, in points
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if tk.Label == "" {
			continue
		}
		labels = append(labels, tk.Label)
		if strings.ContainsAny(tk.Label, "e+") || len(tk.Label) > 4 {
			t.Errorf("step label %q at %g: not short", tk.Label, tk.Value)
		}
		w := float64(p.X.Tick.Label.Width(tk.Label))
		x := scale * (tk.Value - p.X.Min)
		if x-w/2 < right+2 {
			t.Errorf("step label %q at %g overlaps the one before it", tk.Label, tk.Value)
		}
		right = x + w/2
	}
	if len(labels) < 3 {
		t.Errorf("step labels %q: want at least three", labels)
	}
	if !strings.Contains(strings.Join(labels, " "), "1M 2M") {
		t.Errorf("step labels %q: want 1M 2M …", labels)
	}
	for v, want := range map[float64]string{0: "0", 500: "500", 2500: "2500", 25000: "25k", 250000: "250k", 1.5e6: "1.5M", 1500000.0000000002: "1.5M", 5e6: "5M"} {
		if got := stepLabel(v); got != want {
			t.Errorf("stepLabel(%v) = %q, want %q", v, got, want)
		}
	}
}
