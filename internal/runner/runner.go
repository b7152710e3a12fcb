// Package runner carries an experiment from lab to files: it runs it with
// trace.csv streamed to disk, summarises it, draws the figures and commits
// the output folder at once. Shared by the run and compare commands.
package runner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// Options tune Write.
type Options struct {
	// Format of the figures: "png" (default), "svg" or "pdf".
	Format string
	// NoFigures skips the figures (trace.csv and summary.json only).
	NoFigures bool
	// GIF, when set, also writes DIR/trajectory.gif (2-D surfaces).
	GIF *plotting.GIFOptions
	// Workers bounds the goroutines busy at once, shared by the runs, the
	// figures and their encoders; 0 means GOMAXPROCS. Results do not
	// depend on it (PNG bytes do, but not their pixels).
	Workers int
	// Progress, if set, counts the steps done across the runs while they
	// run (lab.Options.Progress); the caller polls it, the runner and the
	// lab know nothing of how it is shown.
	Progress *atomic.Int64
	// LogSteps, WindowLo/WindowHi and AutoWindow tune the figures (see
	// FigureOptions).
	LogSteps           bool
	WindowLo, WindowHi []float64
	AutoWindow         bool
	// LRFlagged are the labels whose lr the command line set (compare's
	// --lr): their legend entries say so.
	LRFlagged map[string]bool
	// Config, if set, is the config file the experiment was loaded from,
	// kept as DIR/config.yaml (for optlab sharpness DIR); otherwise an
	// old DIR/config.yaml is removed with the files it described.
	Config []byte
	// XAxis is the loss figures' x axis (zero: steps; xaxis.go).
	XAxis trace.XAxis
}

// keepPoints bounds the points per run held in memory for figures; the
// trace on disk keeps every recorded step.
const keepPoints = 1 << 15

// A Result is what Write produced.
type Result struct {
	Summary *trace.Summary
	Runs    []trace.Run
	Files   []string // the files written, in order
}

// Write runs e and writes DIR/trace.csv, DIR/summary.json and, for 2-D
// surfaces, DIR/trajectory.png and DIR/loss.png (or .svg/.pdf). Files
// appear only when all of them are complete. An interrupted run (ctx
// cancelled) still writes what finished, with status interrupted.
func Write(ctx context.Context, e *lab.Experiment, dir string, o Options) (*Result, error) {
	format := o.Format
	if format == "" {
		format = "png"
	}
	out, err := output.Begin(dir)
	if err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			out.Abort()
		}
	}()
	// When every recorded point of a run stays in memory, trace.csv is
	// written from memory while the figures are drawn; longer runs stream
	// their rows to scratch files as they go, so memory stays flat.
	lim := parallel.New(o.Workers) // one limit for the runs, the figures and their encoding
	lo := lab.Options{KeepPoints: keepPoints, Limit: lim, Progress: o.Progress}
	var parts *runFiles
	if e.Steps/max(e.RecordEvery, 1)+2 > keepPoints {
		if parts, err = newRunFiles(out, e); err != nil {
			return nil, err
		}
		lo.NewRecorder = parts.recorder
	}
	if !o.NoFigures {
		go plotting.Warm() // fonts load while the runs run
	}
	runs, err := lab.Run(ctx, e, lo)
	if err != nil {
		return nil, err
	}
	sum := lab.Summarize(e, runs)
	if err := addSharpness(ctx, e, runs, sum, lim); err != nil {
		return nil, err
	}
	res := &Result{Summary: sum, Runs: runs}
	traceTmp, err := out.Temp("trace")
	if err != nil {
		return nil, err
	}
	writeTrace := func() error {
		bw := bufio.NewWriterSize(traceTmp, 256<<10)
		var err error
		if parts != nil {
			err = parts.concat(bw)
		} else {
			err = writeRuns(bw, e, runs, lim)
		}
		if err == nil {
			err = bw.Flush()
		}
		if cerr := traceTmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("output: writing trace: %w", err)
		}
		return nil
	}
	if err := out.Write(output.SummaryFile, sum.WriteJSON); err != nil {
		return nil, err
	}
	res.Files = append(res.Files, output.TraceFile, output.SummaryFile)
	if o.Config != nil {
		if err := out.Write(ConfigFile, func(w io.Writer) error { _, err := w.Write(o.Config); return err }); err != nil {
			return nil, err
		}
		res.Files = append(res.Files, ConfigFile)
	} else {
		out.Obsolete(ConfigFile)
	}
	var names []string
	if e.Columns != nil { // the problem named its columns: figures by epoch
		dataNames, b, err := writeDataFiles(out, e, runs)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, dataNames...)
		names, err = drawDataFigures(out, e, runs, b, format, o.NoFigures, xAxisOf(sum, o.XAxis), writeTrace)
		if err != nil {
			return nil, err
		}
	} else if names, err = drawFigures(out, e, runs, format, o, xAxisOf(sum, o.XAxis), lim, writeTrace); err != nil {
		return nil, err
	}
	res.Files = append(res.Files, names...)
	gifs, err := stageGIF(out, e.Landscape, runs, o.GIF)
	if err != nil {
		return nil, err
	}
	res.Files = append(res.Files, gifs...)
	out.Adopt(output.TraceFile, traceTmp.Name())
	for _, stem := range []string{"trajectory", "loss", "accuracy", "boundary", BasinsName} {
		for _, ext := range []string{"png", "svg", "pdf"} {
			out.Obsolete(stem + "." + ext)
		}
	}
	if err := out.Commit(); err != nil {
		return nil, err
	}
	committed = true
	for i := range res.Files {
		res.Files[i] = filepath.Join(dir, res.Files[i])
	}
	return res, nil
}

// runFiles streams each run's rows to its own scratch file, so runs can
// proceed in parallel; concat stitches them in run order under one header.
type runFiles struct {
	e     *lab.Experiment
	files []*os.File
	rows  []*trace.RowWriter
}

func newRunFiles(out *output.Dir, e *lab.Experiment) (*runFiles, error) {
	rf := &runFiles{e: e, files: make([]*os.File, e.RunCount()), rows: make([]*trace.RowWriter, e.RunCount())}
	for i := range rf.files {
		f, err := out.Temp(fmt.Sprintf("run%d", i))
		if err != nil {
			rf.close()
			return nil, err
		}
		rf.files[i] = f
		rf.rows[i] = trace.NewRowWriter(f, e.RunID(i), e.Layout())
	}
	return rf, nil
}

func (rf *runFiles) recorder(i int) (lab.Recorder, error) { return recorderFunc(rf.rows[i].Write), nil }

type recorderFunc func(trace.Point) error

func (f recorderFunc) Record(p trace.Point) error { return f(p) }

// writeRuns writes trace.csv from the points kept in memory. The runs'
// rows are formatted side by side on lim (shortest round-trip floats are
// most of the cost), each into a buffer of its own, and written in run
// order.
func writeRuns(w *bufio.Writer, e *lab.Experiment, runs []trace.Run, lim *parallel.Limit) error {
	l := e.Layout()
	head := trace.NewRowWriter(w, "", l)
	if err := head.WriteHeader(); err != nil {
		return err
	}
	bufs := make([]bytes.Buffer, len(runs))
	errs := make([]error, len(runs))
	lim.Do(len(runs), func(i int) {
		bw := bufio.NewWriterSize(&bufs[i], 64<<10)
		rw := trace.NewRowWriter(bw, e.RunID(i), l)
		for _, p := range runs[i].Points {
			if errs[i] = rw.Write(p); errs[i] != nil {
				return
			}
		}
		errs[i] = bw.Flush()
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i := range bufs {
		if _, err := bufs[i].WriteTo(w); err != nil {
			return err
		}
	}
	return nil
}

func (rf *runFiles) flush() error {
	for _, rw := range rf.rows {
		if err := rw.Flush(); err != nil {
			return fmt.Errorf("output: writing trace: %w", err)
		}
	}
	return nil
}

func (rf *runFiles) close() {
	for _, f := range rf.files {
		if f != nil {
			f.Close()
		}
	}
}

func (rf *runFiles) concat(w io.Writer) error {
	defer rf.close()
	if err := rf.flush(); err != nil {
		return err
	}
	head := trace.NewRowWriter(w, "", rf.e.Layout())
	if err := head.WriteHeader(); err != nil {
		return err
	}
	if err := head.Flush(); err != nil {
		return err
	}
	for _, f := range rf.files {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if _, err := io.Copy(w, f); err != nil {
			return err
		}
	}
	return nil
}

// A Figure is a named plot ("trajectory", "loss").
type Figure struct {
	Name string
	Plot *plot.Plot
}

// runNotes are the legend notes of e's runs: each label's rate as it ran
// (after lr scaling), marked where the command line set it.
func runNotes(e *lab.Experiment, flagged map[string]bool) map[string]string {
	lrs := make(map[string]float64, len(e.Runs))
	for _, spec := range e.Runs {
		lrs[spec.Label] = spec.LR
	}
	return LRNotes(lrs, flagged)
}

// drawFigures draws and encodes the figures and runs also (the trace
// writer) within the command's worker limit, longest job first — the
// trajectory, then the loss figure, then also — so both cores stay busy
// until the trajectory, the critical path, is done. Figures are staged in
// out; none are drawn with noFigures.
func drawFigures(out *output.Dir, e *lab.Experiment, runs []trace.Run, format string, o Options, x xAxis, lim *parallel.Limit, also func() error) ([]string, error) {
	noFigures := o.NoFigures
	var kinds []string
	if !noFigures {
		kinds = figureKinds(e.Landscape, e.Report.Starts)
	}
	// One landscape for every figure, so that they share its sampled grids.
	var land *plotting.Landscape
	if len(kinds) > 1 {
		l, err := LandscapeOf(e.Landscape)
		if err != nil {
			return nil, err
		}
		land = &l
	}
	notes := runNotes(e, o.LRFlagged)
	bufs := make([]bytes.Buffer, len(kinds))
	errs := make([]error, len(kinds)+1)
	enc := encode.Encoder{Limit: lim}
	lim.Do(len(kinds)+1, func(i int) {
		if i == len(kinds) {
			errs[i] = also()
			return
		}
		fo := FigureOptions{Only: kinds[i], Landscape: land, LogSteps: o.LogSteps,
			WindowLo: o.WindowLo, WindowHi: o.WindowHi, AutoWindow: o.AutoWindow, Notes: notes, XAxis: x.axis, XScale: x.steps,
			Heading:  Heading(e.Name, e.Report.Problem, e.Report.ProblemParams, len(e.Start)),
			TestLoss: TestLossOf(e.Layout().Metrics)}
		if f, ok := e.FStar(); ok {
			fo.FStar = &f
		}
		var figs []Figure
		var err error
		if kinds[i] == BasinsName {
			var p *plot.Plot
			p, err = BasinsFigure(e.Landscape, runs, e.Report.Starts, fo)
			figs = []Figure{{Name: BasinsName, Plot: p}}
		} else {
			figs, err = Figures(e.Landscape, runs, fo)
		}
		if err == nil {
			err = enc.Save(&bufs[i], figs[0].Plot, format, 0, 0)
		}
		errs[i] = err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var names []string
	for i, kind := range kinds {
		name := kind + "." + format
		if err := out.Write(name, func(w io.Writer) error { _, err := bufs[i].WriteTo(w); return err }); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}
