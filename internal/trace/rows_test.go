package trace

import (
	"strings"
	"testing"
)

// ReadCSV and ReadTable group rows by run in order of first appearance
// (repeats split from "label#k"), however the runs' rows interleave, and
// name the line of a bad step.
func TestReadersGroupRows(t *testing.T) {
	const in = "run,step,lr,loss,grad_norm,x0\n" +
		"a#2,0,0.1,1,2,0.5\n" +
		"b,0,0.1,3,4,0.25\n" +
		"a#2,5,0.1,0.5,1,0.125\n" +
		"b,5,0.1,2,3,0.0625\n"
	runs, err := ReadCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ReadTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || len(tb.Runs) != 2 {
		t.Fatalf("%d runs from ReadCSV, %d from ReadTable, want 2", len(runs), len(tb.Runs))
	}
	for i, want := range []struct {
		label  string
		repeat int
		loss   []float64
	}{{"a", 1, []float64{1, 0.5}}, {"b", 0, []float64{3, 2}}} {
		r, tr := runs[i], tb.Runs[i]
		if r.Label != want.label || r.Repeat != want.repeat || tr.Label != want.label || tr.Repeat != want.repeat {
			t.Errorf("run %d: %s#%d and %s#%d, want %s#%d", i, r.Label, r.Repeat, tr.Label, tr.Repeat, want.label, want.repeat)
		}
		loss, _ := tr.Column("loss")
		if len(r.Points) != 2 || len(loss) != 2 || r.StopStep != 5 || tr.Steps[1] != 5 {
			t.Fatalf("run %d: %d points, %d losses, stop %d", i, len(r.Points), len(loss), r.StopStep)
		}
		for k, l := range want.loss {
			if r.Points[k].Loss != l || loss[k] != l {
				t.Errorf("run %d step %d: loss %g and %g, want %g", i, k, r.Points[k].Loss, loss[k], l)
			}
		}
	}
	bad := strings.Replace(in, "b,5,", "b,five,", 1)
	if _, err := ReadCSV(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 5: step") {
		t.Errorf("ReadCSV of a bad step: %v, want line 5", err)
	}
	if _, err := ReadTable(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 5: step") {
		t.Errorf("ReadTable of a bad step: %v, want line 5", err)
	}
}
