package data

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// A CSVError names the place of a bad CSV cell: file, line and column
// (1-based, as editors count), so the user can go straight to it.
type CSVError struct {
	File   string
	Line   int
	Column int
	Msg    string
}

func (e *CSVError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// ReadCSV reads a data set: a header line, then one example per line, the
// column named target holding the target and every other column a numeric
// feature. With classify, targets must be integers 0..K−1 with every class
// present (K is the number of classes); otherwise they are real. name is
// the file's name in messages.
func ReadCSV(r io.Reader, name, target string, classify bool) (*Set, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows are reported by us, with the line
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, &CSVError{File: name, Line: 1, Msg: "empty file: want a header line"}
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	ti := -1
	var feats []string
	for j, h := range head {
		h = strings.TrimSpace(h)
		if h == target {
			ti = j
			continue
		}
		feats = append(feats, h)
	}
	if ti < 0 {
		return nil, &CSVError{File: name, Line: 1, Msg: fmt.Sprintf("no target column %q in the header (columns: %s)", target, strings.Join(head, ", "))}
	}
	if len(feats) == 0 {
		return nil, &CSVError{File: name, Line: 1, Msg: "no feature columns besides the target"}
	}
	s := &Set{D: len(feats), Features: feats}
	maxClass := -1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(head) {
			return nil, &CSVError{File: name, Line: line, Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), len(head))}
		}
		for j, cell := range rec {
			v, err := strconv.ParseFloat(strings.TrimSpace(cell), 64)
			_, col := cr.FieldPos(j)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, &CSVError{File: name, Line: line, Column: col, Msg: fmt.Sprintf("column %q: %q is not a finite number", head[j], cell)}
			}
			if j != ti {
				s.X = append(s.X, v)
				continue
			}
			if classify {
				if v != math.Trunc(v) || v < 0 || v > 1<<20 {
					return nil, &CSVError{File: name, Line: line, Column: col, Msg: fmt.Sprintf("target %q: class %q is not an integer 0, 1, …", target, cell)}
				}
				maxClass = max(maxClass, int(v))
			}
			s.Y = append(s.Y, v)
		}
		s.N++
	}
	if s.N == 0 {
		return nil, &CSVError{File: name, Line: 2, Msg: "no examples after the header"}
	}
	if classify {
		seen := make([]bool, maxClass+1)
		for _, y := range s.Y {
			seen[int(y)] = true
		}
		for c, ok := range seen {
			if !ok {
				return nil, &CSVError{File: name, Line: 1, Msg: fmt.Sprintf("target %q: classes must be 0..K−1 without gaps; class %d is missing (largest %d)", target, c, maxClass)}
			}
		}
		s.Classes = maxClass + 1
		if s.Classes < 2 {
			return nil, &CSVError{File: name, Line: 1, Msg: fmt.Sprintf("target %q: one class only; classification needs at least 2", target)}
		}
	}
	return s, nil
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CSVError{File: name, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("%s: %w", name, err)
}

// WriteCSV writes s with a header (features, then target) in Go's
// shortest round-trip form, so it reads back bit for bit.
func WriteCSV(w io.Writer, s *Set, target string) error {
	var b strings.Builder
	b.WriteString(strings.Join(s.Features, ",") + "," + target + "\n")
	for i := 0; i < s.N; i++ {
		for _, v := range s.Row(i) {
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(s.Y[i], 'g', -1, 64))
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}
