package config

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/sweep"
)

// SweepSpec is the sweep: block (docs/sweeps.md): the values swept, each
// over a grid or a list, their product the sweep's points; the seeds
// every point runs under; and optionally the best point of each
// optimizer re-run over further seeds. optlab run ignores the block.
type SweepSpec struct {
	// Protocol "deepobs" sweeps optimizers[*].lr over 36 log-spaced
	// values in 1e-5…1e2 and re-runs the best over 10 seeds.
	Protocol string       `cfg:"protocol"`
	Values   []SweepValue `cfg:"values"`
	// Repeats runs every point under seeds seed, seed+1, … (default 1);
	// Seeds lists them instead.
	Repeats int       `cfg:"repeats"`
	Seeds   []uint64  `cfg:"seeds"`
	Best    *BestSpec `cfg:"best"`
}

// SweepValue is one swept config value: its path and exactly one of a
// log grid, a linear grid or a list.
type SweepValue struct {
	Path   string    `cfg:"path"`
	Log    *GridSpec `cfg:"log"`
	Linear *GridSpec `cfg:"linear"`
	List   []float64 `cfg:"list"`
}

// GridSpec is num values from from to to, both included.
type GridSpec struct {
	From float64 `cfg:"from"`
	To   float64 `cfg:"to"`
	Num  int     `cfg:"num"`
}

// BestSpec re-runs each optimizer's best point over Reruns further seeds
// (default 10), best by Objective: final_loss (the default: the final
// loss gap f − f*, or the loss when f* is unknown), distance (to the
// nearest known minimum) or auc (the mean recorded loss gap, the area
// under the loss curve per step).
type BestSpec struct {
	Reruns    int    `cfg:"reruns"`
	Objective string `cfg:"objective"`
}

// Objectives are the values BestSpec.Objective takes.
var Objectives = []string{"final_loss", "distance", "auc"}

// Validate checks the block; nil (no block) is valid.
func (s *SweepSpec) Validate() fielderr.List {
	if s == nil {
		return nil
	}
	var l fielderr.List
	switch s.Protocol {
	case "":
		if len(s.Values) == 0 {
			l.Add("values", "must list at least one swept value (or set protocol: deepobs)")
		}
	case "deepobs":
		if len(s.Values) > 0 {
			l.Add("values", "protocol deepobs sets the values (optimizers[*].lr on its grid); remove values or the protocol")
		}
	default:
		l.Add("protocol", "must be deepobs, got %q", s.Protocol)
	}
	seen := map[string]int{}
	for i, v := range s.Values {
		path := fmt.Sprintf("values[%d]", i)
		l.Under(path, v.Validate())
		if j, dup := seen[v.Path]; dup && v.Path != "" {
			l.Add(path+".path", "%q is already swept by values[%d]", v.Path, j)
		}
		seen[v.Path] = i
	}
	if s.Repeats < 0 {
		l.Add("repeats", "must be ≥ 1, got %d", s.Repeats)
	}
	if s.Repeats > 0 && len(s.Seeds) > 0 {
		l.Add("seeds", "give repeats or seeds, not both")
	}
	uniq := map[uint64]int{}
	for i, seed := range s.Seeds {
		if j, dup := uniq[seed]; dup {
			l.Add(fmt.Sprintf("seeds[%d]", i), "%d is already seeds[%d]", seed, j)
		}
		uniq[seed] = i
	}
	if b := s.Best; b != nil {
		if b.Reruns < 0 {
			l.Add("best.reruns", "must be ≥ 1, got %d", b.Reruns)
		}
		if b.Objective != "" && !contains(Objectives, b.Objective) {
			l.Add("best.objective", "must be one of final_loss, distance, auc, got %q", b.Objective)
		}
	}
	return l
}

// Validate checks one swept value.
func (v SweepValue) Validate() fielderr.List {
	var l fielderr.List
	if _, err := sweep.ParsePath(v.Path); err != nil {
		l.Add("path", "%v", trimPkg(err))
	}
	given := 0
	for _, g := range []bool{v.Log != nil, v.Linear != nil, v.List != nil} {
		if g {
			given++
		}
	}
	if given != 1 {
		l.Add("", "needs exactly one of log, linear or list, got %d", given)
		return l
	}
	if _, err := v.values(); err != nil {
		key := "list"
		switch {
		case v.Log != nil:
			key = "log"
		case v.Linear != nil:
			key = "linear"
		}
		l.Add(key, "%v", trimPkg(err))
	}
	return l
}

// values are the value's grid or list.
func (v SweepValue) values() ([]float64, error) {
	switch {
	case v.Log != nil:
		return sweep.LogGrid(v.Log.From, v.Log.To, v.Log.Num)
	case v.Linear != nil:
		return sweep.LinearGrid(v.Linear.From, v.Linear.To, v.Linear.Num)
	}
	if len(v.List) == 0 {
		return nil, fmt.Errorf("must list at least one value")
	}
	for _, x := range v.List {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("values must be finite, got %g", x)
		}
	}
	return v.List, nil
}

func trimPkg(err error) string {
	msg := err.Error()
	if len(msg) > 7 && msg[:7] == "sweep: " {
		return msg[7:]
	}
	return msg
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
