package plotting

import (
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"hash/adler32"
	"hash/crc32"
	"image"
	"io"
	"runtime"
	"sync"
)

// encodePNG writes an opaque image as an 8-bit RGB PNG. It is a lean
// stand-in for image/png, which tries five filters on every row: here no
// row is filtered (plots are runs of equal pixels — flat areas, and the
// 256 steps of the heat map palette — which deflate finds directly; the
// Sub, Up and Paeth filters all made larger files) and deflate runs at
// BestSpeed on
// bands of rows in parallel and joined pigz-style (every band but the last
// ends with a sync flush, so the concatenation is one valid deflate
// stream). The alpha channel is dropped, so img must be opaque.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	bands := max(1, min(runtime.GOMAXPROCS(0), 4, height/64))
	raw := make([][]byte, bands)  // filtered rows of each band
	comp := make([][]byte, bands) // their deflate streams
	errs := make([]error, bands)
	var wg sync.WaitGroup
	for k := range bands {
		y0, y1 := b.Min.Y+height*k/bands, b.Min.Y+height*(k+1)/bands
		wg.Add(1)
		go func() {
			defer wg.Done()
			stride := 1 + 3*width
			buf := make([]byte, stride*(y1-y0))
			for y := y0; y < y1; y++ {
				row := buf[stride*(y-y0) : stride*(y-y0+1)]
				row[0] = 0 // filter type None
				src := img.Pix[img.PixOffset(b.Min.X, y):]
				for x, j := 0, 1; x < width; x, j = x+1, j+3 {
					row[j], row[j+1], row[j+2] = src[4*x], src[4*x+1], src[4*x+2]
				}
			}
			var z bytes.Buffer
			fw, _ := flate.NewWriter(&z, flate.BestSpeed) // a valid level: no error
			_, err := fw.Write(buf)
			if err == nil && k == bands-1 {
				err = fw.Close()
			} else if err == nil {
				err = fw.Flush()
			}
			raw[k], comp[k], errs[k] = buf, z.Bytes(), err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	sum := adler32.New()
	idat := []byte{0x78, 0x01} // zlib header: deflate, 32K window, fastest
	for k := range bands {
		sum.Write(raw[k])
		idat = append(idat, comp[k]...)
	}
	idat = binary.BigEndian.AppendUint32(idat, sum.Sum32())

	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	writeChunk(bw, "IHDR", ihdr[:])
	writeChunk(bw, "IDAT", idat)
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	w.WriteString(kind)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}
