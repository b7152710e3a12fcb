package encode

import (
	"image"
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

func (c pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
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
	c.CanvasWriterTo.FillString(f, pt, cp1252Safe(text))
}

// cp1252Safe spells runes that code page 1252 lacks.
func cp1252Safe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 || (r >= 0xa0 && r <= 0xff):
			b.WriteRune(r)
		case strings.ContainsRune("–—‘’“”•…€™", r): // in cp1252's 0x80–0x9f
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

// cp1252Spelling spells the runes optlab's figures use outside cp1252.
var cp1252Spelling = map[rune]string{
	'−': "-", '‖': "|", '∇': "grad ", '√': "sqrt", '≤': "<=", '≥': ">=", '≈': "~",
	'α': "alpha", 'β': "beta", 'γ': "gamma", 'η': "eta", 'κ': "kappa", 'λ': "lambda",
	'ρ': "rho", 'σ': "sigma", 'θ': "theta", 'ĝ': "g^", 'ŝ': "s^",
	'⁻': "^-", '¹': "1", '⌊': "floor(", '⌋': ")", '∞': "inf",
}
