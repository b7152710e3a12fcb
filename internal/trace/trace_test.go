package trace

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCSVRoundTrip(t *testing.T) {
	for _, noisy := range []bool{false, true} {
		var buf bytes.Buffer
		rw := NewRowWriter(&buf, "", Layout{Dim: 3, Noisy: noisy})
		if err := rw.WriteHeader(); err != nil {
			t.Fatal(err)
		}
		rw.Flush()
		pts := []Point{
			{Step: 0, LR: 0.1, Loss: 24.199999999999996, GradNorm: 232.87, NoisyGradNorm: 240, X: []float64{-1.2, 1, 1e-300}},
			{Step: 5, LR: 1e-3, Loss: math.SmallestNonzeroFloat64, GradNorm: 0, NoisyGradNorm: 3, X: []float64{math.Pi, -0.1, 1e300}},
		}
		for _, id := range []string{"adam#1", "adam#2", "sgd"} {
			w := NewRowWriter(&buf, id, Layout{Dim: 3, Noisy: noisy})
			for _, p := range pts {
				if err := w.Write(p); err != nil {
					t.Fatal(err)
				}
			}
			w.Flush()
		}
		runs, err := ReadCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != 3 || runs[0].Label != "adam" || runs[1].Repeat != 1 || runs[2].Label != "sgd" || runs[2].Repeat != 0 {
			t.Fatalf("runs: %+v", runs)
		}
		for _, r := range runs {
			for i, p := range r.Points {
				want := pts[i]
				if !noisy {
					want.NoisyGradNorm = want.GradNorm
				}
				if p.Step != want.Step || p.LR != want.LR || p.Loss != want.Loss || p.GradNorm != want.GradNorm || p.NoisyGradNorm != want.NoisyGradNorm {
					t.Fatalf("noisy=%v point %d: %+v, want %+v", noisy, i, p, want)
				}
				for j := range p.X {
					if p.X[j] != want.X[j] {
						t.Fatalf("x%d = %v, want %v (not bit-exact)", j, p.X[j], want.X[j])
					}
				}
			}
		}
	}
}

func TestHeader(t *testing.T) {
	got := Header(2, false)
	want := []string{"run", "step", "lr", "loss", "grad_norm", "x0", "x1"}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("header %v, want %v", got, want)
		}
	}
}

func TestReadCSVRejectsBadInput(t *testing.T) {
	for _, in := range []string{
		"",
		"a,b\n1,2\n",
		"run,step,lr,loss,grad_norm,x0\nadam,zero,1,1,1,1\n",
		"run,step,lr,loss,grad_norm,x0\nadam,0,1,1,1\n",
		"run,step,lr,loss,grad_norm,x0\nadam,0,1,x,1,1\n",
	} {
		if _, err := ReadCSV(bytes.NewBufferString(in)); err == nil {
			t.Errorf("ReadCSV(%q) accepted", in)
		}
	}
}

func TestReadDirJoinsSummary(t *testing.T) {
	dir := t.TempDir()
	s := &Summary{Name: "x", Surface: "rosenbrock", Dim: 2, Steps: 1, Repeats: 2,
		Runs: []RunSummary{{Label: "sgd", Optimizer: "sgd", Status: MaxSteps, Repeats: 2, RepeatStatus: []Status{MaxSteps, Diverged}}}}
	f, _ := os.Create(filepath.Join(dir, "summary.json"))
	s.WriteJSON(f)
	f.Close()
	csv := "run,step,lr,loss,grad_norm,x0,x1\nsgd#1,0,1,1,1,0,0\nsgd#1,1,1,1,1,0,0\nsgd#2,0,1,1,1,0,0\n"
	os.WriteFile(filepath.Join(dir, "trace.csv"), []byte(csv), 0o644)
	_, runs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Status != MaxSteps || runs[1].Status != Diverged || runs[1].Optimizer != "sgd" {
		t.Fatalf("runs: %+v", runs)
	}
	os.WriteFile(filepath.Join(dir, "trace.csv"), []byte("run,step,lr,loss,grad_norm,x0,x1\nadam,0,1,1,1,0,0\n"), 0o644)
	if _, _, err := ReadDir(dir); err == nil {
		t.Fatal("a run missing from summary.json was accepted")
	}
}

// Extra metric columns sit between the gradient norms and x; a metric not
// evaluated at a step is an empty cell; kept coordinates keep their names.
func TestLayoutMetricsAndProjection(t *testing.T) {
	l := Layout{Dim: 5, Noisy: true, Metrics: []string{"test_loss", "test_acc"}, XIndex: []int{1, 3}}
	if got, want := strings.Join(l.Header(), ","), "run,step,lr,loss,grad_norm,noisy_grad_norm,test_loss,test_acc,x1,x3"; got != want {
		t.Fatalf("header %q, want %q", got, want)
	}
	var buf bytes.Buffer
	w := NewRowWriter(&buf, "adam", l)
	if err := w.Write(Point{Step: 2, LR: 0.5, Loss: 1, GradNorm: 2, NoisyGradNorm: 3, Metrics: []float64{math.NaN(), 0.25}, X: []float64{7, 8}}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got, want := buf.String(), "adam,2,0.5,1,2,3,,0.25,7,8\n"; got != want {
		t.Fatalf("row %q, want %q", got, want)
	}
}

// ReadCSV reads every metric column, in header order, an empty cell as
// NaN, and MetricColumns names them.
func TestReadCSVReadsEveryMetric(t *testing.T) {
	in := "run,step,lr,loss,grad_norm,noisy_grad_norm,test_loss,test_acc,x0,x1\n" +
		"a,0,0.1,2,3,4,5,0.5,1,2\n" +
		"a,1,0.1,1,2,3,,0.75,1.5,2.5\n"
	runs, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := MetricColumns(strings.Split(strings.SplitN(in, "\n", 2)[0], ",")); strings.Join(got, ",") != "test_loss,test_acc" {
		t.Fatalf("MetricColumns: %v", got)
	}
	if len(runs) != 1 || len(runs[0].Points) != 2 {
		t.Fatalf("runs %+v", runs)
	}
	p0, p1 := runs[0].Points[0], runs[0].Points[1]
	if len(p0.Metrics) != 2 || p0.Metrics[0] != 5 || p0.Metrics[1] != 0.5 {
		t.Errorf("row 1 metrics %v, want [5 0.5]", p0.Metrics)
	}
	if len(p1.Metrics) != 2 || !math.IsNaN(p1.Metrics[0]) || p1.Metrics[1] != 0.75 {
		t.Errorf("row 2 metrics %v, want [NaN 0.75]", p1.Metrics)
	}
	if p1.X[0] != 1.5 || p1.X[1] != 2.5 {
		t.Errorf("row 2 x %v", p1.X)
	}
}
