package encode

import (
	"image"
	"image/color"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// A Raster draws text with the pixels vgimg draws (within 1/255): upright
// text on its own fast path, on a canvas moved by whole pixels (as a
// panel drawn apart is) and not, and rotated text through vgimg.
func TestRasterTextMatchesVgimg(t *testing.T) {
	sty := draw.TextStyle{Color: color.NRGBA{0x20, 0x40, 0x80, 0xff}, Font: plot.DefaultFont, Handler: plot.DefaultTextHandler}
	sty.Font.Size = vg.Points(11)
	render := func(fast bool, shift vg.Point) *image.RGBA {
		c := vgimg.NewWith(vgimg.UseWH(4*vg.Inch, 2*vg.Inch), vgimg.UseDPI(DPI))
		var vc vg.Canvas = c
		if fast {
			vc = NewRaster(c)
		}
		vc.Translate(shift)
		dc := draw.Canvas{Canvas: vc, Rectangle: vg.Rectangle{Max: vg.Point{X: 4 * vg.Inch, Y: 2 * vg.Inch}}}
		for i, s := range []string{"log10(f − f*)  ×10 median", "gd lr 0.01 ×2, medoid #0  f=7.89e-31", "-1.5 0 2.5e-3 ½ ‖ĝ‖"} {
			st := sty
			if i == 2 {
				st.Rotation = 0.5 // through vgimg
			}
			dc.FillText(st, vg.Point{X: vg.Length(10+7*i) + 0.37, Y: vg.Length(30*(i+1)) + 0.61}, s)
		}
		return c.Image().(*image.RGBA)
	}
	for _, shift := range []vg.Point{{}, {X: 36 * 0.72, Y: -17 * 0.72}} { // 0 and whole pixels (0.72 pt a pixel at 100 dpi)
		want, got := render(false, shift), render(true, shift)
		worst, inked := 0, 0
		for i := range want.Pix {
			d := int(want.Pix[i]) - int(got.Pix[i])
			worst = max(worst, d, -d)
			if want.Pix[i] != 0xff {
				inked++
			}
		}
		if inked == 0 {
			t.Fatal("nothing drawn")
		}
		if worst > 1 {
			t.Errorf("shift %v: the Raster's text differs from vgimg's by up to %d/255", shift, worst)
		}
	}
}
