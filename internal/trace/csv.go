package trace

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// A Layout is the columns of a trace.csv:
//
//	run,step,lr,loss,grad_norm[,noisy_grad_norm][,metric…],x0,x1,…
//
// noisy_grad_norm is present for experiments with a stochastic gradient;
// the metrics are the experiment's extra columns in order (a cell is empty
// at steps where a metric was not evaluated); the coordinates are those
// kept of x: XIndex lists them (nil keeps x0…x(Dim−1)).
type Layout struct {
	Dim     int
	Noisy   bool
	Metrics []string
	XIndex  []int
	// Columns, if set, replace lr, loss, grad_norm, noisy_grad_norm and the
	// metrics: the problem names its own columns after run and step, each
	// a metric's name or "lr" (the point's rate), in this order
	//
	//	run,step,epoch,lr,batch_loss,train_loss,…
	Columns []string
}

// Header returns the header's column names.
func (l Layout) Header() []string {
	if l.Columns != nil {
		return append(append([]string{"run", "step"}, l.Columns...), l.xNames()...)
	}
	h := []string{"run", "step", "lr", "loss", "grad_norm"}
	if l.Noisy {
		h = append(h, "noisy_grad_norm")
	}
	h = append(h, l.Metrics...)
	return append(h, l.xNames()...)
}

func (l Layout) xNames() []string {
	var h []string
	if l.XIndex == nil {
		for i := 0; i < l.Dim; i++ {
			h = append(h, "x"+strconv.Itoa(i))
		}
	}
	for _, i := range l.XIndex {
		h = append(h, "x"+strconv.Itoa(i))
	}
	return h
}

// columnSource maps each of l.Columns to its metric's index, −1 for lr.
func (l Layout) columnSource() []int {
	src := make([]int, len(l.Columns))
	for k, c := range l.Columns {
		src[k] = -1
		for i, m := range l.Metrics {
			if m == c {
				src[k] = i
			}
		}
	}
	return src
}

// Header returns the trace.csv header for an n-dimensional problem with
// every coordinate kept and no extra metrics.
func Header(n int, noisy bool) []string { return Layout{Dim: n, Noisy: noisy}.Header() }

// RunID is the value of the run column: the label, with "#k" (k from 1)
// appended when the experiment repeats each run.
func RunID(label string, repeat, repeats int) string {
	if repeats <= 1 {
		return label
	}
	return label + "#" + strconv.Itoa(repeat+1)
}

// A RowWriter appends trace.csv rows for one run. Numbers are written in
// Go's shortest round-trip form, so a written trace reads back bit-exactly
// and is byte-identical across runs and machines.
type RowWriter struct {
	w   *bufio.Writer
	id  string
	l   Layout
	src []int // l.columnSource(), when the layout names its columns
	buf []byte
}

// NewRowWriter writes rows of layout l for run id to w (buffered: a
// *bufio.Writer is used as it is, anything else gets a buffer of its own).
func NewRowWriter(w io.Writer, id string, l Layout) *RowWriter {
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriterSize(w, 64<<10)
	}
	rw := &RowWriter{w: bw, id: id, l: l, buf: make([]byte, 0, 256)}
	if l.Columns != nil {
		rw.src = l.columnSource()
	}
	return rw
}

// WriteHeader writes the header line.
func (rw *RowWriter) WriteHeader() error {
	_, err := rw.w.WriteString(strings.Join(rw.l.Header(), ",") + "\n")
	return err
}

// Write appends the row of p.
func (rw *RowWriter) Write(p Point) error {
	b := rw.buf[:0]
	b = append(b, rw.id...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(p.Step), 10)
	if rw.l.Columns != nil {
		return rw.writeColumns(b, p)
	}
	for _, v := range [...]float64{p.LR, p.Loss, p.GradNorm} {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	if rw.l.Noisy {
		b = append(b, ',')
		b = strconv.AppendFloat(b, p.NoisyGradNorm, 'g', -1, 64)
	}
	for i := range rw.l.Metrics {
		b = append(b, ',')
		if i < len(p.Metrics) && !math.IsNaN(p.Metrics[i]) { // NaN: not evaluated at this step
			b = strconv.AppendFloat(b, p.Metrics[i], 'g', -1, 64)
		}
	}
	for _, v := range p.X {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	b = append(b, '\n')
	rw.buf = b
	_, err := rw.w.Write(b)
	return err
}

func (rw *RowWriter) writeColumns(b []byte, p Point) error {
	for _, i := range rw.src {
		b = append(b, ',')
		v := p.LR
		if i >= 0 {
			v = math.NaN()
			if i < len(p.Metrics) {
				v = p.Metrics[i]
			}
		}
		if !math.IsNaN(v) { // NaN: not evaluated at this step
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	for _, v := range p.X {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	b = append(b, '\n')
	rw.buf = b
	_, err := rw.w.Write(b)
	return err
}

// Flush writes buffered rows.
func (rw *RowWriter) Flush() error { return rw.w.Flush() }

// ReadCSV reads a trace.csv into runs in order of first appearance; the
// metric columns (those between the fixed ones and x0, MetricColumns) go
// into each point's Metrics in header order, an empty cell as NaN.
// Status and optimizer are not in the CSV: see ReadDir, which joins
// summary.json.
func ReadCSV(r io.Reader) ([]Run, error) {
	runs, _, err := readCSV(r)
	return runs, err
}

// readCSV is ReadCSV, with the names of the metric columns.
func readCSV(r io.Reader) ([]Run, []string, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("trace: reading header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, need := range []string{"run", "step", "lr", "loss", "grad_norm", "x0"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("trace: header has no column %q", need)
		}
	}
	var xcols []int
	for i := 0; ; i++ {
		c, ok := col["x"+strconv.Itoa(i)]
		if !ok {
			break
		}
		xcols = append(xcols, c)
	}
	noisyCol, noisy := col["noisy_grad_norm"]
	names := MetricColumns(head)
	mcols := make([]int, len(names))
	for i, n := range names {
		mcols[i] = col[n]
	}
	var runs []Run
	newRun := func(label string, rep int) { runs = append(runs, Run{Label: label, Repeat: rep}) }
	err = readRunRows(cr, col["run"], col["step"], newRun, func(line, k, step int, rec []string) error {
		var err error
		p := Point{Step: step}
		fields := []struct {
			dst  *float64
			name string
		}{{&p.LR, "lr"}, {&p.Loss, "loss"}, {&p.GradNorm, "grad_norm"}}
		for _, f := range fields {
			if *f.dst, err = strconv.ParseFloat(rec[col[f.name]], 64); err != nil {
				return fmt.Errorf("trace: line %d: %s: %w", line, f.name, err)
			}
		}
		p.NoisyGradNorm = p.GradNorm
		if noisy {
			if p.NoisyGradNorm, err = strconv.ParseFloat(rec[noisyCol], 64); err != nil {
				return fmt.Errorf("trace: line %d: noisy_grad_norm: %w", line, err)
			}
		}
		if len(mcols) > 0 {
			p.Metrics = make([]float64, len(mcols))
			for i, c := range mcols {
				p.Metrics[i] = math.NaN()
				if v := rec[c]; v != "" {
					if p.Metrics[i], err = strconv.ParseFloat(v, 64); err != nil {
						return fmt.Errorf("trace: line %d: %s: %w", line, names[i], err)
					}
				}
			}
		}
		p.X = make([]float64, len(xcols))
		for i, c := range xcols {
			if p.X[i], err = strconv.ParseFloat(rec[c], 64); err != nil {
				return fmt.Errorf("trace: line %d: x%d: %w", line, i, err)
			}
		}
		runs[k].Points = append(runs[k].Points, p)
		runs[k].StopStep = p.Step
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return runs, names, nil
}

// MetricColumns names the metric columns of a trace.csv header (Layout's
// Metrics): every column that is neither one of the fixed ones (run,
// step, lr, loss, grad_norm, noisy_grad_norm) nor a coordinate (x0, x1, …).
func MetricColumns(header []string) []string {
	var names []string
	for _, h := range header {
		switch h {
		case "run", "step", "lr", "loss", "grad_norm", "noisy_grad_norm":
			continue
		}
		if rest, ok := strings.CutPrefix(h, "x"); ok {
			if _, err := strconv.Atoi(rest); err == nil {
				continue
			}
		}
		names = append(names, h)
	}
	return names
}

func splitRunID(id string) (label string, repeat int) {
	i := strings.LastIndexByte(id, '#')
	if i < 0 {
		return id, 0
	}
	k, err := strconv.Atoi(id[i+1:])
	if err != nil || k < 1 {
		return id, 0
	}
	return id[:i], k - 1
}
