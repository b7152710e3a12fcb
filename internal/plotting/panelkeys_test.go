package plotting

import (
	"fmt"
	"strings"
	"testing"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/trace"
)

// panelsFigure is a trajectory figure of eight labels on Himmelblau: small
// multiples, with four minima repeated in every panel.
func panelsFigure(t *testing.T) *plot.Plot {
	t.Helper()
	s := himmelblau()
	var runs []trace.Run
	for i, kind := range []string{"gd", "momentum", "adam"} {
		for j, lr := range []float64{1e-3, 4e-3, 1e-2} {
			if len(runs) == 8 {
				break
			}
			if kind == "adam" {
				lr *= 20
			}
			starts := [][]float64{{-0.5, 0.5}, {0.5, -0.5}, {0, 0}}
			runs = append(runs, descend(s, fmt.Sprintf("%s-%d", kind, j), kind, starts[(i+j)%3], lr, 300, 0, 1))
		}
	}
	p, err := Trajectory(s.Landscape, runs, TrajectoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Item 7 of issue 8 on small multiples: the minima are named once, in the
// legend beside the grid (a letter, the name, the value and where), and
// each panel tags its stars with the letters only, so that no panel is
// covered by four names; a figure of one panel still names them in full.
func TestPanelsNameLandmarksByKey(t *testing.T) {
	p := panelsFigure(t)
	writeFigure(t, p, "trajectory-panels-keys")
	lines := strings.Split(texts(p), "\n")
	count := func(pred func(string) bool) int {
		n := 0
		for _, l := range lines {
			if pred(l) {
				n++
			}
		}
		return n
	}
	for i, name := range []string{"global-1", "global-2", "global-3", "global-4"} {
		key := landmarkKey(i)
		if n := count(func(l string) bool { return l == key }); n != 8 {
			t.Errorf("minimum %s tagged %q in %d panels, want all 8", name, key, n)
		}
		if n := count(func(l string) bool { return strings.HasPrefix(l, key+"  "+name+"  f=") && strings.Contains(l, " at (") }); n != 1 {
			t.Errorf("%d legend entries %q…, want 1:\n%s", n, key+"  "+name, texts(p))
		}
	}
	if n := count(func(l string) bool { return l == "minimum" }); n != 0 {
		t.Errorf("a legend entry \"minimum\" besides the keyed ones")
	}
	s := himmelblau()
	one, err := Trajectory(s.Landscape, []trace.Run{descend(s, "gd", "gd", s.Start, 1e-3, 300, 0, 1)}, TrajectoryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := texts(one); !strings.Contains(got, "global-3  f=") || strings.Contains(got, "\nC\n") {
		t.Errorf("one panel: minima not named in full:\n%s", got)
	}
}

func TestLandmarkKey(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA"} {
		if got := landmarkKey(i); got != want {
			t.Errorf("landmarkKey(%d) = %q, want %q", i, got, want)
		}
	}
}
