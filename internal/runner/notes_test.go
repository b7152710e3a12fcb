package runner

import (
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/trace"
)

// figureTexts are the strings a figure draws.
func figureTexts(p *plot.Plot) string {
	var rec recorder.Canvas
	p.Draw(draw.NewCanvas(&rec, 800, 600))
	var b strings.Builder
	for _, a := range rec.Actions {
		if f, ok := a.(*recorder.FillString); ok {
			b.WriteString(f.String + "\n")
		}
	}
	return b.String()
}

// Item 7 of issue 8: the legends show each run's rate as it ran — after
// lr scaling, summary.json's per-run lr, not the config's — and mark a
// rate the command line set.
func TestLegendsShowScaledLR(t *testing.T) {
	f, err := config.Load("../../configs/linear-scaling.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Steps, f.Repeats = 20, 1
	e, err := f.Build()
	if err != nil {
		t.Fatal(err)
	}
	notes := runNotes(e, map[string]bool{"m=64": true})
	// m=128 has 8× the base batch 16: its rate is 8 × 0.04 under the
	// linear rule, not the 0.04 the config gives.
	if got := notes["m=128"]; got != "lr 0.32" {
		t.Errorf("m=128's note is %q, want the scaled \"lr 0.32\"", got)
	}
	if got := notes["m=64"]; got != "lr 0.16 (--lr)" {
		t.Errorf("m=64's note is %q, want \"lr 0.16 (--lr)\"", got)
	}
	var runs []trace.Run
	for _, spec := range e.Runs {
		r := trace.Run{Label: spec.Label, Status: trace.MaxSteps}
		for k := 0; k <= 5; k++ {
			r.Points = append(r.Points, trace.Point{Step: k, Loss: 1 / float64(k+1), X: []float64{-4 + float64(k)/5, 1.5}, LR: spec.LR})
		}
		runs = append(runs, r)
	}
	figs, err := Figures(e.Landscape, runs, FigureOptions{Notes: notes})
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 2 {
		t.Fatalf("%d figures, want the trajectory and the loss", len(figs))
	}
	for _, fig := range figs {
		s := figureTexts(fig.Plot)
		for _, want := range []string{"m=128 lr 0.32  ", "m=64 lr 0.16 (--lr)  ", "m=16 lr 0.04  "} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: no legend entry with %q in:\n%s", fig.Name, want, s)
			}
		}
	}
}
