package play

import (
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// A recording is an animated screenshot of the playground: the model is
// driven headless by a script of messages and each frame's screen (its
// View, which writes 24-bit colour escapes) is painted into a GIF, cell by
// cell: half blocks as two colours, braille as dots, text in a bitmap font.
// It is how `make gallery` shows a play session without a terminal.

// RecordStep is one entry of a recording script: a message (a key, a
// size) and how many frames to tick after it.
type RecordStep struct {
	Msg    tea.Msg
	Frames int
}

// Key is a key press for a recording script ("tab", "+", "space", …).
func Key(k string) tea.Msg {
	switch k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	}
	r := []rune(k)[0]
	return tea.KeyPressMsg{Code: r, Text: k}
}

// Size is a terminal size for a recording script.
func Size(w, h int) tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} }

const cellW, cellH = 7, 14

// Record drives m through script and writes the frames as a GIF at fps,
// keeping every keep-th frame. It returns the number of frames written.
func Record(w io.Writer, m *Model, script []RecordStep, fps float64, keep int) (int, error) {
	keep = max(keep, 1)
	anim := &gif.GIF{}
	pal := newRecPalette()
	delay := int(100/fps*float64(keep) + 0.5)
	n := 0
	for _, st := range script {
		if st.Msg != nil {
			m.Update(st.Msg)
		}
		for range st.Frames {
			m.Update(tickMsg{})
			if n%keep == 0 {
				img := paintScreen(m.Render(), m.w, m.h, pal)
				anim.Image = append(anim.Image, img)
				anim.Delay = append(anim.Delay, delay)
			}
			n++
		}
	}
	if len(anim.Image) == 0 {
		return 0, fmt.Errorf("play: an empty recording")
	}
	return len(anim.Image), gif.EncodeAll(w, anim)
}

// recPalette is a palette grown from the colours the screen uses (a fixed
// set: the bands, the run colours, white, black), nearest beyond 256.
type recPalette struct {
	pal color.Palette
	at  map[color.NRGBA]uint8
}

func newRecPalette() *recPalette {
	p := &recPalette{at: map[color.NRGBA]uint8{}}
	p.index(color.NRGBA{0, 0, 0, 255})
	p.index(color.NRGBA{255, 255, 255, 255})
	for b := uint8(0); b < bands; b++ {
		p.index(bandColor(b))
	}
	return p
}

func (p *recPalette) index(c color.NRGBA) uint8 {
	if i, ok := p.at[c]; ok {
		return i
	}
	if len(p.pal) < 256 {
		p.pal = append(p.pal, c)
		p.at[c] = uint8(len(p.pal) - 1)
		return p.at[c]
	}
	return uint8(p.pal.Index(c))
}

// paintScreen paints a screen of w×h cells written with SGR colour escapes.
func paintScreen(screen string, w, h int, pal *recPalette) *image.Paletted {
	img := image.NewPaletted(image.Rect(0, 0, w*cellW, h*cellH), nil)
	fgDef, bgDef := color.NRGBA{230, 230, 230, 255}, color.NRGBA{20, 20, 20, 255}
	fill := func(x0, y0, x1, y1 int, c color.NRGBA) {
		ci := pal.index(c)
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.Pix[img.PixOffset(x, y)] = ci
			}
		}
	}
	fill(0, 0, w*cellW, h*cellH, bgDef)
	for row, line := range strings.Split(screen, "\n") {
		if row >= h {
			break
		}
		fg, bg := fgDef, bgDef
		col := 0
		for i := 0; i < len(line) && col < w; {
			if line[i] == 0x1b && i+1 < len(line) && line[i+1] == '[' {
				j := strings.IndexByte(line[i:], 'm')
				if j < 0 {
					break
				}
				fg, bg = sgr(line[i+2:i+j], fg, bg, fgDef, bgDef)
				i += j + 1
				continue
			}
			r, size := decodeRune(line[i:])
			i += size
			x0, y0 := col*cellW, row*cellH
			switch {
			case r == '▀':
				fill(x0, y0, x0+cellW, y0+cellH/2, fg)
				fill(x0, y0+cellH/2, x0+cellW, y0+cellH, bg)
			case r >= 0x2800 && r <= 0x28ff:
				fill(x0, y0, x0+cellW, y0+cellH, bg)
				mask := uint8(r - 0x2800)
				for dx := 0; dx < 2; dx++ {
					for dy := 0; dy < 4; dy++ {
						if mask&brailleBit[dx][dy] != 0 {
							cx, cy := x0+1+dx*3, y0+1+dy*3
							fill(cx, cy, cx+3, cy+3, fg)
						}
					}
				}
			case r >= 0x2581 && r <= 0x2588: // sparkline bars
				fill(x0, y0, x0+cellW, y0+cellH, bg)
				hgt := int(r-0x2580) * cellH / 8
				fill(x0, y0+cellH-hgt, x0+cellW-1, y0+cellH, fg)
			case r == '■' || r == '●' || r == '★' || r == '◆' || r == '✕':
				fill(x0, y0, x0+cellW, y0+cellH, bg)
				fill(x0+1, y0+3, x0+cellW-1, y0+cellH-3, fg)
			default:
				fill(x0, y0, x0+cellW, y0+cellH, bg)
				if r != ' ' {
					d := font.Drawer{Dst: img, Src: image.NewUniform(pal.pal[pal.index(fg)]), Face: basicfont.Face7x13, Dot: fixed.P(x0, y0+11)}
					d.DrawString(string(asciiOf(r)))
				}
			}
			col++
		}
	}
	img.Palette = pal.pal
	return img
}

// sgr applies one SGR sequence's parameters.
func sgr(params string, fg, bg, fgDef, bgDef color.NRGBA) (color.NRGBA, color.NRGBA) {
	ps := strings.Split(params, ";")
	for k := 0; k < len(ps); k++ {
		switch ps[k] {
		case "", "0":
			fg, bg = fgDef, bgDef
		case "38", "48":
			if k+4 < len(ps) && ps[k+1] == "2" {
				r, _ := strconv.Atoi(ps[k+2])
				g, _ := strconv.Atoi(ps[k+3])
				b, _ := strconv.Atoi(ps[k+4])
				c := color.NRGBA{uint8(r), uint8(g), uint8(b), 255}
				if ps[k] == "38" {
					fg = c
				} else {
					bg = c
				}
				k += 4
			}
		case "39":
			fg = fgDef
		case "49":
			bg = bgDef
		}
	}
	return fg, bg
}

func decodeRune(s string) (rune, int) {
	for i, r := range s {
		if i == 0 {
			return r, len(string(r))
		}
	}
	return ' ', 1
}

// asciiOf stands in for the non-ASCII letters of the panel in the bitmap font.
func asciiOf(r rune) rune {
	if r < 128 {
		return r
	}
	switch r {
	case '‖':
		return '|'
	case 'ŝ':
		return 's'
	case 'r', 'î':
		return 'r'
	case '√':
		return 'V'
	case '−':
		return '-'
	case '×':
		return 'x'
	case '·':
		return '.'
	case '▶':
		return '>'
	}
	return '?'
}
