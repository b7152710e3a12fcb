package lab

import (
	"math"
	"sort"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/stats"
	"github.com/optlab/optlab/internal/trace"
)

// Summarize builds summary.json's content from the runs Run returned.
// With repeats, a label's scalar fields come from the repeat with the
// median final loss (the lower median for an even count).
func Summarize(e *Experiment, runs []trace.Run) *trace.Summary {
	reps := e.perSpec()
	s := &trace.Summary{
		Name:          e.Name,
		Surface:       e.Report.Problem,
		SurfaceParams: e.Report.ProblemParams,
		Dim:           len(e.Start),
		Start:         e.Start,
		Steps:         e.Steps,
		Seed:          e.Seed,
		Repeats:       e.repeats(),
		RecordEvery:   e.recordEvery(),
		Noise:         e.Report.Noise,
		LRScaling:     e.Report.LRScaling,
		Starts:        e.Report.Starts,
		TestShift:     e.Report.TestShift,
	}
	if f, ok := e.FStar(); ok {
		s.FStar = &f
	}
	for k, spec := range e.Runs {
		group := runs[k*reps : (k+1)*reps]
		mi := MedianRepeat(group)
		med := group[mi]
		rs := trace.RunSummary{
			Label:     spec.Label,
			Optimizer: spec.Optimizer.Name,
			Hyper:     hyperOf(spec),
			LR:        spec.LR,
			Batch:     spec.Batch,
			Steps:     med.StopStep,
			Status:    med.Status,
			Reason:    med.Reason,
			Repeats:   reps,
		}
		rs.Schedule = scheduleOf(spec.Schedule)
		if c := med.Cost; c != (trace.Cost{}) {
			rs.Cost = &c
		}
		if last, ok := med.Last(); ok {
			loss, gn := last.Loss, last.GradNorm
			rs.FinalLoss, rs.FinalGradNorm = &loss, &gn
			rs.FinalX = med.FinalX
			if rs.FinalX == nil {
				rs.FinalX = append([]float64(nil), last.X...)
			}
			if name, d, ok := nearestMin(e, rs.FinalX); ok {
				rs.DistanceToMin, rs.NearestMin = &d, name
			}
			if spec.Data != nil {
				rs.DataSummary = spec.Data.With(e.Layout().Metrics, last.Metrics)
				if e.Columns != nil { // a network's: the runner writes its params file
					rs.DataSummary.ParamsFile = trace.ParamsFile(spec.Label, mi, reps)
				} else {
					rs.DataSummary = rs.DataSummary.WithTrain(loss) // a surface's train loss is its loss
				}
			}
		}
		if reps > 1 {
			rs.StatusCounts = map[trace.Status]int{}
			losses := make([]float64, reps)
			for i, r := range group {
				rs.StatusCounts[r.Status]++
				rs.RepeatStatus = append(rs.RepeatStatus, r.Status)
				losses[i] = finalLoss(r)
			}
			sort.Float64s(losses)
			q := [3]float64{stats.Quantile(losses, 0.25), stats.Quantile(losses, 0.5), stats.Quantile(losses, 0.75)}
			rs.FinalLossQuartiles = &q
		}
		if e.BasinRadius > 0 {
			for _, r := range group {
				rs.RepeatBasin = append(rs.RepeatBasin, r.Basin)
			}
			rs.Basins = BasinFractions(rs.RepeatBasin, e.KnownMinima())
			if spec.Data != nil && e.Columns == nil {
				rs.BasinGaps = basinGaps(e, spec, group)
			}
		}
		s.Runs = append(s.Runs, rs)
	}
	for _, r := range runs {
		if r.Status == trace.Interrupted {
			s.Interrupted = true
		}
	}
	return s
}

// basinGaps is, per basin, the median generalization gap (test − train
// loss, with a surface's test_shift) of the label's runs that ended in it:
// the sharp-vs-flat claim read per basin rather than off one median run.
func basinGaps(e *Experiment, spec RunSpec, group []trace.Run) map[string]float64 {
	by := map[string][]float64{}
	for _, r := range group {
		last, ok := r.Last()
		if !ok || r.Basin == "" {
			continue
		}
		d := spec.Data.With(e.Layout().Metrics, last.Metrics).WithTrain(last.Loss)
		if d.Gap != nil && !math.IsNaN(*d.Gap) {
			by[r.Basin] = append(by[r.Basin], *d.Gap)
		}
	}
	if len(by) == 0 {
		return nil
	}
	out := make(map[string]float64, len(by))
	for b, g := range by {
		sort.Float64s(g)
		out[b] = stats.Quantile(g, 0.5)
	}
	return out
}

// MedianRepeat is the index of the repeat in group (one label's repeats)
// whose final loss is the median (the lower median for an even count;
// runs without points count as +∞): the repeat summary.json reports.
func MedianRepeat(group []trace.Run) int {
	order := make([]int, len(group))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return finalLoss(group[order[a]]) < finalLoss(group[order[b]]) })
	return order[(len(group)-1)/2]
}

func finalLoss(r trace.Run) float64 {
	if p, ok := r.Last(); ok {
		return p.Loss
	}
	return math.Inf(1)
}

// scheduleOf is what summary.json says of a schedule (nil: constant lr).
func scheduleOf(s optimizers.Schedule) *trace.Schedule {
	if s.Warmup == nil && s.Decay == nil {
		return nil
	}
	out := &trace.Schedule{}
	if w := s.Warmup; w != nil {
		out.Warmup = &trace.Warmup{Steps: w.Steps, StartFactor: w.StartFactor}
	}
	if d := s.Decay; d != nil {
		td := &trace.Decay{Kind: d.Kind}
		g, lr := d.Gamma, d.MinLR
		switch d.Kind {
		case "step":
			td.StepSize, td.Gamma = d.StepSize, &g
		case "exp":
			td.Gamma = &g
		case "cosine":
			td.TotalSteps, td.MinLR = d.TotalSteps, &lr
		}
		out.Decay = td
	}
	return out
}

// nearestMin is the Euclidean distance from x to the nearest listed
// minimum (saddles excluded).
func nearestMin(e *Experiment, x []float64) (string, float64, bool) {
	best, name, ok := math.Inf(1), "", false
	for _, m := range e.KnownMinima() {
		if !m.Kind.IsMin() || len(m.X) != len(x) {
			continue
		}
		var d float64
		for i := range x {
			d += (x[i] - m.X[i]) * (x[i] - m.X[i])
		}
		if d = math.Sqrt(d); d < best {
			best, name, ok = d, m.Name, true
		}
	}
	return name, best, ok
}

// hyperOf is the run's resolved hyperparameters as summary.json lists them.
func hyperOf(spec RunSpec) map[string]any {
	h, err := optimizers.Resolve(spec.Optimizer)
	if err != nil { // specs are resolved when the experiment is built
		return nil
	}
	return h.Flat()
}
