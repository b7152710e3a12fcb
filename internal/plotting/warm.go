package plotting

import (
	"image"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/plotting/encode"
)

// Warm loads what every figure needs on first use — the fonts, parsed on
// the first text drawn — by drawing a small labelled plot nowhere. Callers
// run it while the experiment runs, so the figures start warm.
func Warm() {
	p := newPlot("warm-up 0.123456789", "x 1e-05", "y")
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	c := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(encode.DPI))
	p.Draw(draw.New(c))
}
