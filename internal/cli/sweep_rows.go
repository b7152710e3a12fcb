package cli

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/sweep"
	"github.com/optlab/optlab/internal/trace"
)

// A sweepRow is one line of results.csv: one optimizer's run at one
// point under one seed. Every value is deterministic (wall times stay in
// no sweep file), so serial, parallel, sharded and merged sweeps write
// the same bytes.
type sweepRow struct {
	Phase      string // "grid", or "rerun" for a best point's further seeds
	Job, Point int
	Seed       uint64
	Values     []float64 // the point's value of each axis
	Label, Opt string
	LR         float64 // the run's lr (after lr scaling)
	Status     trace.Status
	Steps      int
	FinalLoss  float64 // NaN: no point recorded
	LossGap    float64 // final − f*, or NaN when f* is unknown
	Distance   float64 // to the nearest known minimum, or NaN
	AUC        float64 // mean recorded loss gap (loss when f* is unknown)
	Excursion  bool    // the loss gap rose above 10× the start's (sweep.Wild)
	GradEvals  int64
	HessEvals  int64
	Examples   float64
}

const resultsFile = "results.csv"

func sweepHeader(sw *config.Sweep) []string {
	h := []string{"phase", "job", "point", "seed"}
	for _, a := range sw.Axes {
		h = append(h, a.Path.Text)
	}
	return append(h, "label", "optimizer", "lr", "status", "steps", "final_loss", "loss_gap",
		"distance_to_min", "auc", "excursion", "grad_evals", "hessian_evals", "examples")
}

func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func parseNum(s string) (float64, error) {
	if s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}

func writeRows(w io.Writer, sw *config.Sweep, rows []sweepRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(sweepHeader(sw)); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.Phase, strconv.Itoa(r.Job), strconv.Itoa(r.Point), strconv.FormatUint(r.Seed, 10)}
		for _, v := range r.Values {
			rec = append(rec, fmtNum(v))
		}
		rec = append(rec, r.Label, r.Opt, fmtNum(r.LR), string(r.Status), strconv.Itoa(r.Steps),
			fmtNum(r.FinalLoss), fmtNum(r.LossGap), fmtNum(r.Distance), fmtNum(r.AUC),
			strconv.FormatBool(r.Excursion), strconv.FormatInt(r.GradEvals, 10),
			strconv.FormatInt(r.HessEvals, 10), fmtNum(r.Examples))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// readRows reads a results.csv written by writeRows for sw; name is used
// in messages.
func readRows(name string, r io.Reader, sw *config.Sweep) ([]sweepRow, error) {
	recs, err := csv.NewReader(bufio.NewReader(r)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	want := sweepHeader(sw)
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(want, ",") {
		return nil, fmt.Errorf("%s: not the results of this sweep (header differs)", name)
	}
	na := len(sw.Axes)
	var rows []sweepRow
	for i, rec := range recs[1:] {
		bad := func(err error) error { return fmt.Errorf("%s line %d: %v", name, i+2, err) }
		var r sweepRow
		var errs []error
		num := func(s string) float64 { v, err := parseNum(s); errs = append(errs, err); return v }
		integer := func(s string) int64 { v, err := strconv.ParseInt(s, 10, 64); errs = append(errs, err); return v }
		r.Phase = rec[0]
		r.Job, r.Point = int(integer(rec[1])), int(integer(rec[2]))
		seed, err := strconv.ParseUint(rec[3], 10, 64)
		errs = append(errs, err)
		r.Seed = seed
		for k := 0; k < na; k++ {
			r.Values = append(r.Values, num(rec[4+k]))
		}
		c := rec[4+na:]
		r.Label, r.Opt, r.LR, r.Status = c[0], c[1], num(c[2]), trace.Status(c[3])
		r.Steps = int(integer(c[4]))
		r.FinalLoss, r.LossGap, r.Distance, r.AUC = num(c[5]), num(c[6]), num(c[7]), num(c[8])
		r.Excursion = c[9] == "true"
		r.GradEvals, r.HessEvals, r.Examples = integer(c[10]), integer(c[11]), num(c[12])
		for _, e := range errs {
			if e != nil {
				return nil, bad(e)
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// gapRecorder measures a run as it goes: the mean loss gap over its
// recorded points (the area under its loss curve per step) and the
// largest one.
type gapRecorder struct {
	fstar     float64
	sum, peak float64
	n         int
	first     float64
	sawFirst  bool
}

func (g *gapRecorder) Record(p trace.Point) error {
	gap := p.Loss - g.fstar
	if !g.sawFirst {
		g.first, g.sawFirst = gap, true
	}
	g.sum += gap
	g.n++
	if gap > g.peak || math.IsNaN(gap) {
		g.peak = gap
	}
	return nil
}

// jobHook adjusts a job's experiment before it runs (tune's per-run step
// budget); it may be nil.
type jobHook func(e *lab.Experiment)

// runSweepJob runs one job (point × seed; only the run labelled only when
// it is not "") on the limit and returns its rows, in the experiment's
// run order.
func runSweepJob(ctx context.Context, sw *config.Sweep, lim *parallel.Limit, phase string, job, point int, seed uint64, only string, hook jobHook) ([]sweepRow, bool, error) {
	f, err := sw.Job(point, seed)
	if err != nil {
		return nil, false, err
	}
	e, err := f.Build()
	if err != nil {
		return nil, false, err
	}
	if only != "" {
		var keep []lab.RunSpec
		for _, r := range e.Runs {
			if r.Label == only {
				keep = append(keep, r)
			}
		}
		e.Runs = keep
	}
	if hook != nil {
		hook(e)
	}
	fstar, known := e.FStar()
	recs := make([]*gapRecorder, e.RunCount())
	runs, err := lab.Run(ctx, e, lab.Options{Limit: lim, KeepPoints: 2, NewRecorder: func(i int) (lab.Recorder, error) {
		recs[i] = &gapRecorder{fstar: fstar, peak: math.Inf(-1)}
		if !known {
			recs[i].fstar = 0
		}
		return recs[i], nil
	}})
	if err != nil {
		return nil, false, err
	}
	sum := lab.Summarize(e, runs)
	values := sw.Values(point)
	rows := make([]sweepRow, len(runs))
	interrupted := false
	for i, run := range runs {
		rs := sum.Runs[i]
		g := recs[i]
		r := sweepRow{Phase: phase, Job: job, Point: point, Seed: seed, Values: values,
			Label: run.Label, Opt: run.Optimizer, LR: rs.LR, Status: run.Status, Steps: rs.Steps,
			FinalLoss: math.NaN(), LossGap: math.NaN(), Distance: math.NaN(), AUC: math.NaN(),
			GradEvals: run.Cost.GradEvals, HessEvals: run.Cost.HessianEvals, Examples: run.Cost.Examples}
		if rs.FinalLoss != nil {
			r.FinalLoss = *rs.FinalLoss
			if known {
				r.LossGap = r.FinalLoss - fstar
			}
		}
		if rs.DistanceToMin != nil {
			r.Distance = *rs.DistanceToMin
		}
		if g.n > 0 {
			r.AUC = g.sum / float64(g.n)
			r.Excursion = sweep.Wild(g.first, g.peak) || math.IsNaN(g.peak)
		}
		interrupted = interrupted || run.Status == trace.Interrupted
		rows[i] = r
	}
	return rows, interrupted, nil
}

// objectiveOf is a row's value of the sweep's objective (lower is
// better): the final loss gap (the loss when f* is unknown), the
// distance to the nearest minimum, or the mean loss gap.
func objectiveOf(r sweepRow, objective string) float64 {
	switch objective {
	case "distance":
		return r.Distance
	case "auc":
		return r.AUC
	}
	if !math.IsNaN(r.LossGap) {
		return r.LossGap
	}
	return r.FinalLoss
}

// acceptable: a run the best-point rule may pick (ended normally, no
// wild excursion).
func acceptable(r sweepRow) bool {
	return (r.Status == trace.MaxSteps || r.Status == trace.Converged) && !r.Excursion
}
