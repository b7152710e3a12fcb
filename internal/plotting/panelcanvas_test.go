package plotting

import (
	"image"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/plotting/encode"
)

// The panels of small multiples drawn side by side on a worker limit,
// each on a canvas of its own, give the pixels of drawing them one after
// the other on the figure (up to the rounding of compositing their
// translucent edges: 2/255).
func TestPanelsApartMatchInPlace(t *testing.T) {
	p := panelsFigure(t)
	draw1 := func(limit *parallel.Limit) *image.RGBA {
		c := vgimg.NewWith(vgimg.UseWH(encode.DefaultWidth, encode.DefaultHeight), vgimg.UseDPI(encode.DPI))
		var vc vg.CanvasSizer = c // no limit: the panels are drawn on the figure
		if limit != nil {
			vc = encode.Canvas{Raster: encode.NewRaster(c), Limit: limit}
		}
		p.Draw(encode.Inset(draw.New(vc)))
		return c.Image().(*image.RGBA)
	}
	inPlace, apart := draw1(nil), draw1(parallel.New(2))
	worst, differ := 0, 0
	for i := range inPlace.Pix {
		d := int(inPlace.Pix[i]) - int(apart.Pix[i])
		d = max(d, -d)
		worst = max(worst, d)
		if d > 0 {
			differ++
		}
	}
	if worst > 2 {
		t.Errorf("panels drawn apart differ from drawn in place by up to %d/255 (%d channel values differ)", worst, differ)
	}
}

// A panel's title is fitted to the panel's width: smaller, then the label
// alone, never wider than the panel.
func TestFitTitle(t *testing.T) {
	p := plot.New()
	shrinkText := func() { p.Title.TextStyle.Font.Size = vg.Points(11) }
	for _, c := range []struct {
		text, label, want string
		wd                vg.Length
	}{
		{"gd", "gd", "gd", vg.Points(100)},
		{"gd lr 0.01 ×2, medoid #0  f=7.89e-31", "gd", "gd", vg.Points(90)},
		{"adam lr 0.3  f=0.00146", "adam", "adam lr 0.3  f=0.00146", vg.Points(200)},
	} {
		shrinkText()
		p.Title.Text = c.text
		fitTitle(p, c.label, c.wd)
		if p.Title.Text != c.want {
			t.Errorf("%q in %v: title %q, want %q", c.text, c.wd, p.Title.Text, c.want)
		}
		if w := p.Title.TextStyle.Width(p.Title.Text); w > c.wd {
			t.Errorf("%q in %v: title %q is %v wide", c.text, c.wd, p.Title.Text, w)
		}
	}
}
