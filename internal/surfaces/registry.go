package surfaces

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"strings"

	"github.com/optlab/optlab/internal/fielderr"
)

// A Param is a numeric parameter of a surface family.
type Param struct {
	Name    string
	Default float64
	Doc     string
	// Check reports why v is not allowed, or nil. May be nil.
	Check func(v float64) error
}

// A Spec describes a surface family in the registry.
type Spec struct {
	Name    string
	Summary string  // one line for `optlab list surfaces`
	Formula string  // plain-text formula for `optlab describe`
	Params  []Param // surface-specific parameters with defaults
	// AnyDim is true for families defined in every dimension n ≥ 2
	// (rosenbrock, styblinskitang, rastrigin, ackley); others are 2-D.
	AnyDim bool
	// New builds the surface from a complete parameter set (every Param
	// present) and a dimension (2 unless AnyDim).
	New func(p map[string]float64, dim int) Surface
	// CheckDim, when set, reports why a complete parameter set does not
	// allow the dimension (a dense rotation's memory), or nil.
	CheckDim func(p map[string]float64, dim int) error
}

// Specs lists every surface family, sorted by name. The table is built
// from each family's file on every call: there is no registration state.
func Specs() []Spec {
	specs := []Spec{
		ackleySpec(),
		bealeSpec(),
		boothSpec(),
		deepQuadraticSpec(),
		escapeSpec(),
		goldsteinPriceSpec(),
		halfpipeSpec(),
		himmelblauSpec(),
		matyasSpec(),
		monkeySaddleSpec(),
		quadraticSpec(),
		rastriginSpec(),
		rosenbrockSpec(),
		saddleSpec(),
		sharpFlatSpec(),
		sixHumpSpec(),
		sphereSpec(),
		styblinskiTangSpec(),
		threeHumpSpec(),
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].Name < specs[j].Name })
	return specs
}

// Lookup returns the spec of the named family.
func Lookup(name string) (Spec, bool) {
	for _, s := range Specs() {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// Names returns the registered family names, sorted.
func Names() []string {
	specs := Specs()
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return names
}

// New builds the named surface. params may be partial (missing ones take
// their defaults) and dim may be 0 (meaning 2). Unknown parameters and
// invalid values are errors naming the parameter and the value, every
// problem of Check on a line.
func New(name string, params map[string]float64, dim int) (Surface, error) {
	if problems := Check(name, params, dim); len(problems) > 0 {
		lines := make([]string, len(problems))
		for i, p := range problems {
			lines[i] = "surfaces: " + p.Msg
			if param, ok := strings.CutPrefix(p.Path, "params."); ok && !p.Unknown {
				lines[i] = fmt.Sprintf("surfaces: %s.%s: %s", name, param, p.Msg)
			}
		}
		return nil, errors.New(strings.Join(lines, "\n"))
	}
	if dim == 0 {
		dim = 2
	}
	spec, _ := Lookup(name)
	full := make(map[string]float64, len(spec.Params))
	for _, p := range spec.Params {
		full[p.Name] = p.Default
	}
	maps.Copy(full, params)
	return spec.New(full, dim), nil
}

// Check reports every problem New would have with its arguments, as a
// fielderr.List with paths relative to the surface: "name", "dim",
// "params.<name>" (Unknown set for a parameter the family does not have).
// It is the one check of surface parameters: a config layer prefixes the
// paths with its own ("surface").
func Check(name string, params map[string]float64, dim int) fielderr.List {
	var problems fielderr.List
	spec, ok := Lookup(name)
	if !ok {
		problems.AddUnknown("name", "unknown surface %q", name)
		return problems
	}
	if dim == 0 {
		dim = 2
	}
	if !spec.AnyDim && dim != 2 {
		problems.Add("dim", "%s is 2-D, got dimension %d", name, dim)
	} else if dim < 2 {
		problems.Add("dim", "%s needs dimension ≥ 2, got %d", name, dim)
	}
	full := make(map[string]float64, len(spec.Params))
	known := make([]string, len(spec.Params))
	for i, p := range spec.Params {
		full[p.Name] = p.Default
		known[i] = p.Name
	}
	for _, k := range fielderr.SortedKeys(params) { // deterministic messages
		v := params[k]
		if _, ok := full[k]; !ok {
			list := "none"
			if len(known) > 0 {
				list = strings.Join(known, ", ")
			}
			problems.AddUnknown("params."+k, "%s has no parameter %q (got %g; parameters: %s)", name, k, v, list)
			continue
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			problems.Add("params."+k, "must be finite, got %g", v)
			continue
		}
		full[k] = v
	}
	paramsOK := true
	for _, p := range spec.Params {
		if p.Check != nil {
			if err := p.Check(full[p.Name]); err != nil {
				problems.Add("params."+p.Name, "%v", err)
				paramsOK = false
			}
		}
	}
	if spec.CheckDim != nil && paramsOK && dim >= 2 {
		if err := spec.CheckDim(full, dim); err != nil {
			problems.Add("dim", "%v", err)
		}
	}
	return problems
}
