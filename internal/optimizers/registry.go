package optimizers

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/optlab/optlab/internal/fielderr"
)

// A Param is a numeric hyperparameter with its PyTorch default.
type Param struct {
	Name    string
	Default float64
	Doc     string
	// Check reports why v is not allowed (message like "must be > 0, got -1").
	// May be nil. Non-finite values are rejected by Resolve before Check.
	Check func(v float64) error
}

// A Choice is a string-valued hyperparameter (momentum's form, newton's
// on_indefinite) with its allowed values; the first is the default.
type Choice struct {
	Name   string
	Values []string
	Doc    string
}

// Hyper holds resolved hyperparameters: every Param, Choice and Flag of the
// spec is present.
type Hyper struct {
	Name    string
	Values  map[string]float64
	Choices map[string]string
	Flags   map[string]bool // eps_inside_sqrt
	// Base is sam's base optimizer, itself resolved (every default filled
	// in), so Resolve(*Base) and New(*Base) succeed; nil for the others.
	Base *Config
}

// LR is the learning rate the lab should schedule: Values["lr"], or for sam,
// which takes no lr of its own, the lr of its base optimizer.
func (h Hyper) LR() float64 {
	if h.Base != nil {
		return h.Base.Values["lr"]
	}
	return h.Values["lr"]
}

// Config names an optimizer and its (possibly partial) hyperparameters.
type Config struct {
	Name    string
	Values  map[string]float64
	Choices map[string]string
	Flags   map[string]bool
	Base    *Config
}

// A Spec describes one optimizer for the registry, `optlab list` and
// `optlab describe`.
type Spec struct {
	Name    string
	Summary string   // one line
	Rule    []string // the update rule, one line per equation
	Params  []Param
	Choices []Choice
	Flags   []string // boolean options: "eps_inside_sqrt"
	// FlagDefaults are the flags that default to true (adam's
	// bias_correction); the others default to false.
	FlagDefaults map[string]bool
	HasBase      bool // sam
	// DefaultBase is the base optimizer a wrapper gets when the command
	// line gives none (compare's sam runs over sgd).
	DefaultBase string
	// Needs declares what Step asks for beyond g (see Needs); a spec with
	// a base adds its base's needs (NeedsOf).
	Needs Needs
	Notes string
	New   func(h Hyper) (Optimizer, error)
	// Preset is the lr `optlab compare` gives this optimizer when the
	// command line names none; it lives with the spec so that a new
	// optimizer brings its own.
	Preset Preset
}

// A Preset says how `optlab compare` picks an lr for an optimizer on a
// surface that has no tuned rate for it (internal/presets/tuned.csv).
type Preset struct {
	// Fixed, when > 0, is the rate on every surface, for methods whose
	// step does not depend on the surface's scale (newton's 1).
	Fixed float64
	// LR gives the rate from the surface's scale.
	LR func(s Scale) float64
}

// Scale is what a preset rule knows of a surface.
type Scale struct {
	// Curvature bounds the largest |Hessian eigenvalue| near the start and
	// the known minima; 1/Curvature is the natural step of gradient descent.
	Curvature float64
	// Width is the plotting window's smallest side: adaptive methods step
	// about lr per coordinate, so their rate is a fraction of it.
	Width float64
}

// NeedsScale reports whether the rule depends on the surface's scale,
// which costs Hessians to estimate.
func (p Preset) NeedsScale() bool { return p.Fixed == 0 && p.LR != nil }

// Rate is the rule's rate on a surface of the given scale (zero scale when
// NeedsScale is false); 0 means no preset: the optimizer's own default lr.
func (p Preset) Rate(scale Scale) float64 {
	if p.Fixed > 0 {
		return p.Fixed
	}
	if p.LR == nil {
		return 0
	}
	return p.LR(scale)
}

// Specs lists every optimizer, sorted by name; built on each call, no
// registration state.
func Specs() []Spec {
	specs := []Spec{
		sgdSpec(),
		gdSpec(),
		momentumSpec(),
		nesterovSpec(),
		adagradSpec(),
		rmspropSpec(),
		adamSpec(),
		radamSpec(),
		newtonSpec(),
		samSpec(),
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].Name < specs[j].Name })
	return specs
}

// Lookup returns the spec of the named optimizer.
func Lookup(name string) (Spec, bool) {
	for _, s := range Specs() {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// Names lists the optimizer names, sorted.
func Names() []string {
	specs := Specs()
	names := make([]string, len(specs))
	for i, s := range specs {
		names[i] = s.Name
	}
	return names
}

// Resolve fills in defaults and checks c against its spec, reporting every
// problem at once as a fielderr.List with paths relative to the entry
// ("beta1", "form", "base", "base.lr", "name"), so the config layer can
// prefix them with the entry's own path ("optimizers[1]"). Unknown names
// are errors (Unknown set), never ignored; a bad value is reported and its
// default used for the rest of the checks. For sam, c.Base is required,
// must name another optimizer (not sam) and is resolved recursively (its
// problems carry the prefix "base."); sam has no lr of its own ("lr" on
// sam is an error): the lab uses Hyper.LR(), the base's lr, and the base's
// schedule (or one given on the sam entry).
func Resolve(c Config) (Hyper, error) {
	h, problems := resolve(c)
	if len(problems) > 0 {
		return Hyper{}, problems
	}
	return h, nil
}

func resolve(c Config) (Hyper, fielderr.List) {
	var problems fielderr.List
	spec, ok := Lookup(c.Name)
	if !ok {
		problems.AddUnknown("name", "unknown optimizer %q (have %s)", c.Name, strings.Join(Names(), ", "))
		return Hyper{}, problems
	}
	h := Hyper{
		Name:    spec.Name,
		Values:  make(map[string]float64, len(spec.Params)),
		Choices: make(map[string]string, len(spec.Choices)),
		Flags:   make(map[string]bool, len(spec.Flags)),
	}
	unknown := func(key, hint string) {
		problems.AddUnknown(key, "%s has no hyperparameter %q%s", spec.Name, key, hint)
	}
	for _, p := range spec.Params {
		h.Values[p.Name] = p.Default
	}
	for _, k := range fielderr.SortedKeys(c.Values) {
		if _, known := h.Values[k]; !known {
			hint := ""
			if spec.HasBase && k == "lr" {
				hint = " (set base.lr)"
			}
			unknown(k, hint)
		}
	}
	for _, p := range spec.Params {
		v, given := c.Values[p.Name]
		if !given {
			continue // defaults are valid
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			problems.Add(p.Name, "must be finite, got %g", v)
			continue
		}
		if p.Check != nil {
			if err := p.Check(v); err != nil {
				problems.Add(p.Name, "%v", err)
				continue
			}
		}
		h.Values[p.Name] = v
	}
	for _, ch := range spec.Choices {
		h.Choices[ch.Name] = ch.Values[0]
	}
	for _, k := range fielderr.SortedKeys(c.Choices) {
		ch, known := findChoice(spec.Choices, k)
		if !known {
			unknown(k, "")
			continue
		}
		v := c.Choices[k]
		if !slices.Contains(ch.Values, v) {
			problems.Add(k, "must be one of %s, got %q", strings.Join(ch.Values, ", "), v)
			continue
		}
		h.Choices[k] = v
	}
	for _, f := range spec.Flags {
		h.Flags[f] = spec.FlagDefaults[f]
	}
	for _, k := range fielderr.SortedKeys(c.Flags) {
		if !slices.Contains(spec.Flags, k) {
			unknown(k, "")
			continue
		}
		h.Flags[k] = c.Flags[k]
	}
	if !spec.HasBase {
		if c.Base != nil {
			unknown("base", "")
		}
		return h, problems
	}
	problems = append(problems, resolveBase(&h, c)...)
	return h, problems
}

// resolveBase resolves sam's base optimizer into h.Base.
func resolveBase(h *Hyper, c Config) fielderr.List {
	var problems fielderr.List
	switch {
	case c.Base == nil:
		problems.Add("base", "%s needs a base optimizer, e.g. {name: sgd, lr: 0.01}", h.Name)
		return problems
	case c.Base.Name == "":
		problems.Add("base.name", "missing")
		return problems
	}
	if s, ok := Lookup(c.Base.Name); ok && s.HasBase {
		problems.Add("base.name", "%s cannot be the base of %s", c.Base.Name, h.Name)
		return problems
	}
	bh, baseProblems := resolve(*c.Base)
	if len(baseProblems) > 0 {
		problems.Under("base", baseProblems)
		return problems
	}
	h.Base = &Config{Name: bh.Name, Values: bh.Values, Choices: bh.Choices, Flags: bh.Flags}
	return problems
}

// NeedsOf is what the optimizer c describes needs: its spec's Needs and,
// through a base, the base's Oracle and Hessian needs. ExactGradient is
// the outer optimizer's alone: the base of sam sees sam's gradients.
func NeedsOf(c Config) Needs {
	spec, ok := Lookup(c.Name)
	if !ok {
		return Needs{}
	}
	n := spec.Needs
	if c.Base != nil {
		b := NeedsOf(*c.Base)
		n.Oracle = n.Oracle || b.Oracle
		n.Hessian = n.Hessian || b.Hessian
	}
	return n
}

// Flat is h as summary.json reports it: every hyperparameter by name, and
// a base optimizer's as a nested object with its name.
func (h Hyper) Flat() map[string]any {
	return flatHyper(h.Values, h.Choices, h.Flags, h.Base)
}

func flatHyper(values map[string]float64, choices map[string]string, flags map[string]bool, base *Config) map[string]any {
	m := map[string]any{}
	for k, v := range values {
		m[k] = v
	}
	for k, v := range choices {
		m[k] = v
	}
	for k, v := range flags {
		m[k] = v
	}
	if base != nil {
		b := flatHyper(base.Values, base.Choices, base.Flags, base.Base)
		b["name"] = base.Name
		m["base"] = b
	}
	return m
}

// New builds the optimizer c describes.
func New(c Config) (Optimizer, error) {
	h, err := Resolve(c)
	if err != nil {
		return nil, err
	}
	spec, _ := Lookup(h.Name)
	return spec.New(h)
}

func findChoice(cs []Choice, name string) (Choice, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return Choice{}, false
}
