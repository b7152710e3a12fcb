package cli

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/optlab/optlab/internal/config"
)

// tunedJSON is tuned.json: what was tuned, how, and each optimizer's
// winner with its spread over the evaluation seeds.
type tunedJSON struct {
	Config        string             `json:"config"`
	ConfigHash    string             `json:"config_sha256"`
	Surface       string             `json:"surface,omitempty"`
	SurfaceParams map[string]float64 `json:"surface_params,omitempty"`
	Start         []float64          `json:"start,omitempty"`
	Noise         *config.NoiseSpec  `json:"noise,omitempty"`
	Stop          *config.StopSpec   `json:"stop,omitempty"`
	Steps         int                `json:"steps"`
	GradBudget    int64              `json:"grad_evals_per_trial"`
	Objective     string             `json:"objective"`
	Grid          tunedGrid          `json:"lr_grid"`
	TuneSeeds     []uint64           `json:"tuning_seeds"`
	EvalSeeds     []uint64           `json:"evaluation_seeds"`
	Optimizers    []tunedOptimizer   `json:"optimizers"`
}

type tunedGrid struct {
	Path   string  `json:"path"`
	From   float64 `json:"from"`
	To     float64 `json:"to"`
	Trials int     `json:"trials"`
}

type tunedOptimizer struct {
	Label        string   `json:"label"`
	Optimizer    string   `json:"optimizer"`
	LR           *float64 `json:"lr"` // null: no lr of the grid ended acceptably
	Steps        int      `json:"steps"`
	GradsPerStep float64  `json:"grad_evals_per_step"`
	Trials       int      `json:"trials"`
	Eval         *spread  `json:"evaluation,omitempty"`
}

type tuneReport struct {
	Tuned tunedJSON
}

func newTuneReport(sw *config.Sweep, sum *sweepSummary, budget int64, perStep map[string]float64, steps map[string]int) *tuneReport {
	f := sw.File
	lrs := sw.Axes[0].Values
	t := tunedJSON{Config: f.Name, ConfigHash: sum.ConfigHash, Steps: f.Steps, GradBudget: budget, Objective: sw.Objective,
		Grid:      tunedGrid{Path: sw.Axes[0].Path.Text, From: lrs[0], To: lrs[len(lrs)-1], Trials: len(lrs)},
		TuneSeeds: sw.Seeds, EvalSeeds: sw.RerunSeeds(), Start: f.Start, Noise: f.Noise, Stop: f.Stop}
	if f.Problem == nil {
		t.Surface, t.SurfaceParams = f.Surface.Name, f.Surface.Params
	}
	for _, b := range sum.Optimizers {
		o := tunedOptimizer{Label: b.Label, Optimizer: b.Optimizer, LR: b.LR, Steps: steps[b.Label],
			GradsPerStep: perStep[b.Label], Trials: len(lrs), Eval: b.Rerun}
		t.Optimizers = append(t.Optimizers, o)
	}
	return &tuneReport{Tuned: t}
}

// markdown writes tune.md (and the report on stdout): the protocol that
// makes the comparison fair, the winners and their spread, and what a
// toy surface can and cannot say.
func (r *tuneReport) markdown(w io.Writer) error {
	t := r.Tuned
	var b strings.Builder
	fmt.Fprintf(&b, "# Tuning %s\n\n", t.Config)
	b.WriteString("How the learning rates were chosen, the same way for every optimizer:\n\n")
	fmt.Fprintf(&b, "- **Search space**: one rule for all: %d log-spaced lrs from %g to %g (%s); no per-optimizer ranges.\n", t.Grid.Trials, t.Grid.From, t.Grid.To, t.Grid.Path)
	fmt.Fprintf(&b, "- **Budget**: %d trials per optimizer, each allowed %d gradient evaluations (counted by the lab: an update's gradient plus every further query, so sam's ascent point costs one more); a method using g evaluations per update gets ⌊%d/g⌋ updates. Hessians are not in this budget (newton takes one per update; results.csv counts them).\n", t.Grid.Trials, t.GradBudget, t.GradBudget)
	fmt.Fprintf(&b, "- **Horizon**: tuned on the horizon that is shown: %d updates (the config's steps) for one-gradient methods; `optlab compare --tuned` runs the same.\n", t.Steps)
	fmt.Fprintf(&b, "- **Objective**: %s, lower is better; a trial counts only if it ended normally (max_steps or converged) without its loss gap rising above 10× the start's.\n", objectiveStated(t.Objective))
	fmt.Fprintf(&b, "- **Seeds**: tuned under seeds %s; each winner re-run under the separate evaluation seeds %s.\n\n", seedList(t.TuneSeeds), seedList(t.EvalSeeds))
	b.WriteString("| label | optimizer | best lr | updates | grad evals/update | median | q1 | q3 | min | max | statuses |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|\n")
	for _, o := range t.Optimizers {
		lr := "none acceptable"
		if o.LR != nil {
			lr = fmt.Sprintf("%.4g", *o.LR)
		}
		med, q1, q3, lo, hi, st := "-", "-", "-", "-", "-", "-"
		if e := o.Eval; e != nil {
			med, q1, q3, lo, hi = g4(e.Median), g4(e.Q1), g4(e.Q3), g4(e.Min), g4(e.Max)
			var parts []string
			for _, k := range sortedStatuses(e) {
				parts = append(parts, fmt.Sprintf("%s %d", k, e.Statuses[k]))
			}
			st = strings.Join(parts, ", ")
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %g | %s | %s | %s | %s | %s | %s |\n", o.Label, o.Optimizer, lr, o.Steps, o.GradsPerStep, med, q1, q3, lo, hi, st)
	}
	fmt.Fprintf(&b, "\nThe spread (median, quartiles, range) is over the %d evaluation seeds", len(t.EvalSeeds))
	if t.Noise == nil {
		b.WriteString("; without gradient noise every seed runs the same path, so it is zero")
	}
	b.WriteString(".\n\n")
	b.WriteString("What this does and does not say: it ranks these optimizers on this one problem, from this start, at this horizon and budget. A toy surface does not rank optimizers in general; another surface, start, horizon or objective can reverse the order.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func objectiveStated(o string) string {
	switch o {
	case "distance":
		return "the final distance to the nearest known minimum"
	case "auc":
		return "the area under the loss-gap curve per step (the mean recorded f − f*)"
	}
	return "the final loss gap f − f* (the final loss where f* is unknown)"
}

func g4(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return fmt.Sprintf("%.4g", v)
}

func seedList(s []uint64) string {
	if len(s) == 0 {
		return "none"
	}
	if len(s) > 2 && s[len(s)-1]-s[0] == uint64(len(s)-1) {
		return fmt.Sprintf("%d…%d", s[0], s[len(s)-1])
	}
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}
