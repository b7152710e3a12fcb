package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/stats"
	"github.com/optlab/optlab/internal/sweep"
	"github.com/optlab/optlab/internal/trace"
)

// sweepSummary is summary.json of a sweep folder (docs/sweeps.md).
type sweepSummary struct {
	Name       string          `json:"name"`
	ConfigHash string          `json:"config_sha256"`
	Axes       []sweepAxisJSON `json:"axes"`
	Points     int             `json:"points"`
	Seeds      []uint64        `json:"seeds"`
	Steps      int             `json:"steps"`
	Objective  string          `json:"objective"`
	Runs       int             `json:"runs"`
	Optimizers []sweepBest     `json:"optimizers"`
}

type sweepAxisJSON struct {
	Path   string    `json:"path"`
	Values []float64 `json:"values"`
}

// sweepBest is one label's best point and, when the sweep re-runs it, its
// spread over the further seeds.
type sweepBest struct {
	Label     string             `json:"label"`
	Optimizer string             `json:"optimizer"`
	Point     *int               `json:"best_point"` // null: no point acceptable
	Values    map[string]float64 `json:"best_values,omitempty"`
	LR        *float64           `json:"best_lr,omitempty"`
	Steps     int                `json:"steps,omitempty"`
	GradEvals int64              `json:"grad_evals,omitempty"`
	Median    *float64           `json:"median_objective,omitempty"`
	Rerun     *spread            `json:"rerun,omitempty"`
}

// spread is the objective over seeds: quartiles, range and statuses.
type spread struct {
	Seeds    []uint64             `json:"seeds"`
	Median   float64              `json:"median"`
	Q1       float64              `json:"q1"`
	Q3       float64              `json:"q3"`
	Min      float64              `json:"min"`
	Max      float64              `json:"max"`
	Statuses map[trace.Status]int `json:"status_counts"`
}

func spreadOf(rows []sweepRow, objective string) *spread {
	s := &spread{Statuses: map[trace.Status]int{}}
	var v []float64
	for _, r := range rows {
		s.Seeds = append(s.Seeds, r.Seed)
		s.Statuses[r.Status]++
		if o := objectiveOf(r, objective); !math.IsNaN(o) && !math.IsInf(o, 0) {
			v = append(v, o)
		}
	}
	sort.Float64s(v)
	if len(v) == 0 {
		s.Median, s.Q1, s.Q3, s.Min, s.Max = math.NaN(), math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s
	}
	s.Median, s.Q1, s.Q3 = stats.Quantile(v, 0.5), stats.Quantile(v, 0.25), stats.Quantile(v, 0.75)
	s.Min, s.Max = v[0], v[len(v)-1]
	return s
}

// labelsOf lists the labels in the order of the rows (the config's).
func labelsOf(rows []sweepRow) (labels []string, opt map[string]string) {
	opt = map[string]string{}
	for _, r := range rows {
		if _, seen := opt[r.Label]; !seen {
			opt[r.Label] = r.Opt
			labels = append(labels, r.Label)
		}
	}
	return labels, opt
}

// byPoint groups one label's grid rows by point.
func byPoint(rows []sweepRow, label string, points int) [][]sweepRow {
	g := make([][]sweepRow, points)
	for _, r := range rows {
		if r.Phase == "grid" && r.Label == label {
			g[r.Point] = append(g[r.Point], r)
		}
	}
	return g
}

// bestPoint picks a label's point by the median objective over seeds,
// among points where every seed's run is acceptable (sweep.Best).
func bestPoint(groups [][]sweepRow, objective string) int {
	obj := make([]float64, len(groups))
	ok := make([]bool, len(groups))
	for p, g := range groups {
		ok[p] = len(g) > 0
		for _, r := range g {
			ok[p] = ok[p] && acceptable(r)
		}
		obj[p] = spreadOf(g, objective).Median
	}
	return sweep.Best(obj, ok)
}

// finishSweep completes a sweep from its grid rows (run here, or read
// back from shards): it re-runs each label's best point when the sweep
// asks for it, then writes results.csv, summary.json, the manifest and
// the figures to dir at once, and prints the best points. The whole
// sweep and the merge of its shards both end here, so they write the
// same bytes.
// finishOptions are what tune adds to a sweep's end: the per-run step
// budget of the re-runs, files of its own, and the horizon the figures
// name ("after 2000 steps" by default).
type finishOptions struct {
	hook    jobHook
	extra   func(d *output.Dir, sum *sweepSummary) error
	horizon string
}

func finishSweep(ctx context.Context, ios *IOStreams, sw *config.Sweep, configFile string, grid []sweepRow, dir string, lim *parallel.Limit, fo finishOptions) (*sweepSummary, error) {
	hook, extra := fo.hook, fo.extra
	if fo.horizon == "" {
		fo.horizon = fmt.Sprintf("after %d steps", sw.File.Steps)
	}
	labels, opt := labelsOf(grid)
	points := sw.Points()
	jobs := points * len(sw.Seeds)
	sum := &sweepSummary{Name: sw.File.Name, ConfigHash: sw.Hash(), Points: points, Seeds: sw.Seeds,
		Steps: sw.File.Steps, Objective: sw.Objective}
	for _, a := range sw.Axes {
		sum.Axes = append(sum.Axes, sweepAxisJSON{a.Path.Text, a.Values})
	}
	rows := append([]sweepRow(nil), grid...)
	type rerun struct {
		label string
		point int
	}
	var reruns []rerun
	for _, label := range labels {
		groups := byPoint(grid, label, points)
		b := sweepBest{Label: label, Optimizer: opt[label]}
		if p := bestPoint(groups, sw.Objective); p >= 0 {
			b.Point = &p
			b.Values = map[string]float64{}
			for i, v := range sw.Values(p) {
				b.Values[sw.Axes[i].Path.Text] = v
			}
			first := groups[p][0]
			b.LR, b.Steps, b.GradEvals = &first.LR, first.Steps, first.GradEvals
			m := spreadOf(groups[p], sw.Objective).Median
			b.Median = &m
			if sw.Reruns > 0 {
				reruns = append(reruns, rerun{label, p})
			}
		}
		sum.Optimizers = append(sum.Optimizers, b)
	}
	seeds := sw.RerunSeeds()
	if len(reruns) > 0 {
		out := make([][]sweepRow, len(reruns)*len(seeds))
		errs := make([]error, len(out))
		stopped := make([]bool, len(out))
		lim.Do(len(out), func(k int) {
			rr := reruns[k/len(seeds)]
			out[k], stopped[k], errs[k] = runSweepJob(ctx, sw, lim, "rerun", jobs+k, rr.point, seeds[k%len(seeds)], rr.label, hook)
		})
		for k := range out {
			if errs[k] != nil {
				return nil, errs[k]
			}
			if stopped[k] {
				return nil, errSweepInterrupted
			}
			rows = append(rows, out[k]...)
		}
		for i := range sum.Optimizers {
			b := &sum.Optimizers[i]
			var mine []sweepRow
			for _, r := range rows {
				if r.Phase == "rerun" && r.Label == b.Label {
					mine = append(mine, r)
				}
			}
			if len(mine) > 0 {
				b.Rerun = spreadOf(mine, sw.Objective)
			}
		}
	}
	for _, r := range rows {
		if r.Phase == "grid" {
			sum.Runs++
		}
	}
	d, err := output.Begin(dir)
	if err != nil {
		return nil, err
	}
	man := sweep.Manifest{Name: sw.File.Name, ConfigFile: configFile, ConfigHash: sum.ConfigHash, Config: string(sw.Text),
		Jobs: jobs, Shard: "1/1", First: 0, End: jobs}
	write := func() error {
		if err := d.Write(resultsFile, func(w io.Writer) error { return writeRows(w, sw, rows) }); err != nil {
			return err
		}
		if err := d.Write(output.SummaryFile, func(w io.Writer) error { return writeIndented(w, sum) }); err != nil {
			return err
		}
		if err := d.Write(sweep.ManifestFile, func(w io.Writer) error { return writeIndented(w, man) }); err != nil {
			return err
		}
		if err := writeSweepFigures(d, sw, grid, labels, fo.horizon); err != nil {
			return err
		}
		if extra != nil {
			return extra(d, sum)
		}
		return nil
	}
	if err := write(); err != nil {
		d.Abort()
		return nil, err
	}
	if err := d.Commit(); err != nil {
		return nil, err
	}
	if extra == nil {
		printSweepTable(ios.Out, sum)
	}
	return sum, nil
}

func writeIndented(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// printSweepTable prints each label's best point and its spread.
func printSweepTable(w io.Writer, s *sweepSummary) {
	tw := newTable(w, "label", "optimizer", "best", "median "+s.Objective, "re-run median [q1, q3]")
	for _, b := range s.Optimizers {
		best, med, rr := "none acceptable", "-", "-"
		if b.Point != nil {
			var parts []string
			for _, a := range s.Axes {
				parts = append(parts, a.Path+"="+strconv.FormatFloat(b.Values[a.Path], 'g', 4, 64))
			}
			best = strings.Join(parts, " ")
			med = fmt.Sprintf("%.4g", *b.Median)
		}
		if b.Rerun != nil {
			rr = fmt.Sprintf("%.4g [%.4g, %.4g] over %d seeds", b.Rerun.Median, b.Rerun.Q1, b.Rerun.Q3, len(b.Rerun.Seeds))
		}
		tw.row(b.Label, b.Optimizer, best, med, rr)
	}
	tw.flush()
}

// MarshalJSON writes a value no seed made finite as null.
func (s spread) MarshalJSON() ([]byte, error) {
	num := func(v float64) *float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		return &v
	}
	type plain struct {
		Seeds    []uint64             `json:"seeds"`
		Median   *float64             `json:"median"`
		Q1       *float64             `json:"q1"`
		Q3       *float64             `json:"q3"`
		Min      *float64             `json:"min"`
		Max      *float64             `json:"max"`
		Statuses map[trace.Status]int `json:"status_counts"`
	}
	return json.Marshal(plain{s.Seeds, num(s.Median), num(s.Q1), num(s.Q3), num(s.Min), num(s.Max), s.Statuses})
}

func sortedStatuses(s *spread) []trace.Status {
	var out []trace.Status
	for k := range s.Statuses {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
