package plotting

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// renderSmoothingPNG draws p at the default size and DPI (1200×900 px)
// into $OPTLAB_PLOT_OUT/name when that is set, else into io.Discard.
func renderSmoothingPNG(t *testing.T, p *plot.Plot, name string) {
	t.Helper()
	c := vgimg.NewWith(vgimg.UseWH(encode.DefaultWidth, encode.DefaultHeight), vgimg.UseDPI(encode.DPI))
	p.Draw(draw.New(c))
	var w io.Writer = io.Discard
	if dir := os.Getenv("OPTLAB_PLOT_OUT"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		w = f
	}
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(w); err != nil {
		t.Fatal(err)
	}
}

func TestSmoothingFigures(t *testing.T) {
	p, err := SmoothingFigure(SmoothingOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	renderSmoothingPNG(t, p, "smoothing.png")
	p, err = SmoothingBiasFigure(SmoothingOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	renderSmoothingPNG(t, p, "smoothing_bias.png")
	if _, err := SmoothingFigure(SmoothingOptions{Alphas: []float64{1}}); err == nil {
		t.Error("α = 1 accepted")
	}
}
