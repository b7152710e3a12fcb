package runner

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"gonum.org/v1/plot/vg"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// Experiments whose problem names its own trace columns (a model on data)
// get their figures from those columns: loss and accuracy against the
// epoch, and decision regions when the problem classifies 2-D inputs.

// BoundaryFile is the decision-region grid of every run, from which
// boundary.png is drawn and re-drawn (`optlab plot boundary --from`).
const BoundaryFile = "boundary.csv"

// boundaryCells is the grid's resolution per axis.
const boundaryCells = 120

// tableOf is the trace of runs as trace.ReadTable would read it back.
func tableOf(e *lab.Experiment, runs []trace.Run) *trace.Table {
	l := e.Layout()
	t := &trace.Table{Columns: l.Columns}
	for _, r := range runs {
		tr := trace.TableRun{Label: r.Label, Repeat: r.Repeat, Values: map[string][]float64{}}
		for _, p := range r.Points {
			tr.Steps = append(tr.Steps, p.Step)
			for _, c := range l.Columns {
				v := p.LR
				if c != "lr" {
					v = math.NaN()
					for i, m := range l.Metrics {
						if m == c && i < len(p.Metrics) {
							v = p.Metrics[i]
						}
					}
				}
				tr.Values[c] = append(tr.Values[c], v)
			}
		}
		t.Runs = append(t.Runs, tr)
	}
	return t
}

// EpochFigure draws metric ("loss" or "accuracy", or any column with
// train_ and test_ forms, e.g. test_acc) of a data trace against the epoch.
func EpochFigure(t *trace.Table, metric string) (Figure, error) {
	return EpochFigureOn(t, metric, trace.Steps, nil)
}

// EpochFigureOn is EpochFigure on x axis a: each label's epochs times its
// cost per epoch in scales (trace.EpochScales); Steps keeps the epoch.
func EpochFigureOn(t *trace.Table, metric string, a trace.XAxis, scales map[string]float64) (Figure, error) {
	train, test, ylabel, name, log := "train_loss", "test_loss", "loss (evaluation mode)", "loss", true
	switch metric {
	case "", "loss", "train_loss", "test_loss":
	case "accuracy", "acc", "train_acc", "test_acc":
		train, test, ylabel, name, log = "train_acc", "test_acc", "accuracy", "accuracy", false
	default:
		if _, ok := indexOf(t.Columns, metric); !ok {
			return Figure{}, fmt.Errorf("no column %q in the trace (have %v)", metric, t.Columns)
		}
		train, test, ylabel, name, log = metric, "", metric, metric, false
	}
	groups := map[string]int{}
	repeatsOf := map[string]int{}
	for _, r := range t.Runs {
		repeatsOf[r.Label]++
	}
	var series []plotting.EpochSeries
	for _, r := range t.Runs {
		g, ok := groups[r.Label]
		if !ok {
			g = len(groups)
			groups[r.Label] = g
		}
		ep, _ := r.Column("epoch")
		tr, _ := r.Column(train)
		te, _ := r.Column(test)
		// Repeats share their label's colour and one legend entry (×k).
		label := r.Label
		if k := repeatsOf[r.Label]; k > 1 {
			label = fmt.Sprintf("%s ×%d", r.Label, k)
		}
		series = append(series, plotting.EpochSeries{Label: label, Group: g, Epoch: ep, Train: tr, Test: te, XScale: scales[r.Label]})
	}
	if log && !spansDecades(series, 2) {
		log = false // one decade reads better on a linear axis
	}
	eo := plotting.EpochOptions{Title: name + " — train solid, test dashed", YLabel: ylabel, Log: log}
	if a != "" && a != trace.Steps {
		eo.XLabel = a.Label("epoch")
	}
	p, err := plotting.EpochFigure(series, eo)
	if err != nil {
		return Figure{}, fmt.Errorf("%s: %w", name, err)
	}
	return Figure{Name: name, Plot: p}, nil
}

// spansDecades reports whether the positive train and test values span
// more than n decades.
func spansDecades(series []plotting.EpochSeries, n float64) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, ys := range [][]float64{s.Train, s.Test} {
			for _, y := range ys {
				if y > 0 && !math.IsInf(y, 0) {
					lo, hi = min(lo, y), max(hi, y)
				}
			}
		}
	}
	return hi/lo > math.Pow(10, n)
}

func indexOf(list []string, s string) (int, bool) {
	for i, v := range list {
		if v == s {
			return i, true
		}
	}
	return 0, false
}

// A Boundary is the decision regions of every run and the examples.
type Boundary struct {
	Panels      []plotting.BoundaryPanel
	Train, Test plotting.LabeledPoints
}

// boundaryOf classifies a grid over the examples with every run's final
// parameters and state, when the problem classifies 2-D inputs.
func boundaryOf(e *lab.Experiment, runs []trace.Run) (*Boundary, bool) {
	c, ok := e.Problem.(problem.Classifier2D)
	if !ok {
		return nil, false
	}
	tr, te, ytr, yte, ok := c.Examples()
	if !ok {
		return nil, false
	}
	lo, hi := [2]float64{math.Inf(1), math.Inf(1)}, [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, pts := range [][]float64{tr, te} {
		for i := 0; i+1 < len(pts); i += 2 {
			for k := 0; k < 2; k++ {
				lo[k], hi[k] = min(lo[k], pts[i+k]), max(hi[k], pts[i+k])
			}
		}
	}
	for k := 0; k < 2; k++ {
		pad := 0.08 * (hi[k] - lo[k])
		lo[k], hi[k] = lo[k]-pad, hi[k]+pad
	}
	n := boundaryCells
	grid := make([]float64, 0, 2*n*n)
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			grid = append(grid, lo[0]+(float64(i)+0.5)*(hi[0]-lo[0])/float64(n), lo[1]+(float64(j)+0.5)*(hi[1]-lo[1])/float64(n))
		}
	}
	b := &Boundary{Train: plotting.LabeledPoints{X: tr, Y: ytr}, Test: plotting.LabeledPoints{X: te, Y: yte}}
	reps := max(e.RunCount()/max(len(e.Runs), 1), 1)
	for i, r := range runs {
		if r.FinalX == nil {
			continue
		}
		cls := make([]int, n*n)
		c.Classify(cls, r.FinalX, r.FinalState, grid)
		b.Panels = append(b.Panels, plotting.BoundaryPanel{Label: trace.RunID(r.Label, i%reps, reps), Lo: lo, Hi: hi, Cols: n, Rows: n, Class: cls})
	}
	return b, len(b.Panels) > 0
}

// writeBoundary writes b as CSV: one row per grid cell of each panel
// (panel, cell column and row, class) after a header giving the window,
// then the examples with the panels "#train" and "#test".
func writeBoundary(w io.Writer, b *Boundary) error {
	bw := bufio.NewWriter(w)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	fmt.Fprintln(bw, "panel,a,b,class")
	for _, p := range b.Panels {
		fmt.Fprintf(bw, "%s,%s,%s,window\n", p.Label, f(p.Lo[0]), f(p.Lo[1]))
		fmt.Fprintf(bw, "%s,%s,%s,window\n", p.Label, f(p.Hi[0]), f(p.Hi[1]))
		for j := 0; j < p.Rows; j++ {
			for i := 0; i < p.Cols; i++ {
				fmt.Fprintf(bw, "%s,%d,%d,%d\n", p.Label, i, j, p.Class[j*p.Cols+i])
			}
		}
	}
	for _, s := range []struct {
		name string
		pts  plotting.LabeledPoints
	}{{"#train", b.Train}, {"#test", b.Test}} {
		for i, y := range s.pts.Y {
			fmt.Fprintf(bw, "%s,%s,%s,%d\n", s.name, f(s.pts.X[2*i]), f(s.pts.X[2*i+1]), y)
		}
	}
	return bw.Flush()
}

// ReadBoundary reads DIR/boundary.csv back.
func ReadBoundary(dir string) (*Boundary, error) {
	f, err := os.Open(filepath.Join(dir, BoundaryFile))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	if _, err := cr.Read(); err != nil {
		return nil, fmt.Errorf("%s: %w", BoundaryFile, err)
	}
	b := &Boundary{}
	index := map[string]int{}
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil || len(rec) != 4 {
			return nil, fmt.Errorf("%s:%d: malformed row", BoundaryFile, line)
		}
		x, e1 := strconv.ParseFloat(rec[1], 64)
		y, e2 := strconv.ParseFloat(rec[2], 64)
		if e1 != nil || e2 != nil {
			return nil, fmt.Errorf("%s:%d: malformed numbers", BoundaryFile, line)
		}
		if rec[0] == "#train" || rec[0] == "#test" {
			c, err := strconv.Atoi(rec[3])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: class %q", BoundaryFile, line, rec[3])
			}
			pts := &b.Train
			if rec[0] == "#test" {
				pts = &b.Test
			}
			pts.X, pts.Y = append(pts.X, x, y), append(pts.Y, c)
			continue
		}
		k, ok := index[rec[0]]
		if !ok {
			b.Panels = append(b.Panels, plotting.BoundaryPanel{Label: rec[0], Lo: [2]float64{x, y}})
			k = len(b.Panels) - 1
			index[rec[0]] = k
			continue
		}
		p := &b.Panels[k]
		if rec[3] == "window" {
			p.Hi = [2]float64{x, y}
			continue
		}
		c, err := strconv.Atoi(rec[3])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: class %q", BoundaryFile, line, rec[3])
		}
		p.Cols = max(p.Cols, int(x)+1)
		p.Rows = max(p.Rows, int(y)+1)
		p.Class = append(p.Class, c)
	}
	return b, nil
}

// BoundaryFigure draws b.
func BoundaryFigure(b *Boundary) (Figure, error) {
	p, err := plotting.BoundaryFigure("decision regions — ● train, ○ test", b.Panels, b.Train, b.Test)
	if err != nil {
		return Figure{}, err
	}
	return Figure{Name: "boundary", Plot: p}, nil
}

// writeDataFiles stages each run's final parameters (params/<label>.txt,
// one number a line in the problem's layout) and, for 2-D classes, the
// decision-region grid; it returns the boundary for the figure.
func writeDataFiles(out *output.Dir, e *lab.Experiment, runs []trace.Run) ([]string, *Boundary, error) {
	reps := max(e.RunCount()/max(len(e.Runs), 1), 1)
	var names []string
	for i, r := range runs {
		if e.Runs[i/reps].Data == nil || r.FinalX == nil {
			continue
		}
		name := trace.ParamsFile(r.Label, i%reps, reps)
		x := r.FinalX
		if err := out.Write(name, func(w io.Writer) error {
			b := make([]byte, 0, 24*len(x))
			for _, v := range x {
				b = strconv.AppendFloat(b, v, 'g', -1, 64)
				b = append(b, '\n')
			}
			_, err := w.Write(b)
			return err
		}); err != nil {
			return nil, nil, err
		}
		names = append(names, name)
		if r.FinalState != nil { // batch-norm statistics: the end point's eval mode needs them
			state := StateFile(name)
			if err := out.Write(state, func(w io.Writer) error { return writeFloats(w, r.FinalState) }); err != nil {
				return nil, nil, err
			}
			names = append(names, state)
		}
	}
	b, ok := boundaryOf(e, runs)
	if !ok {
		return names, nil, nil
	}
	if err := out.Write(BoundaryFile, func(w io.Writer) error { return writeBoundary(w, b) }); err != nil {
		return nil, nil, err
	}
	return append(names, BoundaryFile), b, nil
}

// FigureSize is the size of a data figure (0, 0: the default): the
// boundary's small multiples get 3.6 inches a panel.
func FigureSize(name string, panels int) (vg.Length, vg.Length) {
	if name != "boundary" || panels < 1 {
		return 0, 0
	}
	cols := int(math.Ceil(math.Sqrt(float64(panels))))
	rows := (panels + cols - 1) / cols
	return vg.Length(cols) * 3.6 * vg.Inch, vg.Length(rows)*3.6*vg.Inch + 0.5*vg.Inch
}

// drawDataFigures draws loss, accuracy (for classifiers) and boundary
// figures of a data experiment, also (the trace writer) beside them.
func drawDataFigures(out *output.Dir, e *lab.Experiment, runs []trace.Run, b *Boundary, format string, noFigures bool, x xAxis, also func() error) ([]string, error) {
	if err := also(); err != nil {
		return nil, err
	}
	if noFigures {
		return nil, nil
	}
	t := tableOf(e, runs)
	var figs []Figure
	for _, m := range []string{"loss", "accuracy"} {
		f, err := EpochFigureOn(t, m, x.axis, x.epochs)
		if err != nil {
			if m == "accuracy" {
				continue // regression: no accuracy
			}
			return nil, err
		}
		figs = append(figs, f)
	}
	if b != nil {
		f, err := BoundaryFigure(b)
		if err != nil {
			return nil, err
		}
		figs = append(figs, f)
	}
	var names []string
	for _, f := range figs {
		name := f.Name + "." + format
		p := f.Plot
		wd, ht := FigureSize(f.Name, len(e.Runs)*max(e.RunCount()/max(len(e.Runs), 1), 1))
		if err := out.Write(name, func(w io.Writer) error { return encode.Save(w, p, format, wd, ht) }); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}
