package optimizers

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// r_t and the switch step against torch.optim.RAdam's, read off its steps
// on f(x) = x by testdata/extra/radam_rect.py (β2 = 0.999, 0.99, 0.8, 0.7; 300 steps each):
// the step is 1 before the switch and r_t after it.
func TestRAdamRectMatchesTorch(t *testing.T) {
	f, err := os.Open("../../testdata/extra/radam_rect.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	switches := map[float64]int{}
	for _, rec := range recs[1:] {
		b2, _ := strconv.ParseFloat(rec[0], 64)
		step, _ := strconv.Atoi(rec[1])
		torchStep, _ := strconv.ParseFloat(rec[2], 64)
		rect, adaptive := RAdamRect(b2, step)
		want := 1.0
		if adaptive {
			want = rect
			if switches[b2] == 0 {
				switches[b2] = step
			}
		}
		if math.Abs(torchStep-want) > 1e-12 {
			t.Fatalf("β2=%g t=%d: torch step %.17g, ours %.17g (adaptive %v)", b2, step, torchStep, want, adaptive)
		}
	}
	if len(switches) != 4 {
		t.Fatalf("switch steps for %d β2 values: %v", len(switches), switches)
	}
	for b2, s := range switches {
		if RAdamSwitch(b2, 300) != s {
			t.Errorf("β2=%g: RAdamSwitch %d, torch switches at %d", b2, RAdamSwitch(b2, 300), s)
		}
		t.Logf("β2 = %g: torch and optlab switch at t = %d", b2, s)
	}
}
