// Package plotting builds optlab's figures as gonum/plot values: the
// landscape of a 2-D surface with optimizer paths on it (Trajectory), the
// landscape alone (SurfaceFigure), loss-versus-step curves (Loss), the
// gradient noise against the batch size (NoiseFigure) and the smoothing
// teaching figures. Figures are plain *plot.Plot values built from plain
// data; package encode writes them as PNG, SVG or PDF.
//
// Figures are drawn defensively: non-finite values never reach a plotter,
// paths that leave the window are clipped to it in data space, and a run
// that stopped early (diverged, out of bounds, …) gets its last point
// marked with an X and its status in the legend. Legends and the colour
// bar sit outside the data area, on the right.
package plotting

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/optlab/optlab/internal/trace"
)

// Font sizes, chosen to be readable at the default size.
const (
	titleSize  = 18
	labelSize  = 16
	tickSize   = 14
	legendSize = 13
)

var sansFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle is a plain-text style in the figures' font.
func textStyle(size vg.Length, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    font.From(sansFont, size),
		Handler: plot.DefaultTextHandler,
	}
}

// newPlot returns a plot with optlab's fonts and axis styling.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(titleSize, color.Black)
	p.Title.TextStyle.XAlign = draw.XCenter
	p.Title.TextStyle.YAlign = draw.YTop
	p.Title.Padding = vg.Points(10)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle = textStyle(labelSize, color.Black)
		ax.Label.TextStyle.XAlign = draw.XCenter
		ax.Tick.Label = textStyle(tickSize, color.Black)
		ax.Tick.Length = vg.Points(6)
		ax.Padding = 0
		ax.Label.Padding = vg.Points(4)
	}
	p.X.Tick.Label.XAlign = draw.XCenter
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Tick.Label.XAlign = draw.XRight
	p.Y.Tick.Label.YAlign = draw.YCenter
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker, p.Y.Tick.Marker = linTicks{7}, linTicks{7}
	return p
}

// newLegend returns a legend in the figures' font, text after the icons.
func newLegend() *plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = textStyle(legendSize, color.Black)
	l.Left, l.Top = true, true
	l.ThumbnailWidth = vg.Points(26)
	l.Padding = vg.Points(5)
	return &l
}

// runColors is a qualitative palette (matplotlib's tab10, the red and
// brown slightly darkened to stand out on the light heat map) extended by
// five darker tones, so that up to 15 labels get distinct colours.
var runColors = []color.NRGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0xe3, 0x77, 0xc2, 0xff}, // pink
	{0x33, 0x33, 0x33, 0xff}, // near-black
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
	{0x00, 0x3f, 0x7f, 0xff}, // navy
	{0x9e, 0x3d, 0x00, 0xff}, // rust
	{0x00, 0x6d, 0x2c, 0xff}, // dark green
	{0x6a, 0x1b, 0x9a, 0xff}, // indigo
	{0x80, 0x80, 0x80, 0xff}, // grey
}

// RunColor returns the colour of the i-th label (cycling after 15).
func RunColor(i int) color.NRGBA { return runColors[i%len(runColors)] }

// withAlpha returns c with opacity a in [0, 1].
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(a*255 + 0.5)
	return c
}

// stopped reports whether a run ended early, so its last point is marked.
func stopped(s trace.Status) bool {
	return s != "" && s != trace.MaxSteps && s != trace.Converged
}

// linTicks labels about n round values (steps of 1, 2, 2.5 or 5 × 10^k)
// with a minor tick halfway between labels.
type linTicks struct{ n int }

// Ticks implements plot.Ticker.
func (t linTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo, hi) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 4, 64)}}
	}
	raw := (hi - lo) / float64(max(t.n, 2))
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * mag
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*mag >= raw*0.999 {
			step = m * mag
			break
		}
	}
	decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	if math.Abs(step/mag-2.5) < 1e-9 {
		decimals++
	}
	big := math.Max(math.Abs(lo), math.Abs(hi))
	var ts []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		label := strconv.FormatFloat(v, 'f', decimals, 64)
		if big >= 1e6 || step < 1e-4 {
			label = strconv.FormatFloat(v, 'g', 4, 64)
		}
		if v == 0 {
			v, label = 0, "0"
		}
		ts = append(ts, plot.Tick{Value: v, Label: label})
		if h := v + step/2; h <= hi {
			ts = append(ts, plot.Tick{Value: h})
		}
	}
	if first := math.Ceil(lo/step-1e-9)*step - step/2; first >= lo {
		ts = append(ts, plot.Tick{Value: first})
	}
	return ts
}
