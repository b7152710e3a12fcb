package encode

import (
	"github.com/optlab/optlab/internal/parallel"

	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"github.com/klauspost/compress/flate"
	"hash/adler32"
	"hash/crc32"
	"image"
	"io"
)

// encodePNG writes an opaque image as an 8-bit RGB PNG. It is a lean
// stand-in for image/png, which tries five filters on every row: here no
// row is filtered (plots are runs of equal pixels — flat areas, and the
// 256 steps of the heat map palette — which deflate finds directly; the
// Sub, Up and Paeth filters all made larger files) and deflate
// (klauspost/compress, about 1.5× faster than compress/flate at the same
// size) runs at BestSpeed on bands of rows in parallel and joined
// pigz-style (every band but the last
// ends with a sync flush, so the concatenation is one valid deflate
// stream). The alpha channel is dropped, so img must be opaque.
func encodePNG(w io.Writer, img *image.RGBA, lim *parallel.Limit) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	// The band count is the limit's size, not the workers free right now,
	// so the bytes written depend on the limit alone.
	bands := max(1, min(lim.Size(), 4, height/64))
	comp := make([][]byte, bands) // the deflate stream of each band
	errs := make([]error, bands)
	// rowsOf feeds the unfiltered rows y0 ≤ y < y1 to fn through one
	// reused buffer: nothing image-sized is allocated besides img.
	rowsOf := func(y0, y1 int, fn func([]byte) error) error {
		row := make([]byte, 1+3*width) // row[0] = 0: filter type None
		for y := y0; y < y1; y++ {
			src := img.Pix[img.PixOffset(b.Min.X, y):]
			for x, j := 0, 1; x < width; x, j = x+1, j+3 {
				row[j], row[j+1], row[j+2] = src[4*x], src[4*x+1], src[4*x+2]
			}
			if err := fn(row); err != nil {
				return err
			}
		}
		return nil
	}
	// Each band deflates its rows and sums them (zlib's Adler-32) as it
	// goes; the bands' sums are combined after, so the rows are converted
	// once.
	sums := make([]uint32, bands)
	lens := make([]int, bands)
	lim.Do(bands, func(k int) {
		y0, y1 := b.Min.Y+height*k/bands, b.Min.Y+height*(k+1)/bands
		var z bytes.Buffer
		fw, _ := flate.NewWriter(&z, flate.BestSpeed) // a valid level: no error
		sum := adler32.New()
		err := rowsOf(y0, y1, func(row []byte) error {
			sum.Write(row)
			_, err := fw.Write(row)
			return err
		})
		if err == nil && k == bands-1 {
			err = fw.Close()
		} else if err == nil {
			err = fw.Flush()
		}
		comp[k], errs[k] = z.Bytes(), err
		sums[k], lens[k] = sum.Sum32(), (y1-y0)*(1+3*width)
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	total := sums[0]
	for k := 1; k < bands; k++ {
		total = adler32Combine(total, sums[k], lens[k])
	}

	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	writeChunk(bw, "IHDR", ihdr[:])
	// IDAT = zlib header, the bands' deflate streams, the Adler-32 sum;
	// written piecewise with the CRC kept as it goes, never concatenated.
	parts := [][]byte{{0x78, 0x01}} // zlib header: deflate, 32K window, fastest
	parts = append(parts, comp...)
	parts = append(parts, binary.BigEndian.AppendUint32(nil, total))
	writeChunk(bw, "IDAT", parts...)
	writeChunk(bw, "IEND")
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, kind string, data ...[]byte) {
	n := 0
	for _, d := range data {
		n += len(d)
	}
	var buf [4]byte
	binary.BigEndian.PutUint32(buf[:], uint32(n))
	w.Write(buf[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	w.WriteString(kind)
	for _, d := range data {
		crc.Write(d)
		w.Write(d)
	}
	binary.BigEndian.PutUint32(buf[:], crc.Sum32())
	w.Write(buf[:])
}

// adler32Combine is the Adler-32 of a‖b from the sums of a and of b (n
// bytes long), as zlib's adler32_combine: b's running sum gains a's
// "a" part once per byte of b.
func adler32Combine(sa, sb uint32, n int) uint32 {
	const mod = 65521
	rem := uint64(n % mod)
	a1, b1 := uint64(sa&0xffff), uint64(sa>>16)
	a2, b2 := uint64(sb&0xffff), uint64(sb>>16)
	a := (a1 + a2 + mod - 1) % mod
	b := (b1 + b2 + rem*a1 + mod - rem) % mod
	return uint32(b<<16 | a)
}
