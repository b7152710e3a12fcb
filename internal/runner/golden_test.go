package runner

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/cmpimg"

	"github.com/optlab/optlab/internal/config"
)

// regen (go test -regen) rewrites the golden figures; the flag is
// cmpimg's own, which registers it.
var regen = cmpimg.GenerateTestData

// saddleConfig is a surface without minima: the loss is drawn itself
// (no f*), and the runs run away from the saddle.
const saddleConfig = `name: saddle-golden
surface: {name: saddle}
start: [1.0, 0.05]
steps: 60
optimizers:
  - {name: sgd, label: gd, lr: 0.1}
  - {name: momentum, lr: 0.05, momentum: 0.9}
output: {dir: out/unused}
`

// The figures of the literal quickstart config, and of a surface without
// minima, written by the runner as a user gets them, compared pixel for
// pixel with testdata/golden-*.png (How it is checked, issue 8). Run with
// -regen when a figure is meant to change, look at the figures, and say
// so in the commit; on a mismatch the figure drawn and an image of the
// differences are left in testdata/failed-*.
func TestGoldenRunnerFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two experiments with their figures")
	}
	saddle := filepath.Join(t.TempDir(), "saddle.yaml")
	if err := os.WriteFile(saddle, []byte(saddleConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{"quickstart": "../../configs/quickstart.yaml", "saddle": saddle} {
		f, err := config.Load(path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		e, err := f.Build()
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if _, err := Write(context.Background(), e, dir, Options{}); err != nil {
			t.Fatal(err)
		}
		for _, fig := range []string{"trajectory", "loss"} {
			t.Run(name+"-"+fig, func(t *testing.T) {
				got, err := os.ReadFile(filepath.Join(dir, fig+".png"))
				if err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", "golden-"+name+"-"+fig+".png")
				if *regen {
					if err := os.MkdirAll("testdata", 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -regen to create it)", err)
				}
				ok, err := cmpimg.Equal("png", got, want)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					failed := filepath.Join("testdata", "failed-"+name+"-"+fig)
					os.WriteFile(failed+".png", got, 0o644)
					writeDiff(got, want, failed+"-diff.png")
					t.Errorf("%s differs from %s (drawn: %s.png)", fig, golden, failed)
				}
			})
		}
	}
}

// writeDiff writes cmpimg's image of the differences between two PNGs.
func writeDiff(got, want []byte, path string) {
	a, err1 := png.Decode(bytes.NewReader(got))
	b, err2 := png.Decode(bytes.NewReader(want))
	if err1 != nil || err2 != nil {
		return
	}
	d := image.NewRGBA(a.Bounds().Union(b.Bounds()))
	cmpimg.Diff(d, a, b)
	var buf bytes.Buffer
	if png.Encode(&buf, d) == nil {
		os.WriteFile(path, buf.Bytes(), 0o644)
	}
}
