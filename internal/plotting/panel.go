package plotting

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// colorBar is a vertical colour scale for a heat map.
type colorBar struct {
	pal      landscapePalette
	min, max float64
	label    string
}

// sidePanel is a plotter that reserves a column to the right of the data
// area (through its GlyphBoxes, which make the plot shrink its data area)
// and draws a colour bar and a legend there, so neither hides any data.
type sidePanel struct {
	bar    *colorBar    // may be nil
	legend *plot.Legend // may be nil or empty
}

const (
	panelGap = vg.Length(14) // between blocks (points)
	barWidth = vg.Length(16)
)

var (
	barTickStyle  = textStyle(tickSize-1, color.Black)
	barLabelStyle = textStyle(labelSize-1, color.Black)
)

func (s *sidePanel) barTicks() []plot.Tick {
	var ts []plot.Tick
	for _, t := range (linTicks{6}).Ticks(s.bar.min, s.bar.max) {
		if t.Label != "" && t.Value >= s.bar.min && t.Value <= s.bar.max {
			ts = append(ts, t)
		}
	}
	return ts
}

// barBlockWidth is the width of the colour bar with its ticks and label.
func (s *sidePanel) barBlockWidth() vg.Length {
	if s.bar == nil {
		return 0
	}
	var tw vg.Length
	for _, t := range s.barTicks() {
		tw = max(tw, barTickStyle.Width(t.Label))
	}
	return barWidth + 4 + tw + 8 + barLabelStyle.Height(s.bar.label)
}

func (s *sidePanel) legendWidth() vg.Length {
	if s.legend == nil {
		return 0
	}
	return s.legend.Rectangle(draw.Canvas{}).Size().X
}

// GlyphBoxes implements plot.GlyphBoxer: one box at the right edge of the
// data area, as wide as the panel and of zero height.
func (s *sidePanel) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	w := panelGap + s.barBlockWidth() + vg.Points(6)
	if lw := s.legendWidth(); lw > 0 {
		w += panelGap + lw
	}
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: w}}}}
}

// Plot implements plot.Plotter; c is the data area.
func (s *sidePanel) Plot(c draw.Canvas, _ *plot.Plot) {
	x := c.Max.X + panelGap
	if s.bar != nil {
		s.drawBar(c, x)
		x += s.barBlockWidth() + panelGap
	}
	if s.legend == nil {
		return
	}
	// Shrink the legend font while it is taller than the data area (on a
	// copy: drawing must not change the plot).
	leg := *s.legend
	for leg.Rectangle(c).Size().Y > c.Size().Y && leg.TextStyle.Font.Size > 7 {
		leg.TextStyle.Font.Size--
	}
	lc := c
	lc.Min.X, lc.Max.X = x, x+s.legendWidth()
	leg.Draw(lc)
}

func (s *sidePanel) drawBar(c draw.Canvas, x vg.Length) {
	b := s.bar
	const n = 256
	img := image.NewNRGBA(image.Rect(0, 0, 1, n))
	for i := 0; i < n; i++ {
		img.SetNRGBA(0, n-1-i, b.pal.at(float64(i)/(n-1)))
	}
	r := vg.Rectangle{Min: vg.Point{X: x, Y: c.Min.Y}, Max: vg.Point{X: x + barWidth, Y: c.Max.Y}}
	c.DrawImage(r, img)
	edge := draw.LineStyle{Color: color.Gray{0x40}, Width: vg.Points(0.6)}
	c.StrokeLines(edge, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min})
	sty := barTickStyle
	sty.XAlign, sty.YAlign = text.XLeft, text.YCenter
	var tw vg.Length
	for _, t := range s.barTicks() {
		y := c.Min.Y + vg.Length((t.Value-b.min)/(b.max-b.min))*(c.Max.Y-c.Min.Y)
		c.StrokeLine2(edge, r.Max.X, y, r.Max.X+4, y)
		c.FillText(sty, vg.Point{X: r.Max.X + 6, Y: y}, t.Label)
		tw = max(tw, sty.Width(t.Label))
	}
	ls := barLabelStyle
	ls.Rotation = math.Pi / 2 // reads upwards, like the y axis label
	ls.XAlign, ls.YAlign = text.XCenter, text.YTop
	c.FillText(ls, vg.Point{X: r.Max.X + 6 + tw + 8, Y: (c.Min.Y + c.Max.Y) / 2}, b.label)
}

// powTicks marks an axis of exponents (log10 of the plotted values):
// powers of ten, every k-th labelled so that at most ~8 are, and minor
// ticks at log10 of 2…9 × 10^e on ranges of up to 6 decades. Labels are
// plain decimals when all lie in 0.001…10000, else 1eN. (The bundled
// Liberation fonts lack superscript minus and zero, so no 10⁻⁸.)
type powTicks struct{}

// Ticks implements plot.Ticker.
func (powTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo, hi) || !(hi > lo) {
		return nil
	}
	e0, e1 := math.Floor(lo), math.Ceil(hi)
	decades := e1 - e0
	step := math.Max(1, math.Ceil(decades/8))
	plain := e0 >= -3 && e1 <= 4
	var ts []plot.Tick
	for e := e0; e <= e1; e++ {
		t := plot.Tick{Value: e}
		if math.Mod(e, step) == 0 {
			t.Label = "1e" + strconv.Itoa(int(e))
			if plain {
				t.Label = strconv.FormatFloat(math.Pow(10, e), 'f', -1, 64)
			}
		}
		ts = append(ts, t)
		if decades <= 6 && e < e1 {
			for m := 2.0; m < 10; m++ {
				ts = append(ts, plot.Tick{Value: e + math.Log10(m)})
			}
		}
	}
	if labelledIn(ts, lo, hi) < 3 {
		// A span under a decade or two: label the minor ticks too, and
		// below that, round values in between.
		ts = log10Ticks(lo, hi)
		if labelledIn(ts, lo, hi) < 3 {
			ts = nil
			for _, t := range stepTicks(math.Pow(10, lo), math.Pow(10, hi)) {
				if t.Value > 0 {
					ts = append(ts, plot.Tick{Value: math.Log10(t.Value), Label: t.Label})
				}
			}
		}
	}
	return ts
}

func labelledIn(ts []plot.Tick, lo, hi float64) int {
	n := 0
	for _, t := range ts {
		if t.Label != "" && t.Value >= lo && t.Value <= hi {
			n++
		}
	}
	return n
}

// symTicks marks a symmetric-log axis y = sign(f)·log10(1 + |f|/c): 0 and
// ±10^k beyond c, every k-th decade labelled so that at most ~5 a side are.
type symTicks struct{ c float64 }

// Ticks implements plot.Ticker.
func (s symTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo, hi) || !(hi > lo) {
		return nil
	}
	inv := func(y float64) float64 { return math.Copysign(s.c*(math.Pow(10, math.Abs(y))-1), y) }
	fwd := func(f float64) float64 { return math.Copysign(math.Log10(1+math.Abs(f)/s.c), f) }
	top := math.Max(math.Abs(inv(lo)), math.Abs(inv(hi)))
	e0, e1 := math.Ceil(math.Log10(s.c)), math.Floor(math.Log10(top))
	step := math.Max(1, math.Ceil((e1-e0+1)/5))
	ts := []plot.Tick{{Value: 0, Label: "0"}}
	for e := e0; e <= e1; e++ {
		// Decades aligned on 10^0, none within 10× of c (they would
		// crowd the 0 label).
		label := math.Mod(e, step) == 0 && e > e0
		for _, sg := range []float64{1, -1} {
			y := fwd(sg * math.Pow(10, e))
			if y < lo || y > hi {
				continue
			}
			t := plot.Tick{Value: y}
			if label {
				t.Label = "1e" + strconv.Itoa(int(e))
				if sg < 0 {
					t.Label = "-" + t.Label
				}
			}
			ts = append(ts, t)
		}
	}
	return ts
}
