package plotting

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/noise"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/surfaces"
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

func TestNoiseFigure(t *testing.T) {
	rosen := surfaces.Rosenbrock{A: 1, B: 100}
	batches := []int{1, 2, 4, 8, 16, 32, 64, 128, 256}
	for _, c := range []struct {
		name string
		cfg  noise.Config
		bs   []int
	}{
		{"noise_gaussian.png", noise.Config{Model: noise.Gaussian, Batch: 1, Sigma: 1}, batches},
		{"noise_finite_sum.png", noise.Config{Model: noise.FiniteSum, Batch: 1, Spread: 0.5, Examples: 512},
			append(batches, 384, 512)},
	} {
		m, err := noise.Measure(rosen, c.cfg, 1, []float64{-0.5, 0.5}, c.bs, 500)
		if err != nil {
			t.Fatal(err)
		}
		p, err := NoiseFigure(m)
		if err != nil {
			t.Fatal(err)
		}
		renderSmoothingPNG(t, p, c.name)
	}
	if _, err := NoiseFigure(noise.Measurement{Batches: []int{1}, Std: []float64{0}}); err == nil {
		t.Error("a figure without data was drawn")
	}
}
