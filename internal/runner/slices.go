package runner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/landscape"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"

	"gonum.org/v1/plot/vg"
)

// sliceable is a problem whose loss can be sliced around a run's end
// point: a network's evaluation-mode loss under the run's batch-norm
// statistics, and the rows of its weights that Li et al. normalise.
type sliceable interface {
	EvalLoss(state []float64, test bool) func(x []float64) float64
	WeightRows() [][2]int
}

// SliceOptions tune Slices.
type SliceOptions struct {
	// Planes are the labels that get a 2-D slice (none: no 2-D figure).
	Planes []string
	// Test adds the test loss (dashed) to the 1-D figures.
	Test bool
	// Seed draws the random directions (the same draw, filter-normalised
	// at each run's end point, for every run).
	Seed uint64
	// Points and PlanePoints are the samples per 1-D slice and per side
	// of a 2-D one (0: 41 and 25).
	Points, PlanePoints int
	// Workers bounds the goroutines (0: GOMAXPROCS).
	Workers int
}

// A Slice is one run label's landscape: the losses sampled around the
// start and end of the repeat summary.json reports, and where.
type Slice struct {
	Label                   string
	Interp, Dir             []float64 // train loss from start (α 0) to end (α 1); along a direction at the end
	InterpTest, DirTest     []float64 // the same on the test set (nil without --test)
	Plane                   []float64 // the 2-D slice (nil unless asked)
	InterpAlphas, DirAlphas []float64
	PlaneAlphas             []float64
}

// Interpolation and direction ranges: α ∈ [−0.5, 1.5] from start to end
// (Goodfellow et al.), α, β ∈ [−1, 1] at the end along filter-normalised
// directions (Li et al.).
const (
	interpLo, interpHi = -0.5, 1.5
	dirLo, dirHi       = -1.0, 1.0
)

// Slices replays each run label's reported repeat of e (the one whose
// params file summary.json names) to recover its start and its batch-norm
// statistics, checks that it ends where dir's params file says, and
// samples its evaluation-mode training loss along the interpolation from
// start to end, along one filter-normalised random direction at the end,
// and on a plane of two such directions for the labels in o.Planes.
func Slices(ctx context.Context, e *lab.Experiment, sum *trace.Summary, dir string, o SliceOptions) ([]Slice, error) {
	np, npl := o.Points, o.PlanePoints
	if np <= 0 {
		np = 41
	}
	if npl <= 0 {
		npl = 25
	}
	plane := map[string]bool{}
	for _, l := range o.Planes {
		plane[l] = true
	}
	reps := max(e.RunCount()/max(len(e.Runs), 1), 1)
	if len(sum.Runs) != len(e.Runs) || sum.Repeats != reps {
		return nil, fmt.Errorf("%s: summary.json has %d labels × %d repeats, its %s %d × %d: the folder does not match its config", dir, len(sum.Runs), sum.Repeats, ConfigFile, len(e.Runs), reps)
	}
	lim := parallel.New(o.Workers)
	out := make([]Slice, len(e.Runs))
	errs := make([]error, len(e.Runs))
	lim.Do(len(e.Runs), func(k int) {
		out[k], errs[k] = sliceRun(ctx, e, sum.Runs[k], k, reps, dir, plane[sum.Runs[k].Label], np, npl, o, lim)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func sliceRun(ctx context.Context, e *lab.Experiment, rs trace.RunSummary, k, reps int, dir string, withPlane bool, np, npl int, o SliceOptions, lim *parallel.Limit) (Slice, error) {
	do := landscape.Do(lim.Do)
	s := Slice{Label: rs.Label}
	p := e.Runs[k].Problem
	if p == nil {
		p = e.Problem
	}
	sp, ok := p.(sliceable)
	if !ok {
		return s, fmt.Errorf("run %q: its problem is no network on data; loss landscapes are drawn for networks", rs.Label)
	}
	if rs.Label != e.Runs[k].Label {
		return s, fmt.Errorf("%s: run %d is %q in summary.json, %q in %s", dir, k, rs.Label, e.Runs[k].Label, ConfigFile)
	}
	rep := -1
	for r := 0; r < reps; r++ {
		if rs.DataSummary != nil && trace.ParamsFile(rs.Label, r, reps) == rs.ParamsFile {
			rep = r
		}
	}
	if rep < 0 {
		return s, fmt.Errorf("%s: run %q names no params file of its repeats", dir, rs.Label)
	}
	st, err := lab.NewStepper(e, k*reps+rep)
	if err != nil {
		return s, err
	}
	st.ShareLimit(lim)
	start := append([]float64(nil), st.X()...)
	for !st.Done() {
		if ctx.Err() != nil {
			return s, ctx.Err()
		}
		if _, err := st.Step(); err != nil {
			return s, err
		}
	}
	end, state := st.X(), st.ProblemState()
	saved, err := readFloats(filepath.Join(dir, rs.ParamsFile))
	if err != nil {
		return s, err
	}
	if !sameBits(saved, end) {
		return s, fmt.Errorf("%s: run %q replayed from %s does not end at its params file: the folder does not match its config", dir, rs.Label, ConfigFile)
	}
	var filters []landscape.Filter
	for _, r := range sp.WeightRows() {
		filters = append(filters, landscape.Filter{Lo: r[0], Hi: r[1]})
	}
	d1, err := landscape.Direction(end, filters, o.Seed, 0)
	if err != nil {
		return s, err
	}
	train := sp.EvalLoss(state, false)
	s.InterpAlphas, s.DirAlphas = landscape.Range(interpLo, interpHi, np), landscape.Range(dirLo, dirHi, np)
	s.Interp = landscape.Interpolation(train, start, end, s.InterpAlphas, do)
	s.Dir = landscape.Line(train, end, d1, s.DirAlphas, do)
	if test := sp.EvalLoss(state, true); o.Test && test != nil {
		s.InterpTest = landscape.Interpolation(test, start, end, s.InterpAlphas, do)
		s.DirTest = landscape.Line(test, end, d1, s.DirAlphas, do)
	}
	if withPlane {
		d2, err := landscape.Direction(end, filters, o.Seed, 1)
		if err != nil {
			return s, err
		}
		s.PlaneAlphas = landscape.Range(dirLo, dirHi, npl)
		s.Plane = landscape.Plane(train, end, d1, d2, s.PlaneAlphas, s.PlaneAlphas, do)
	}
	return s, nil
}

func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// readFloats reads one number a line (a params file).
func readFloats(path string) ([]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var v []float64
	sc := bufio.NewScanner(bytes.NewReader(b))
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" {
			continue
		}
		x, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a number: %q", path, line, t)
		}
		v = append(v, x)
	}
	return v, sc.Err()
}

// Landscape file names in the output folder.
const (
	LandscapeCSV    = "landscape.csv"
	landscapeInterp = "landscape-interpolation"
	landscapeDir    = "landscape-direction"
	landscapePlane  = "landscape-2d"
)

// WriteLandscape draws the slices into dir — the interpolation and the
// random direction as one curve per run, the 2-D slices as one panel per
// run — and writes their numbers to landscape.csv, all or nothing. name
// heads the titles.
func WriteLandscape(dir, name string, slices []Slice, format string) ([]string, error) {
	var figs []Figure
	test := ""
	if len(slices) > 0 && slices[0].InterpTest != nil {
		test = " — train solid, test dashed"
	}
	series := func(x func(Slice) ([]float64, []float64, []float64)) []plotting.EpochSeries {
		var out []plotting.EpochSeries
		for g, s := range slices {
			a, tr, te := x(s)
			out = append(out, plotting.EpochSeries{Label: s.Label, Group: g, Epoch: a, Train: tr, Test: te})
		}
		return out
	}
	interp := series(func(s Slice) ([]float64, []float64, []float64) { return s.InterpAlphas, s.Interp, s.InterpTest })
	p, err := plotting.EpochFigure(interp, plotting.EpochOptions{Title: name + ": from start (α = 0) to end (α = 1)" + test,
		YLabel: "loss (evaluation mode)", Log: true, XLabel: "α   (θ = (1 − α)·θ_start + α·θ_end)"})
	if err != nil {
		return nil, err
	}
	figs = append(figs, Figure{Name: landscapeInterp, Plot: p})
	along := series(func(s Slice) ([]float64, []float64, []float64) { return s.DirAlphas, s.Dir, s.DirTest })
	p, err = plotting.EpochFigure(along, plotting.EpochOptions{Title: name + ": along a filter-normalised random direction" + test,
		YLabel: "loss (evaluation mode)", Log: true, XLabel: "α   (θ = θ_end + α·d, ‖d‖ = ‖θ_end‖ per neuron)"})
	if err != nil {
		return nil, err
	}
	figs = append(figs, Figure{Name: landscapeDir, Plot: p})
	var panels []plotting.PlanePanel
	for _, s := range slices {
		if s.Plane != nil {
			panels = append(panels, plotting.PlanePanel{Label: s.Label, Alphas: s.PlaneAlphas, Betas: s.PlaneAlphas, Loss: s.Plane})
		}
	}
	if len(panels) > 0 {
		p, err := plotting.PlaneFigure(name+": train loss, two random directions", panels)
		if err != nil {
			return nil, err
		}
		figs = append(figs, Figure{Name: landscapePlane, Plot: p})
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
	var names []string
	for _, f := range figs {
		var w, h vg.Length
		if f.Name == landscapePlane {
			w, h = FigureSize("boundary", len(panels))
		}
		fname := f.Name + "." + format
		var enc encode.Encoder
		if err := out.Write(fname, func(wr io.Writer) error { return enc.Save(wr, f.Plot, format, w, h) }); err != nil {
			return nil, err
		}
		names = append(names, fname)
	}
	if len(panels) == 0 {
		out.Obsolete(landscapePlane + "." + format)
	}
	if err := out.Write(LandscapeCSV, func(w io.Writer) error { return writeSlices(w, slices) }); err != nil {
		return nil, err
	}
	names = append(names, LandscapeCSV)
	if err := out.Commit(); err != nil {
		return nil, err
	}
	committed = true
	return names, nil
}

// writeSlices writes every sample: run, slice (interpolation, direction,
// plane), α, β (empty off the plane), train and test loss.
func writeSlices(w io.Writer, slices []Slice) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "run,slice,alpha,beta,train_loss,test_loss")
	num := func(v []float64, i int) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(v[i], 'g', -1, 64)
	}
	for _, s := range slices {
		for i, a := range s.InterpAlphas {
			fmt.Fprintf(bw, "%s,interpolation,%g,,%s,%s\n", s.Label, a, num(s.Interp, i), num(s.InterpTest, i))
		}
		for i, a := range s.DirAlphas {
			fmt.Fprintf(bw, "%s,direction,%g,,%s,%s\n", s.Label, a, num(s.Dir, i), num(s.DirTest, i))
		}
		n := len(s.PlaneAlphas)
		for c := range s.Plane {
			fmt.Fprintf(bw, "%s,plane,%g,%g,%s,\n", s.Label, s.PlaneAlphas[c%n], s.PlaneAlphas[c/n], num(s.Plane, c))
		}
	}
	return bw.Flush()
}
