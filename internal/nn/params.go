package nn

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ReadParams reads a parameter file — one number a line in the flat
// layout, blank lines and lines starting with # ignored — and checks it
// holds exactly want numbers (saying how many the model needs if not).
// name is the file's name in messages.
func ReadParams(r io.Reader, name string, want int, layout string) ([]float64, error) {
	sc := bufio.NewScanner(r)
	var p []float64
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s:%d: %q is not a finite number", name, line, s)
		}
		p = append(p, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(p) != want {
		return nil, fmt.Errorf("%s: %d numbers, the model needs %d (%s)", name, len(p), want, layout)
	}
	return p, nil
}

// WriteParams writes p one number a line, in Go's shortest round-trip
// form (ReadParams and Python's float() read it back bit for bit).
func WriteParams(w io.Writer, p []float64) error {
	b := make([]byte, 0, 24*len(p))
	for _, v := range p {
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
		b = append(b, '\n')
	}
	_, err := w.Write(b)
	return err
}
