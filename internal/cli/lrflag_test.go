package cli

import "testing"

// Item 7 of issue 8: the labels whose rate compare's --lr set, by
// optimizer name or by label, are the ones the legends mark "(--lr)".
func TestLRFlagged(t *testing.T) {
	o := &CompareOptions{Optimizers: []string{"sgd", "adam", "adam"}, Surface: "rosenbrock",
		LR: []string{"sgd=0.002", "adam-2=0.01"}, Repeats: 1, RecordEvery: 1}
	f, err := compareConfig(o)
	if err != nil {
		t.Fatal(err)
	}
	got := lrFlagged(f, o.LR)
	want := map[string]bool{"sgd": true, "adam-2": true}
	if len(got) != len(want) || !got["sgd"] || !got["adam-2"] || got["adam"] {
		t.Errorf("flagged %v, want %v", got, want)
	}
}
