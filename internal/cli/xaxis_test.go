package cli

import (
	"math"
	"testing"

	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// TestXAxisGradEvalsStretchesSAM: on the gradient-evaluation axis SAM's
// curve (two gradients a step) ends twice as far right as SGD's over the
// same steps, from the costs `optlab run` wrote to summary.json; on the
// examples axis of a network, a run's epoch is N examples whatever its
// batch.
func TestXAxisGradEvalsStretchesSAM(t *testing.T) {
	clearOptlabEnv(t)
	dir := runData(t, "surface: {name: sharpflat}\nsteps: 120\noptimizers:\n  - {name: sgd, lr: 0.05}\n  - {name: sam, rho: 0.3, base: {name: sgd, lr: 0.05}}", nil)
	sum, runs, err := trace.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	scales := trace.XScales(sum, trace.GradEvals)
	if scales["sgd"] != 1 || scales["sam"] != 2 {
		t.Fatalf("grad_evals per step %v, want sgd 1, sam 2", scales)
	}
	xmax := func(keep string, a trace.XAxis) float64 {
		var rs []trace.Run
		for _, r := range runs {
			if keep == "" || r.Label == keep {
				rs = append(rs, r)
			}
		}
		s, err := runner.SavedLandscape(sum)
		if err != nil {
			t.Fatal(err)
		}
		figs, err := runner.Figures(s, rs, runner.FigureOptions{Only: "loss", XAxis: a, XScale: trace.XScales(sum, a)})
		if err != nil {
			t.Fatal(err)
		}
		if a != trace.Steps && figs[0].Plot.X.Label.Text != "gradient evaluations" {
			t.Errorf("x label %q", figs[0].Plot.X.Label.Text)
		}
		return figs[0].Plot.X.Max
	}
	sgd, sam := xmax("sgd", trace.GradEvals), xmax("sam", trace.GradEvals)
	if math.Abs(sam-2*sgd) > 1e-9 || math.Abs(sgd-120) > 1e-9 {
		t.Errorf("x ends: sgd %g, sam %g; want 120 and 240", sgd, sam)
	}
	if st := xmax("sam", trace.Steps); st != 120 {
		t.Errorf("sam on steps ends at %g, want 120", st)
	}

	data := runData(t, "problem:\n  data: {name: moons, examples: 400}\n  model: {kind: logistic}\nepochs: 2\noptimizers:\n  - {label: m10, name: sgd, batch: 10}\n  - {label: m100, name: sgd, batch: 100}", nil)
	ds := readSummary(t, data)
	ex := trace.EpochScales(ds, trace.Examples)
	if ex["m10"] != 300 || ex["m100"] != 300 {
		t.Errorf("examples per epoch %v, want 300 (the training examples) for both", ex)
	}
	ge := trace.EpochScales(ds, trace.GradEvals)
	if ge["m10"] != 30 || ge["m100"] != 3 {
		t.Errorf("grad_evals per epoch %v, want m10 30, m100 3", ge)
	}
}
