package encode

import (
	"image"
	"image/color"
	"strings"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfCanvas mends two faults of gonum/plot's PDF canvas: it places raster
// images (the heat map, the colour bar) upside down, and it encodes text
// in code page 1252, which has no minus sign, Greek letters or ‖ — those
// come out as mojibake. Images are flipped back and such runes are
// spelled in cp1252 before they reach it.
type pdfCanvas struct {
	vg.CanvasWriterTo
}

// Stroke strokes every straight segment as a subpath of its own: vgpdf
// leaves PDF's default mitre joins, whose spikes at a noisy path's sharp
// turns reach ten line widths out (the PNG's joins have none). One
// stroke of the subpaths paints their union once, so translucent lines
// do not darken where segments meet.
func (c pdfCanvas) Stroke(p vg.Path) {
	var q vg.Path
	var cur, start vg.Point
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			cur, start = comp.Pos, comp.Pos
			q.Move(cur)
		case vg.LineComp:
			q.Move(cur)
			q.Line(comp.Pos)
			cur = comp.Pos
		case vg.CloseComp:
			q.Move(cur)
			q.Line(start)
			cur = start
		default: // arcs and curves (markers): the path unchanged
			c.CanvasWriterTo.Stroke(p)
			return
		}
	}
	c.CanvasWriterTo.Stroke(q)
}

func (c pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	// gofpdf draws images with the alpha of the last colour set (a
	// translucent path's): the colour bar came out washed out.
	c.SetColor(color.Black)
	b := img.Bounds()
	flipped := image.NewNRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			flipped.Set(x, b.Max.Y-1-(y-b.Min.Y), img.At(x, y))
		}
	}
	c.CanvasWriterTo.DrawImage(rect, flipped)
}

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, text string) {
	c.CanvasWriterTo.FillString(f, pt, cp1252(cp1252Safe(text)))
}

// SetColor passes the colour un-premultiplied: vgpdf takes the RGB of
// color.RGBA (premultiplied by alpha) and sets the alpha as well, so a
// translucent colour came out darkened twice — white halos grey, the
// interquartile bands and faint repeat paths near-black.
func (c pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.CanvasWriterTo.SetColor(straight(color.NRGBAModel.Convert(col).(color.NRGBA)))
}

// straight is a colour whose RGBA method returns un-premultiplied
// components, which is what vgpdf's use of it needs.
type straight color.NRGBA

// RGBA returns the straight (not premultiplied) components.
func (s straight) RGBA() (r, g, b, a uint32) {
	return uint32(s.R) * 0x101, uint32(s.G) * 0x101, uint32(s.B) * 0x101, uint32(s.A) * 0x101
}

// cp1252High are the runes of cp1252's 0x80–0x9f, at their byte.
var cp1252High = map[rune]byte{'€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94,
	'•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99}

// cp1252Safe spells runes that code page 1252 lacks.
func cp1252Safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		_, high := cp1252High[r]
		switch {
		case r < 0x80 || (r >= 0xa0 && r <= 0xff) || high:
			b.WriteRune(r)
		default:
			if t, ok := cp1252Spelling[r]; ok {
				b.WriteString(t)
			} else {
				b.WriteByte('?')
			}
		}
	}
	return b.String()
}

// cp1252 encodes a string of cp1252's runes in its bytes, which is what
// vgpdf's fonts (encoded in cp1252) expect: UTF-8 bytes came out as
// mojibake ("Ã—" for ×, "Â·" for ·).
func cp1252(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if c, ok := cp1252High[r]; ok {
			b = append(b, c)
		} else if r <= 0xff {
			b = append(b, byte(r))
		} else {
			b = append(b, '?')
		}
	}
	return string(b)
}

// cp1252Spelling spells the runes optlab's figures use outside cp1252.
var cp1252Spelling = map[rune]string{
	'−': "-", '‖': "|", '∇': "grad ", '√': "sqrt", '≤': "<=", '≥': ">=", '≈': "~",
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'η': "eta", 'κ': "kappa", 'λ': "lambda",
	'ρ': "rho", 'σ': "sigma", 'θ': "theta", 'ĝ': "g^", 'ŝ': "s^",
	'⁻': "^-", '⌊': "floor(", '⌋': ")", '∞': "inf",
	'←': "<-", '→': "->", 'Σ': "Sum", '∂': "d", 'Δ': "Delta", 'Λ': "Lambda", 'π': "pi",
	'ε': "eps", 'μ': "mu", 'δ': "delta", '₀': "0", '₁': "1", '₂': "2", 'ₜ': "t",
	'⁴': "^4", '⁶': "^6", 'ⁿ': "^n", 'ᵀ': "^T", 'ᵗ': "^t", '\u0302': "^", '\u0303': "~",
	'✕': "x", '▼': "v", '★': "*",
}
