package config

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/sweep"
)

// A Sweep is a config with its sweep block resolved: the base file as
// written, the swept values with their grids, the seeds, and how to make
// the config of any point under any seed — through the same decode,
// validation and build as a plain config, so a point is checked as `run`
// would check it.
type Sweep struct {
	File      *File // the base config (the sweep block's owner)
	Name      string
	Text      []byte // the file's text, as read
	Axes      []Axis
	Seeds     []uint64
	Reruns    int    // seeds each optimizer's best point is re-run over (0: none)
	Objective string // final_loss, distance or auc
	root      *yaml.Node
}

// An Axis is one swept value.
type Axis struct {
	Path   sweep.Path
	Values []float64
}

// LoadSweep reads a config for optlab sweep (flags may set output.dir by
// --out). With spec nil the file's own sweep block is the sweep (it must
// have one); otherwise spec replaces it (optlab tune's search).
func LoadSweep(path string, spec *SweepSpec, flags *pflag.FlagSet) (*Sweep, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &LoadError{File: path, Err: err}
	}
	return LoadSweepBytes(path, data, spec, flags)
}

// LoadSweepBytes is LoadSweep on a file's text (merge reloads a shard's).
func LoadSweepBytes(name string, data []byte, spec *SweepSpec, flags *pflag.FlagSet) (*Sweep, error) {
	root, err := parseOne(name, data)
	if err != nil {
		return nil, err
	}
	f, err := loadRoot(name, root, flags, map[string]string{"output.dir": "out"})
	if err != nil {
		return nil, err
	}
	if spec == nil {
		spec = f.Sweep
		if spec == nil {
			errs := &Errors{File: name}
			errs.add("sweep", "the config has no sweep: block (docs/sweeps.md)")
			return nil, errs
		}
	} else if l := spec.Validate(); len(l) > 0 {
		errs := &Errors{File: name}
		errs.List.Under("sweep", l)
		return nil, errs
	}
	s := &Sweep{File: f, Name: name, Text: data, root: root, Objective: "final_loss"}
	values := spec.Values
	if spec.Protocol == "deepobs" {
		values = []SweepValue{{Path: "optimizers[*].lr", List: sweep.DeepOBS()}}
		s.Reruns = sweep.DeepOBSReruns
	}
	for _, v := range values {
		p, _ := sweep.ParsePath(v.Path) // validated
		vals, _ := v.values()
		s.Axes = append(s.Axes, Axis{Path: p, Values: vals})
	}
	if b := spec.Best; b != nil {
		s.Reruns = b.Reruns
		if s.Reruns == 0 {
			s.Reruns = sweep.DeepOBSReruns
		}
		if b.Objective != "" {
			s.Objective = b.Objective
		}
	}
	s.Seeds = spec.Seeds
	if len(s.Seeds) == 0 {
		n := max(spec.Repeats, 1)
		for r := range n {
			s.Seeds = append(s.Seeds, f.Seed+uint64(r))
		}
	}
	// Every point must be a valid config: check them all now, so that a
	// bad grid is reported at once with nothing run or written.
	errs := &Errors{File: name}
	bad := 0
	for p := range s.Points() {
		_, err := s.Job(p, s.Seeds[0])
		if err == nil {
			continue
		}
		if bad++; bad > 5 {
			continue
		}
		at := fmt.Sprintf(" (at sweep point %d: %s)", p, s.Describe(p))
		if e, ok := err.(*Errors); ok {
			for _, fe := range e.List {
				fe.Msg += at
				errs.List = append(errs.List, fe)
			}
		} else {
			errs.add("sweep", "%v%s", err, at)
		}
	}
	if bad > 5 {
		errs.add("sweep", "and %d more points with problems", bad-5)
	}
	if len(errs.List) > 0 {
		return nil, errs
	}
	return s, nil
}

// Points is the number of points (the product of the axes' sizes).
func (s *Sweep) Points() int { return sweep.Product(s.sizes()) }

func (s *Sweep) sizes() []int {
	n := make([]int, len(s.Axes))
	for i, a := range s.Axes {
		n[i] = len(a.Values)
	}
	return n
}

// Values are point p's value of each axis.
func (s *Sweep) Values(p int) []float64 {
	c := sweep.Coords(p, s.sizes())
	out := make([]float64, len(c))
	for i, k := range c {
		out[i] = s.Axes[i].Values[k]
	}
	return out
}

// Describe names point p's values: "optimizers[*].lr=0.01".
func (s *Sweep) Describe(p int) string {
	var parts []string
	for i, v := range s.Values(p) {
		parts = append(parts, s.Axes[i].Path.Text+"="+strconv.FormatFloat(v, 'g', -1, 64))
	}
	return strings.Join(parts, ", ")
}

// Job is the config of point p under seed, one repeat.
func (s *Sweep) Job(p int, seed uint64) (*File, error) {
	doc := cloneNode(s.root)
	top := doc.Content[0]
	deleteKey(top, "sweep")
	for i, v := range s.Values(p) {
		if err := setPath2(top, s.Axes[i].Path, v); err != nil {
			return nil, err
		}
	}
	f, err := loadRoot(s.Name, doc, nil, nil)
	if err != nil {
		return nil, err
	}
	// Set on the struct, after the environment's overrides: a job's
	// seed is the sweep's.
	f.Seed, f.Repeats, f.Output = seed, 1, s.File.Output
	return f, nil
}

// Hash is the SHA-256 of the resolved sweep: the base config as decoded
// (with overrides from the environment, without the output folder),
// every axis with its values, the seeds, re-runs and objective. Shards
// of one sweep share it; merge refuses shards whose hashes differ.
func (s *Sweep) Hash() string {
	base := *s.File
	base.Output = OutputSpec{}
	type axis struct {
		Path   string    `json:"path"`
		Values []float64 `json:"values"`
	}
	var axes []axis
	for _, a := range s.Axes {
		axes = append(axes, axis{a.Path.Text, a.Values})
	}
	b, err := json.Marshal(struct {
		Base      *File    `json:"base"`
		Axes      []axis   `json:"axes"`
		Seeds     []uint64 `json:"seeds"`
		Reruns    int      `json:"reruns"`
		Objective string   `json:"objective"`
	}{&base, axes, s.Seeds, s.Reruns, s.Objective})
	if err != nil {
		panic("config: hashing a sweep: " + err.Error()) // plain data
	}
	return sweep.Hash(b)
}

// RerunSeeds are the seeds the best points are re-run over: the next
// ones after the sweep's largest, so they never repeat a sweep seed.
func (s *Sweep) RerunSeeds() []uint64 {
	top := s.Seeds[0]
	for _, x := range s.Seeds {
		top = max(top, x)
	}
	out := make([]uint64, s.Reruns)
	for i := range out {
		out[i] = top + 1 + uint64(i)
	}
	return out
}

// setPath2 sets the value at p in the top mapping of a config document.
func setPath2(top *yaml.Node, p sweep.Path, v float64) error {
	nodes := []*yaml.Node{top}
	for i, st := range p.Steps {
		last := i == len(p.Steps)-1
		var next []*yaml.Node
		for _, n := range nodes {
			switch {
			case n.Kind == yaml.SequenceNode && !st.HasIndex && !st.All: // a label
				for k, e := range n.Content {
					e = asEntry(n, k)
					if entryLabel(e) == st.Key {
						next = append(next, e)
					}
				}
				if len(next) == 0 {
					return fmt.Errorf("path %s: no entry labelled %q", p.Text, st.Key)
				}
				continue
			case n.Kind != yaml.MappingNode:
				return fmt.Errorf("path %s: %s is not a mapping", p.Text, st.Key)
			}
			target := n
			if last && p.Steps[0].Key == "optimizers" && !takes(n, st.Key) {
				if b := valueOf(n, "base"); b != nil && b.Kind == yaml.MappingNode {
					target = b // sam's lr is its base's
				} else if p.Steps[0].All {
					continue // [*] sets the key where the optimizer has it
				}
			}
			child := valueOf(target, st.Key)
			if last {
				if st.HasIndex || st.All {
					return fmt.Errorf("path %s: ends in a list index", p.Text)
				}
				setScalar(target, st.Key, v)
				next = append(next, target)
				continue
			}
			if child == nil {
				child = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				target.Content = append(target.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: st.Key}, child)
			}
			switch {
			case st.All || st.HasIndex:
				if child.Kind != yaml.SequenceNode {
					return fmt.Errorf("path %s: %s is not a list", p.Text, st.Key)
				}
				if st.All {
					for k := range child.Content {
						next = append(next, asEntry(child, k))
					}
				} else if st.Index < len(child.Content) {
					next = append(next, asEntry(child, st.Index))
				} else {
					return fmt.Errorf("path %s: %s has %d entries", p.Text, st.Key, len(child.Content))
				}
			default:
				next = append(next, child)
			}
		}
		if len(next) == 0 {
			return fmt.Errorf("path %s: no optimizer takes %s", p.Text, st.Key)
		}
		nodes = next
	}
	return nil
}

// asEntry returns list entry k as a mapping, turning the "- adam"
// shorthand into {name: adam} so that a key can be set on it.
func asEntry(list *yaml.Node, k int) *yaml.Node {
	e := list.Content[k]
	if e.Kind == yaml.ScalarNode {
		e = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: e.Line, Column: e.Column, Content: []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "name"}, e}}
		list.Content[k] = e
	}
	return e
}

func entryLabel(e *yaml.Node) string {
	if l := valueOf(e, "label"); l != nil {
		return l.Value
	}
	if n := valueOf(e, "name"); n != nil {
		return n.Value
	}
	return ""
}

// takes reports whether an optimizers entry's own optimizer has the
// hyperparameter key (the structural keys belong to every entry).
func takes(entry *yaml.Node, key string) bool {
	switch key {
	case "batch", "ghost_batch", "label", "name":
		return true
	}
	n := valueOf(entry, "name")
	if n == nil {
		return true
	}
	spec, ok := optimizers.Lookup(n.Value)
	if !ok {
		return true // validation names the unknown optimizer
	}
	for _, p := range spec.Params {
		if p.Name == key {
			return true
		}
	}
	return false
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.EqualFold(m.Content[i].Value, key) {
			return m.Content[i+1]
		}
	}
	return nil
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if strings.EqualFold(m.Content[i].Value, key) {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// setScalar sets key to v, written as an integer when it is one (a
// batch or a step count) and as a float otherwise.
func setScalar(m *yaml.Node, key string, v float64) {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(v, 'g', -1, 64)}
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		n.Tag, n.Value = "!!int", strconv.FormatInt(int64(v), 10)
	}
	if old := valueOf(m, key); old != nil {
		n.Line, n.Column = old.Line, old.Column
		*old = *n
		return
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, n)
}

func cloneNode(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		c.Content[i] = cloneNode(x)
	}
	return &c
}
