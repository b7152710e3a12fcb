// Package runner carries an experiment from lab to files: it runs it with
// trace.csv streamed to disk, summarises it, draws the figures and commits
// the output folder at once. Shared by the run and compare commands.
package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"gonum.org/v1/plot"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/trace"
)

// Options tune Execute.
type Options struct {
	// Format of the figures: "png" (default), "svg" or "pdf".
	Format string
	// NoFigures skips the figures (trace.csv and summary.json only).
	NoFigures bool
	// Workers as in lab.Options.
	Workers int
}

// keepPoints bounds the points per run held in memory for figures; the
// trace on disk keeps every recorded step.
const keepPoints = 1 << 15

// A Result is what Execute produced.
type Result struct {
	Summary *trace.Summary
	Runs    []trace.Run
	Files   []string // the files written, in order
}

// Execute runs e and writes DIR/trace.csv, DIR/summary.json and, for 2-D
// surfaces, DIR/trajectory.png and DIR/loss.png (or .svg/.pdf). Files
// appear only when all of them are complete. An interrupted run (ctx
// cancelled) still writes what finished, with status interrupted.
func Execute(ctx context.Context, e *lab.Experiment, dir string, o Options) (*Result, error) {
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
	parts, err := newRunFiles(out, e)
	if err != nil {
		return nil, err
	}
	runs, err := lab.Run(ctx, e, lab.Options{NewRecorder: parts.recorder, KeepPoints: keepPoints, Workers: o.Workers})
	if err != nil {
		return nil, err
	}
	if err := parts.flush(); err != nil {
		return nil, err
	}
	sum := lab.Summarize(e, runs)
	res := &Result{Summary: sum, Runs: runs}
	if err := out.Write(output.TraceFile, parts.concat); err != nil {
		return nil, err
	}
	if err := out.Write(output.SummaryFile, sum.WriteJSON); err != nil {
		return nil, err
	}
	res.Files = append(res.Files, output.TraceFile, output.SummaryFile)
	if !o.NoFigures {
		names, err := drawFigures(out, e, runs, format)
		if err != nil {
			return nil, err
		}
		res.Files = append(res.Files, names...)
	}
	for _, stem := range []string{"trajectory", "loss"} {
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
		rf.rows[i] = trace.NewRowWriter(f, e.RunID(i), e.Noise != nil)
	}
	return rf, nil
}

func (rf *runFiles) recorder(i int) (lab.Recorder, error) { return recorderFunc(rf.rows[i].Write), nil }

type recorderFunc func(trace.Point) error

func (f recorderFunc) Record(p trace.Point) error { return f(p) }

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
	head := trace.NewRowWriter(w, "", rf.e.Noise != nil)
	if err := head.WriteHeader(len(rf.e.Start)); err != nil {
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

// drawFigures draws and encodes the figures concurrently (each on its own
// core: rasterising and PNG encoding dominate a compare's time) and
// stages them in out.
func drawFigures(out *output.Dir, e *lab.Experiment, runs []trace.Run, format string) ([]string, error) {
	kinds := []string{"loss"}
	if e.Surface.Dim() == 2 {
		kinds = []string{"trajectory", "loss"}
	}
	bufs := make([]bytes.Buffer, len(kinds))
	errs := make([]error, len(kinds))
	var wg sync.WaitGroup
	for i, kind := range kinds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fo := FigureOptions{Only: kind}
			if f, ok := e.FStar(); ok {
				fo.FStar = &f
			}
			figs, err := Figures(e.Landscape(), runs, fo)
			if err == nil {
				err = plotting.Save(&bufs[i], figs[0].Plot, format, 0, 0)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
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
