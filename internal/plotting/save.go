package plotting

import (
	"bufio"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Save draws p at width×height (0 means the default size) and writes it
// to w in format: "png" (the default for ""), "svg" or "pdf"; the other
// formats of gonum/plot (eps, jpg, tif, tex) are passed through. PNG is
// rendered at DPI and encoded with fast compression.
func Save(w io.Writer, p *plot.Plot, format string, width, height vg.Length) error {
	if p == nil {
		return fmt.Errorf("plotting: save: nil plot")
	}
	if width <= 0 {
		width = DefaultWidth
	}
	if height <= 0 {
		height = DefaultHeight
	}
	format = strings.ToLower(strings.TrimPrefix(format, "."))
	if format == "" || format == "png" {
		c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(DPI))
		p.Draw(draw.New(c))
		bw := bufio.NewWriterSize(w, 1<<16)
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(bw, c.Image()); err != nil {
			return fmt.Errorf("plotting: encode png: %w", err)
		}
		return bw.Flush()
	}
	wt, err := p.WriterTo(width, height, format)
	if err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	_, err = wt.WriteTo(w)
	return err
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
		return fmt.Errorf("plotting: %w", err)
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
		return fmt.Errorf("plotting: %w", err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("plotting: %w", err)
	}
	return nil
}
