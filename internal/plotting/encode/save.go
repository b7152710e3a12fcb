// Package encode writes gonum/plot figures to an io.Writer as PNG, SVG or
// PDF. It holds what is about files rather than figures: a lean PNG
// encoder drawing into mapped pixel buffers, and mends for gonum/plot's
// SVG and PDF canvases. Figures are built elsewhere (package plotting) as
// *plot.Plot values; Save draws one at a given size and encodes it.
package encode

import (
	"github.com/optlab/optlab/internal/parallel"

	"bytes"
	"fmt"
	"image"
	"image/color"
	imgdraw "image/draw"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default figure size: 12in × 9in, which is 1200×900 px at DPI.
const (
	DefaultWidth  = 12 * vg.Inch
	DefaultHeight = 9 * vg.Inch
	// DPI is the resolution of PNG output.
	DPI = 100
)

// Save draws p at width×height (0 means the default size) and writes it
// to w in format: "png" (the default for ""), "svg" or "pdf"; the other
// formats of gonum/plot (eps, jpg, tif, tex) are passed through. PNG is
// rendered at DPI (width×height of 12in×9in gives 1200×900 px) and
// encoded with fast compression.
func Save(w io.Writer, p *plot.Plot, format string, width, height vg.Length) error {
	return Encoder{}.Save(w, p, format, width, height)
}

// An Encoder writes figures within a shared worker limit: a PNG's bands
// are compressed on the limit's free workers. The zero Encoder has a
// limit of GOMAXPROCS of its own.
type Encoder struct {
	Limit *parallel.Limit
}

// Save is the package's Save within the encoder's limit.
func (e Encoder) Save(w io.Writer, p *plot.Plot, format string, width, height vg.Length) error {
	if e.Limit == nil {
		e.Limit = parallel.New(0)
	}
	if p == nil {
		return fmt.Errorf("encode: save: nil plot")
	}
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = DefaultHeight
	}
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	if format == "" || format == "png" {
		return savePNG(w, p, width, height, e.Limit)
	}
	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if format == "pdf" {
		c = pdfCanvas{c}
	}
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	p.Draw(Inset(dc))
	if format == "svg" {
		// gonum/plot's SVG canvas embeds raster images (the heat map, the
		// colour bar) as PNG data labelled image/jpg, which strict renderers
		// (librsvg, Inkscape) refuse to draw, and without
		// preserveAspectRatio="none", so every renderer letterboxes them
		// inside their boxes. Mend both.
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		svg := bytes.ReplaceAll(buf.Bytes(), []byte("data:image/jpg;base64,iVBOR"), []byte("data:image/png;base64,iVBOR"))
		svg = bytes.ReplaceAll(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" `))
		_, err = w.Write(svg)
		return err
	}
	_, err = c.WriteTo(w)
	return err
}

// savePNG renders p at DPI into an RGBA image shared with the drawing
// context (vgimg would copy it), fills the background with image/draw
// rather than by rasterizing a rectangle, and encodes it with encodePNG.
func savePNG(w io.Writer, p *plot.Plot, width, height vg.Length, lim *parallel.Limit) error {
	px := func(l vg.Length) int { return int(l/vg.Inch*DPI + 0.5) }
	r := image.Rect(0, 0, px(width), px(height))
	pix, free := newPixels(4 * r.Dx() * r.Dy())
	defer free()
	img := &image.RGBA{Pix: pix, Stride: 4 * r.Dx(), Rect: r}
	bg := color.Color(color.White)
	if p.BackgroundColor != nil {
		bg = p.BackgroundColor
	}
	if _, _, _, a := bg.RGBA(); a != 0xffff {
		// A translucent background needs the general encoder.
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.Transparent))
		p.Draw(Inset(draw.New(c)))
		return png.Encode(w, c.Image())
	}
	ctx := gg.NewContextForRGBA(img)
	ctx.SetLineCapButt()
	ctx.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(DPI)) // fills white
	if bg != color.White {
		imgdraw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, imgdraw.Src)
	}
	q := *p // a shallow copy, drawn without its (already painted) background
	q.BackgroundColor = nil
	q.Draw(Inset(draw.New(Canvas{Raster: NewRaster(c), Limit: lim})))
	if err := encodePNG(w, img, lim); err != nil {
		return fmt.Errorf("encode: png: %w", err)
	}
	return nil
}

// A Canvas is the raster canvas a PNG is drawn on, with the command's
// worker limit, for the plotters that can share their drawing among the
// limit's free slots (plotting's small multiples draw their panels side
// by side). Limit may be nil.
type Canvas struct {
	Raster
	Limit *parallel.Limit
}

// WorkerLimit is the limit the canvas's plotters may draw on.
func (c Canvas) WorkerLimit() *parallel.Limit { return c.Limit }

// Inset is the part of a figure's canvas the plot is drawn in: the whole
// canvas but for a small margin, so the title and legend never touch the
// edges. It is exported for the figures that lay themselves out for the
// default size (plotting's equal-aspect windows), which must see the same
// data area as Save draws.
func Inset(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, vg.Points(6), -vg.Points(14), vg.Points(4), -vg.Points(10))
}

// SaveFile writes p to path in the format given by its extension (.png,
// .svg, .pdf, …; PNG when there is none) at width×height (0: default).
// The file appears atomically: p is written to a temporary file in the
// same directory, which is renamed to path on success and removed on
// any error, so no half-written figure ever exists under path.
func SaveFile(path string, p *plot.Plot, width, height vg.Length) (err error) {
	format := strings.TrimPrefix(filepath.Ext(path), ".")
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = Save(f, p, format, width, height); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("encode: %w", err)
	}
	return nil
}
