package optimizers

import (
	"fmt"
	"math"
	"sort"
	"strings"
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
	HasBase bool     // sam
	// Needs declares what Step asks for beyond g (see Needs); a spec with
	// a base adds its base's needs (NeedsOf).
	Needs Needs
	Notes string
	New   func(h Hyper) (Optimizer, error)
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

// Resolve fills in defaults and checks c against its spec. Errors are
// *ParamError naming the hyperparameter and the value. Unknown names are
// errors, never ignored. For sam, c.Base is required, must name another
// optimizer (not sam) and is resolved recursively (its errors carry the
// prefix "base."); sam has no lr of its own ("lr" on sam is an error): the
// lab uses Hyper.LR(), the base's lr, and the base's schedule (or one given
// on the sam entry).
func Resolve(c Config) (Hyper, error) {
	spec, ok := Lookup(c.Name)
	if !ok {
		return Hyper{}, &ParamError{Param: "name", Unknown: true,
			Msg: fmt.Sprintf("unknown optimizer %q (have %s)", c.Name, strings.Join(Names(), ", "))}
	}
	h := Hyper{
		Name:    spec.Name,
		Values:  make(map[string]float64, len(spec.Params)),
		Choices: make(map[string]string, len(spec.Choices)),
		Flags:   make(map[string]bool, len(spec.Flags)),
	}
	unknown := func(key, hint string) error {
		return &ParamError{Param: key, Unknown: true,
			Msg: fmt.Sprintf("%s has no hyperparameter %q%s", spec.Name, key, hint)}
	}
	for _, p := range spec.Params {
		h.Values[p.Name] = p.Default
	}
	for _, k := range sortedKeys(c.Values) {
		if _, known := h.Values[k]; !known {
			hint := ""
			if spec.HasBase && k == "lr" {
				hint = " (set base.lr)"
			}
			return Hyper{}, unknown(k, hint)
		}
		h.Values[k] = c.Values[k]
	}
	for _, p := range spec.Params {
		v := h.Values[p.Name]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return Hyper{}, &ParamError{Param: p.Name, Msg: fmt.Sprintf("must be finite, got %g", v)}
		}
		if p.Check != nil {
			if err := p.Check(v); err != nil {
				return Hyper{}, &ParamError{Param: p.Name, Msg: err.Error()}
			}
		}
	}
	for _, ch := range spec.Choices {
		h.Choices[ch.Name] = ch.Values[0]
	}
	for _, k := range sortedKeys(c.Choices) {
		ch, known := findChoice(spec.Choices, k)
		if !known {
			return Hyper{}, unknown(k, "")
		}
		v := c.Choices[k]
		if !contains(ch.Values, v) {
			return Hyper{}, &ParamError{Param: k,
				Msg: fmt.Sprintf("must be one of %s, got %q", strings.Join(ch.Values, ", "), v)}
		}
		h.Choices[k] = v
	}
	for _, f := range spec.Flags {
		h.Flags[f] = false
	}
	for _, k := range sortedKeys(c.Flags) {
		if !contains(spec.Flags, k) {
			return Hyper{}, unknown(k, "")
		}
		h.Flags[k] = c.Flags[k]
	}
	if !spec.HasBase {
		if c.Base != nil {
			return Hyper{}, unknown("base", "")
		}
		return h, nil
	}
	return resolveBase(h, c)
}

// resolveBase resolves sam's base optimizer into h.Base.
func resolveBase(h Hyper, c Config) (Hyper, error) {
	if c.Base == nil {
		return Hyper{}, &ParamError{Param: "base", Msg: fmt.Sprintf("%s needs a base optimizer, e.g. {name: sgd, lr: 0.01}", h.Name)}
	}
	if c.Base.Name == "" {
		return Hyper{}, &ParamError{Param: "base.name", Msg: "missing"}
	}
	if s, ok := Lookup(c.Base.Name); ok && s.HasBase {
		return Hyper{}, &ParamError{Param: "base.name", Msg: fmt.Sprintf("%s cannot be the base of %s", c.Base.Name, h.Name)}
	}
	bh, err := Resolve(*c.Base)
	if err != nil {
		if pe, ok := err.(*ParamError); ok {
			e := *pe
			e.Param = "base." + pe.Param
			return Hyper{}, &e
		}
		return Hyper{}, err
	}
	h.Base = &Config{Name: bh.Name, Values: bh.Values, Choices: bh.Choices, Flags: bh.Flags}
	return h, nil
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

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
