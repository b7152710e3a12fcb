package play

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/plotting"
)

// The renderer draws a map of the surface in terminal cells from plain
// data: contour bands as half-block cells (two samples per cell, upper in
// the foreground colour of ▀, lower in the background), paths as braille
// dots (2×4 per cell) in their run's colour, and marker glyphs. Colours are
// written as 24-bit escapes; Bubble Tea's renderer reduces them to what the
// terminal supports (256, 16 colours); with no colours at all (plain) the
// bands become density characters.

// A window is the part of the plane the map shows.
type window struct{ x0, x1, y0, y1 float64 }

// field is the surface sampled at the half-cells of a map: band[r*w+c]
// is the contour band (0 lowest) of half-row r, column c.
type field struct {
	w, h   int // cells; h half-rows are 2*h samples
	win    window
	levels int
	band   []uint8
}

// bands is the number of contour bands of the map.
const bands = 14

// sampleField samples f on the w×h cells of win: on a log scale above the
// lowest sample (the figures' scale for surfaces with a minimum) or a
// linear one.
func sampleField(f plotting.Func2D, w, h int, win window, logScale bool) *field {
	fd := &field{w: w, h: h, win: win, levels: bands, band: make([]uint8, w*2*h)}
	if w <= 0 || h <= 0 {
		return fd
	}
	vals := make([]float64, len(fd.band))
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := 0; r < 2*h; r++ {
		y := win.y1 - (float64(r)+0.5)/float64(2*h)*(win.y1-win.y0)
		for c := 0; c < w; c++ {
			x := win.x0 + (float64(c)+0.5)/float64(w)*(win.x1-win.x0)
			v := f.At(x, y)
			vals[r*w+c] = v
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if !(hi > lo) {
		return fd
	}
	tr := func(v float64) float64 { return (v - lo) / (hi - lo) }
	if logScale {
		d := (hi - lo) * 1e-6
		l0, l1 := math.Log(d), math.Log(hi-lo+d)
		tr = func(v float64) float64 { return (math.Log(v-lo+d) - l0) / (l1 - l0) }
	}
	for i, v := range vals {
		t := 1.0
		if finite(v) {
			t = tr(v)
		}
		b := int(t * bands)
		fd.band[i] = uint8(min(max(b, 0), bands-1))
	}
	return fd
}

// bandColor is the colour of band b: the figures' heat-map colour.
func bandColor(b uint8) color.NRGBA {
	return plotting.LandscapeColor((float64(b) + 0.5) / bands)
}

// densityChars stand for the bands where there is no colour.
const densityChars = " .,:;-=+*o#%@WM"

// A grid of cells being drawn.
type canvas struct {
	w, h   int
	dots   []uint8       // braille mask per cell
	dotCol []color.NRGBA // colour of a cell's dots (the last path drawn there)
	glyph  []rune        // a marker, drawn over everything
	glyCol []color.NRGBA
}

func newCanvas(w, h int) *canvas {
	n := max(w*h, 0)
	return &canvas{w: w, h: h, dots: make([]uint8, n), dotCol: make([]color.NRGBA, n),
		glyph: make([]rune, n), glyCol: make([]color.NRGBA, n)}
}

// braille bit of the dot at column dx (0, 1) and row dy (0–3) of a cell.
var brailleBit = [2][4]uint8{{0x01, 0x02, 0x04, 0x40}, {0x08, 0x10, 0x20, 0x80}}

// toDot maps a point of the plane to dot coordinates (2 per cell across,
// 4 down), y growing downwards.
func (cv *canvas) toDot(win window, x, y float64) (float64, float64) {
	return (x - win.x0) / (win.x1 - win.x0) * float64(2*cv.w),
		(win.y1 - y) / (win.y1 - win.y0) * float64(4*cv.h)
}

// toCell maps a point of the plane to a cell (ok false outside the map).
func (cv *canvas) toCell(win window, x, y float64) (int, int, bool) {
	dx, dy := cv.toDot(win, x, y)
	if !finite(dx) || !finite(dy) || dx < 0 || dy < 0 {
		return 0, 0, false
	}
	c, r := int(dx/2), int(dy/4)
	return c, r, c < cv.w && r < cv.h
}

func (cv *canvas) setDot(dx, dy int, col color.NRGBA) {
	if dx < 0 || dy < 0 || dx >= 2*cv.w || dy >= 4*cv.h {
		return
	}
	i := dy/4*cv.w + dx/2
	cv.dots[i] |= brailleBit[dx%2][dy%4]
	cv.dotCol[i] = col
}

// line draws the segment from (ax, ay) to (bx, by) in dot coordinates,
// clipped to the canvas (Liang–Barsky), so that far-away points of a
// diverging path cost nothing.
func (cv *canvas) line(ax, ay, bx, by float64, col color.NRGBA) {
	W, H := float64(2*cv.w), float64(4*cv.h)
	t0, t1 := 0.0, 1.0
	dx, dy := bx-ax, by-ay
	for _, pq := range [4][2]float64{{-dx, ax}, {dx, W - 1e-9 - ax}, {-dy, ay}, {dy, H - 1e-9 - ay}} {
		p, q := pq[0], pq[1]
		if p == 0 {
			if q < 0 {
				return
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
		if t0 > t1 {
			return
		}
	}
	x0, y0 := ax+t0*dx, ay+t0*dy
	x1, y1 := ax+t1*dx, ay+t1*dy
	n := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0))) + 1
	for k := 0; k <= n; k++ {
		f := float64(k) / float64(n)
		cv.setDot(int(x0+f*(x1-x0)), int(y0+f*(y1-y0)), col)
	}
}

// path draws a polyline of plane points; non-finite points break it.
func (cv *canvas) path(win window, pts [][2]float64, col color.NRGBA) {
	var px, py float64
	have := false
	for _, p := range pts {
		dx, dy := cv.toDot(win, p[0], p[1])
		if !finite(dx) || !finite(dy) {
			have = false
			continue
		}
		if have {
			if math.Floor(dx) == math.Floor(px) && math.Floor(dy) == math.Floor(py) {
				continue // the same dot: most late steps of a converging run
			}
			cv.line(px, py, dx, dy, col)
		} else {
			cv.line(dx, dy, dx, dy, col)
		}
		px, py, have = dx, dy, true
	}
}

// mark puts glyph g at the cell of (x, y), when it is on the map.
func (cv *canvas) mark(win window, x, y float64, g rune, col color.NRGBA) {
	if c, r, ok := cv.toCell(win, x, y); ok {
		cv.glyph[r*cv.w+c] = g
		cv.glyCol[r*cv.w+c] = col
	}
}

// arrow draws a segment from (x, y) along (vx, vy) scaled to length
// frac of the map's width, in dots, with a head glyph.
func (cv *canvas) arrow(win window, x, y, vx, vy, frac float64, col color.NRGBA) {
	ax, ay := cv.toDot(win, x, y)
	// Direction in dot space (y down), normalised to a fixed length.
	ux := vx / (win.x1 - win.x0) * float64(2*cv.w)
	uy := -vy / (win.y1 - win.y0) * float64(4*cv.h)
	n := math.Hypot(ux, uy)
	if !(n > 0) || !finite(n) || !finite(ax) || !finite(ay) {
		return
	}
	L := frac * float64(2*cv.w)
	bx, by := ax+ux/n*L, ay+uy/n*L
	cv.line(ax, ay, bx, by, col)
}

// String writes the map over the field as lines of styled cells.
func (cv *canvas) String(fd *field, plain bool) string {
	var b strings.Builder
	b.Grow(cv.w * cv.h * 40)
	var lastFG, lastBG color.NRGBA
	haveFG, haveBG := false, false
	fg := func(c color.NRGBA) {
		if plain || (haveFG && c == lastFG) {
			return
		}
		b.WriteString("\x1b[38;2;")
		writeRGB(&b, c)
		lastFG, haveFG = c, true
	}
	bg := func(c color.NRGBA) {
		if plain || (haveBG && c == lastBG) {
			return
		}
		b.WriteString("\x1b[48;2;")
		writeRGB(&b, c)
		lastBG, haveBG = c, true
	}
	for r := 0; r < cv.h; r++ {
		for c := 0; c < cv.w; c++ {
			i := r*cv.w + c
			var top, bot uint8
			if fd != nil && fd.w == cv.w && fd.h == cv.h {
				top, bot = fd.band[2*r*cv.w+c], fd.band[(2*r+1)*cv.w+c]
			}
			switch {
			case cv.glyph[i] != 0:
				bg(bandColor(bot))
				fg(cv.glyCol[i])
				b.WriteRune(cv.glyph[i])
			case cv.dots[i] != 0:
				bg(bandColor(bot))
				fg(cv.dotCol[i])
				b.WriteRune(rune(0x2800 + int(cv.dots[i])))
			case plain:
				b.WriteByte(densityChars[int(top)*len(densityChars)/bands])
			default:
				bg(bandColor(bot))
				fg(bandColor(top))
				b.WriteString("▀")
			}
		}
		if !plain {
			b.WriteString("\x1b[0m")
			haveFG, haveBG = false, false
		}
		if r < cv.h-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func writeRGB(b *strings.Builder, c color.NRGBA) {
	var buf [16]byte
	b.Write(strconv.AppendUint(buf[:0], uint64(c.R), 10))
	b.WriteByte(';')
	b.Write(strconv.AppendUint(buf[:0], uint64(c.G), 10))
	b.WriteByte(';')
	b.Write(strconv.AppendUint(buf[:0], uint64(c.B), 10))
	b.WriteByte('m')
}

// sparkline draws v (log-scaled when positive) in n bars.
func sparkline(v []float64, n int) string {
	if n <= 0 || len(v) == 0 {
		return ""
	}
	const bars = "▁▂▃▄▅▆▇█"
	br := []rune(bars)
	pts := make([]float64, 0, n)
	for k := 0; k < n; k++ {
		i := k * (len(v) - 1) / max(n-1, 1)
		if len(v) < n {
			if k >= len(v) {
				break
			}
			i = k
		}
		x := v[i]
		if x > 0 {
			x = math.Log10(x)
		} else if x == 0 {
			x = -300
		}
		pts = append(pts, x)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range pts {
		if finite(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	var b strings.Builder
	for _, x := range pts {
		k := 0
		if hi > lo && finite(x) {
			k = int((x - lo) / (hi - lo) * float64(len(br)-1))
		}
		b.WriteRune(br[min(max(k, 0), len(br)-1)])
	}
	return b.String()
}
