package surfaces

import (
	"fmt"
	"math"
	"sort"
	"strings"
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
}

// Specs lists every surface family, sorted by name. The table is built
// from each family's file on every call: there is no registration state.
func Specs() []Spec {
	specs := []Spec{
		ackleySpec(),
		bealeSpec(),
		boothSpec(),
		escapeSpec(),
		goldsteinPriceSpec(),
		halfpipeSpec(),
		himmelblauSpec(),
		matyasSpec(),
		monkeySaddleSpec(),
		rastriginSpec(),
		rosenbrockSpec(),
		saddleSpec(),
		sharpFlatSpec(),
		sixHumpSpec(),
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
// invalid values are errors naming the parameter and the value.
func New(name string, params map[string]float64, dim int) (Surface, error) {
	spec, ok := Lookup(name)
	if !ok {
		return nil, fmt.Errorf("surfaces: unknown surface %q", name)
	}
	if dim == 0 {
		dim = 2
	}
	if !spec.AnyDim && dim != 2 {
		return nil, fmt.Errorf("surfaces: %s is 2-D, got dimension %d", name, dim)
	}
	if dim < 2 {
		return nil, fmt.Errorf("surfaces: %s needs dimension ≥ 2, got %d", name, dim)
	}
	full := make(map[string]float64, len(spec.Params))
	known := make([]string, len(spec.Params))
	for i, p := range spec.Params {
		full[p.Name] = p.Default
		known[i] = p.Name
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic error messages
	for _, k := range keys {
		v := params[k]
		if _, ok := full[k]; !ok {
			list := "none"
			if len(known) > 0 {
				list = strings.Join(known, ", ")
			}
			return nil, fmt.Errorf("surfaces: %s has no parameter %q (got %g; parameters: %s)", name, k, v, list)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("surfaces: %s.%s: must be finite, got %g", name, k, v)
		}
		full[k] = v
	}
	for _, p := range spec.Params {
		if p.Check != nil {
			if err := p.Check(full[p.Name]); err != nil {
				return nil, fmt.Errorf("surfaces: %s.%s: %v", name, p.Name, err)
			}
		}
	}
	return spec.New(full, dim), nil
}
