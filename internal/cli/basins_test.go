package cli

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// TestSharpVsFlatBasins runs configs/sharp-vs-flat.yaml as documented and
// checks the chapter's claims on its real runs: from the grid of starts,
// SAM (at m = 1) ends in the flat basin more often than GD, and SGD at
// m = 1 more often than at m = 1024. It also checks what the fractions
// are made of: every run classified, fractions summing to 1, and each
// label's fraction the count of its runs' basins.
func TestSharpVsFlatBasins(t *testing.T) {
	clearOptlabEnv(t)
	dir := filepath.Join(t.TempDir(), "svf")
	if code, _, stderr := run(t, "run", "../../configs/sharp-vs-flat.yaml", "--out", dir, "-q"); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	sum, runs, err := trace.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Starts == nil || len(sum.Starts.Grid) != 2 {
		t.Fatalf("summary.json has no grid of starts: %+v", sum.Starts)
	}
	n := sum.Starts.Grid[0] * sum.Starts.Grid[1]
	flat := map[string]float64{}
	for _, r := range sum.Runs {
		if len(r.RepeatBasin) != n || r.Repeats != n {
			t.Fatalf("%s: %d basins, %d runs, want %d", r.Label, len(r.RepeatBasin), r.Repeats, n)
		}
		count := map[string]int{}
		for _, b := range r.RepeatBasin {
			count[b]++
		}
		var total float64
		for b, f := range r.Basins {
			total += f
			if want := float64(count[b]) / float64(n); math.Abs(f-want) > 1e-12 {
				t.Errorf("%s: basins[%s] = %g, its runs say %g", r.Label, b, f, want)
			}
		}
		if math.Abs(total-1) > 1e-12 {
			t.Errorf("%s: basin fractions sum to %g", r.Label, total)
		}
		for _, want := range []string{"sharp", "flat", "none"} {
			if _, ok := r.Basins[want]; !ok {
				t.Errorf("%s: basins lacks %q: %v", r.Label, want, r.Basins)
			}
		}
		flat[r.Label] = r.Basins["flat"]
		// With the config's test_shift, the runs that end flat generalize
		// better: their median gap is smaller than those that end sharp.
		if g, ok := r.BasinGaps["sharp"]; ok {
			if f, ok := r.BasinGaps["flat"]; !ok || !(f < g) {
				t.Errorf("%s: gap at flat %v, at sharp %g: want smaller at flat", r.Label, r.BasinGaps["flat"], g)
			}
		} else if r.Basins["sharp"] > 0 {
			t.Errorf("%s: no gap for the runs ending sharp: %v", r.Label, r.BasinGaps)
		}
	}
	t.Logf("flat fractions: %v", flat)
	if !(flat["sam m=1"] > flat["gd"]) {
		t.Errorf("SAM (m=1) ends flat %.3f of the time, GD %.3f: want SAM more often", flat["sam m=1"], flat["gd"])
	}
	if !(flat["sgd m=1"] > flat["sgd m=1024"]) {
		t.Errorf("SGD m=1 ends flat %.3f of the time, m=1024 %.3f: want m=1 more often", flat["sgd m=1"], flat["sgd m=1024"])
	}
	// trace.csv keeps each run's start and end only, the starts on the grid.
	for _, r := range runs {
		if len(r.Points) != 2 || r.Points[0].Step != 0 || r.Points[1].Step != sum.Steps {
			t.Fatalf("%s#%d: %d trace rows (steps %v), want its start and step %d", r.Label, r.Repeat+1, len(r.Points), r.Points, sum.Steps)
		}
	}
	// plot basins --from redraws the same figure from the folder.
	redrawn := filepath.Join(t.TempDir(), "re.png")
	if code, _, stderr := run(t, "plot", "basins", "--from", dir, "--out", redrawn); code != ExitOK {
		t.Fatalf("plot basins: exit %d: %s", code, stderr)
	}
	if a, b := decodePNG(t, filepath.Join(dir, "basins.png")), decodePNG(t, redrawn); !bytes.Equal(a.Pix, b.Pix) || a.Rect != b.Rect {
		t.Errorf("plot basins --from draws other pixels than run did")
	}
}

// TestPlotBasinsRefusesOtherFolders: a folder of a run without starts is
// no basin experiment: exit 2 naming it, nothing written.
func TestPlotBasinsRefusesOtherFolders(t *testing.T) {
	clearOptlabEnv(t)
	t.Chdir(t.TempDir())
	if code, _, stderr := execCLI(t, "compare", "sgd", "adam", "--steps", "5", "--out", "plain", "-q"); code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	code, stdout, stderr := execCLI(t, "plot", "basins", "--from", "plain", "--out", "plain/b.png")
	if code != ExitUsage || stdout != "" || !bytes.Contains([]byte(stderr), []byte("not a basin experiment")) {
		t.Errorf("plot basins of a plain run: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat("plain/b.png"); err == nil {
		t.Error("plot basins wrote a figure of a plain run")
	}
}

func decodePNG(t *testing.T, path string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewNRGBA(img.Bounds())
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

// TestBasinTable: run's table of a basin experiment gives each label's
// basins, the largest share first.
func TestBasinTable(t *testing.T) {
	var b bytes.Buffer
	printTable(&b, &trace.Summary{Starts: &trace.StartsSummary{Radius: 0.43}, Runs: []trace.RunSummary{
		{Label: "gd", Optimizer: "gd", Repeats: 8, Basins: map[string]float64{"sharp": 0.25, "flat": 0.625, "none": 0.125}},
	}})
	want := "gd     gd         8     flat 62.5% · sharp 25.0% · none 12.5%"
	if !bytes.Contains(b.Bytes(), []byte(want)) || !bytes.Contains(b.Bytes(), []byte("ended in (radius 0.43)")) {
		t.Errorf("table:\n%s\nwant a row %q", b.String(), want)
	}
}
