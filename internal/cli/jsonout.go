package cli

import (
	"encoding/json"
	"io"
	"math"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/presets"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/surfaces"
	"github.com/optlab/optlab/internal/trace"
)

// The --json forms of list, describe and validate: the same facts as the
// tables, as data a script can read. Field names are snake_case as in
// summary.json.

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type paramJSON struct {
	Name    string  `json:"name"`
	Default float64 `json:"default"`
	Doc     string  `json:"doc,omitempty"`
}

type choiceJSON struct {
	Name    string   `json:"name"`
	Values  []string `json:"values"`
	Default string   `json:"default"`
	Doc     string   `json:"doc,omitempty"`
}

type optimizerJSON struct {
	Kind    string       `json:"kind"` // "optimizer"
	Name    string       `json:"name"`
	Summary string       `json:"summary"`
	Rule    []string     `json:"rule,omitempty"`
	Params  []paramJSON  `json:"params"`
	Choices []choiceJSON `json:"choices,omitempty"`
	Flags   []string     `json:"flags,omitempty"`
	Base    bool         `json:"needs_base,omitempty"`
	Notes   string       `json:"notes,omitempty"`
}

func optimizerData(s optimizers.Spec, full bool) optimizerJSON {
	o := optimizerJSON{Kind: "optimizer", Name: s.Name, Summary: s.Summary, Params: []paramJSON{}, Flags: s.Flags, Base: s.HasBase}
	for _, p := range s.Params {
		o.Params = append(o.Params, paramJSON{Name: p.Name, Default: p.Default, Doc: p.Doc})
	}
	for _, c := range s.Choices {
		o.Choices = append(o.Choices, choiceJSON{Name: c.Name, Values: c.Values, Default: c.Values[0], Doc: c.Doc})
	}
	if full {
		o.Rule, o.Notes = s.Rule, s.Notes
	}
	return o
}

type pointJSON struct {
	Name  string    `json:"name"`
	Kind  string    `json:"kind"`
	X     []float64 `json:"x"`
	Value *float64  `json:"f"` // null when not finite
}

type surfaceJSON struct {
	Kind    string      `json:"kind"` // "surface"
	Name    string      `json:"name"`
	Summary string      `json:"summary"`
	AnyDim  bool        `json:"any_dim"`
	Params  []paramJSON `json:"params"`
	Formula string      `json:"formula,omitempty"`
	Start   []float64   `json:"start,omitempty"`
	Window  *struct {
		Lo []float64 `json:"lo"`
		Hi []float64 `json:"hi"`
	} `json:"window,omitempty"`
	Points  []pointJSON `json:"stationary_points,omitempty"`
	Compare *struct {
		Steps int                `json:"steps"`
		LR    map[string]float64 `json:"lr"`
	} `json:"compare,omitempty"`
}

func surfaceData(spec surfaces.Spec) surfaceJSON {
	o := surfaceJSON{Kind: "surface", Name: spec.Name, Summary: spec.Summary, AnyDim: spec.AnyDim, Params: []paramJSON{}}
	for _, p := range spec.Params {
		o.Params = append(o.Params, paramJSON{Name: p.Name, Default: p.Default, Doc: p.Doc})
	}
	return o
}

// surfaceDetail adds what describe shows: formula, start, window, known
// points and compare's preset.
func surfaceDetail(spec surfaces.Spec, s surfaces.Surface) surfaceJSON {
	o := surfaceData(spec)
	o.Formula, o.Start = spec.Formula, s.Start()
	lo, hi := s.Bounds()
	o.Window = &struct {
		Lo []float64 `json:"lo"`
		Hi []float64 `json:"hi"`
	}{lo, hi}
	for _, m := range s.Minima() {
		kind := m.Kind
		if kind.IsMin() {
			kind = problem.Min
		}
		p := pointJSON{Name: m.Name, Kind: string(kind), X: m.X}
		if v := m.Value; !math.IsInf(v, 0) && !math.IsNaN(v) {
			p.Value = &v
		}
		o.Points = append(o.Points, p)
	}
	pr := presets.For(s)
	o.Compare = &struct {
		Steps int                `json:"steps"`
		LR    map[string]float64 `json:"lr"`
	}{pr.Steps, pr.LR}
	return o
}

type scheduleJSON struct {
	Name    string `json:"name"`
	Summary string `json:"summary"`
	Keys    string `json:"keys"`
	Formula string `json:"formula"`
}

func schedulesData() []scheduleJSON {
	var out []scheduleJSON
	for _, k := range optimizers.ScheduleKinds() {
		out = append(out, scheduleJSON{Name: k.Name, Summary: k.Summary, Keys: k.Keys, Formula: k.Formula})
	}
	return out
}

// runJSON is what run and compare print with --json: summary.json's fields
// and the output folder with the files written.
type runJSON struct {
	*trace.Summary
	OutputDir string   `json:"output_dir"`
	Files     []string `json:"files"`
}
