package cli

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/output"
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/plotting"
	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/stats"
	"github.com/optlab/optlab/internal/sweep"
	"github.com/optlab/optlab/internal/trace"
)

// writeSweepFigures stages sensitivity.png (the objective against the
// first lr axis, else the first axis, one curve per label and value of
// any other axis) and, for two swept values, heatmap-LABEL.png per label.
func writeSweepFigures(d *output.Dir, sw *config.Sweep, grid []sweepRow, labels []string, horizon string) error {
	if len(sw.Axes) == 0 {
		return nil
	}
	xa := 0
	for i, a := range sw.Axes {
		if a.Path.Last() == "lr" {
			xa = i
			break
		}
	}
	ylabel := objectiveLabel(sw.Objective, grid)
	// One band per PNG: the encoder splits a PNG into as many deflate
	// bands as its limit has workers, which would make the bytes depend on
	// the machine; a sweep's files must not. A few figures cost little.
	enc := encode.Encoder{Limit: parallel.New(1)}
	points := sw.Points()
	var curves []plotting.SweepCurve
	for _, label := range labels {
		groups := byPoint(grid, label, points)
		// One curve per combination of the other axes' values.
		index := map[string]int{}
		for p := 0; p < points; p++ {
			vals := sw.Values(p)
			var key []string
			for i, v := range vals {
				if i != xa {
					key = append(key, sw.Axes[i].Path.Last()+"="+strconv.FormatFloat(v, 'g', 4, 64))
				}
			}
			name := label
			if len(key) > 0 {
				name += ", " + strings.Join(key, ", ")
			}
			k, ok := index[name]
			if !ok {
				k = len(curves)
				index[name] = k
				curves = append(curves, plotting.SweepCurve{Label: name})
			}
			s := curveSpread(groups[p], sw.Objective)
			c := &curves[k]
			c.X = append(c.X, vals[xa])
			c.Median, c.Q1, c.Q3 = append(c.Median, s.Median), append(c.Q1, s.Q1), append(c.Q3, s.Q3)
		}
	}
	title := fmt.Sprintf("%s: %s %s (median, IQR band over %s)", sw.File.Name, objectiveWords(sw.Objective), horizon, plural(len(sw.Seeds), "seed"))
	if len(sw.Seeds) == 1 {
		title = fmt.Sprintf("%s: %s %s (one seed)", sw.File.Name, objectiveWords(sw.Objective), horizon)
	}
	xlabel := sw.Axes[xa].Path.Text
	p, err := plotting.Sensitivity(curves, title, xlabel, ylabel)
	if err != nil {
		return err
	}
	if err := d.Write("sensitivity.png", func(w io.Writer) error { return enc.Save(w, p, "png", 0, 0) }); err != nil {
		return err
	}
	if len(sw.Axes) != 2 {
		return nil
	}
	ya := 1 - xa
	for _, label := range labels {
		groups := byPoint(grid, label, points)
		g := plotting.SweepGrid{
			Title:  fmt.Sprintf("%s, %s: %s %s (median over %s)", sw.File.Name, label, objectiveWords(sw.Objective), horizon, plural(len(sw.Seeds), "seed")),
			XLabel: sw.Axes[xa].Path.Text, YLabel: sw.Axes[ya].Path.Text,
			X: sw.Axes[xa].Values, Y: sw.Axes[ya].Values,
			XLog: logSpaced(sw.Axes[xa].Values), YLog: logSpaced(sw.Axes[ya].Values),
		}
		g.Z = make([][]float64, len(g.Y))
		for j := range g.Z {
			g.Z[j] = make([]float64, len(g.X))
		}
		sizes := []int{len(sw.Axes[0].Values), len(sw.Axes[1].Values)}
		for p := 0; p < points; p++ {
			c := sweep.Coords(p, sizes)
			g.Z[c[ya]][c[xa]] = curveSpread(groups[p], sw.Objective).Median
		}
		hp, err := plotting.SweepHeatMap(g)
		if err != nil {
			return err
		}
		name := "heatmap-" + fileSafe(label) + ".png"
		if err := d.Write(name, func(w io.Writer) error { return enc.Save(w, hp, "png", 0, 0) }); err != nil {
			return err
		}
	}
	return nil
}

// curveSpread is the figures' spread: a failed run (diverged, out of
// bounds, non-finite) counts as +Inf, so a point where most runs failed
// shows as failed rather than by the size its blow-up happened to reach.
func curveSpread(rows []sweepRow, objective string) spread {
	var v []float64
	for _, r := range rows {
		o := objectiveOf(r, objective)
		if r.Status == trace.Diverged || r.Status == trace.OutOfBounds || math.IsNaN(o) || math.IsInf(o, 0) {
			o = math.Inf(1)
		}
		v = append(v, o)
	}
	sort.Float64s(v)
	if len(v) == 0 {
		return spread{Median: math.NaN(), Q1: math.NaN(), Q3: math.NaN()}
	}
	return spread{Median: infQuantile(v, 0.5), Q1: infQuantile(v, 0.25), Q3: infQuantile(v, 0.75)}
}

// infQuantile is stats.Quantile where +Inf may be among the data: an
// order statistic hit exactly is itself, one interpolated towards +Inf is
// +Inf (never 0·Inf).
func infQuantile(sorted []float64, q float64) float64 {
	h := float64(len(sorted)-1) * q
	i := int(math.Floor(h))
	if h == float64(i) || i+1 >= len(sorted) {
		return sorted[min(i, len(sorted)-1)]
	}
	if math.IsInf(sorted[i+1], 1) {
		return math.Inf(1)
	}
	return stats.Quantile(sorted, q)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func objectiveWords(objective string) string {
	switch objective {
	case "distance":
		return "distance to the minimum"
	case "auc":
		return "mean loss gap"
	}
	return "final loss"
}

func objectiveLabel(objective string, rows []sweepRow) string {
	switch objective {
	case "distance":
		return "final distance to the nearest minimum (log scale)"
	case "auc":
		return "mean loss gap over the run (log scale)"
	}
	for _, r := range rows {
		if !math.IsNaN(r.LossGap) {
			return "final loss gap f − f* (log scale)"
		}
	}
	return "final loss (log scale)"
}

// logSpaced: positive values whose ratios are even (a log grid).
func logSpaced(v []float64) bool {
	if len(v) < 3 || !(v[0] > 0) {
		return false
	}
	r := v[1] / v[0]
	for i := 2; i < len(v); i++ {
		if !(v[i] > 0) || math.Abs(v[i]/v[i-1]-r) > 1e-9*r {
			return false
		}
	}
	return r != 1
}

// fileSafe turns a label into a file name part.
func fileSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}
