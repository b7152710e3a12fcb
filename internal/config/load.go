package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"

	"github.com/optlab/optlab/internal/fielderr"
)

// OverrideFlags maps the keys a command line may set to the flag of
// `optlab run` that sets them; OverrideEnv names the OPTLAB_* variable
// of each. It is the one list of overridable keys: Load overlays these
// and the CLI declares their flags. Precedence (docs/config.md): a flag
// that was given, then a non-empty variable, then the file, then the
// schema default. No other key can be set from outside the file.
func OverrideFlags() map[string]string {
	return map[string]string{
		"name": "name", "steps": "steps", "seed": "seed", "repeats": "repeats",
		"record_every": "record-every", "output.dir": "out",
	}
}

// OverrideEnv is the environment variable that overrides key (a key of
// OverrideFlags): OPTLAB_ and the key in capitals, "." as "_".
func OverrideEnv(key string) string {
	return "OPTLAB_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// defaults are the values of the top-level keys a file may leave out.
func defaults() map[string]any {
	return map[string]any{"steps": DefaultSteps, "seed": DefaultSeed, "repeats": 1, "record_every": 1}
}

// A LoadError means the file could not be read or parsed at all.
type LoadError struct {
	File string
	Err  error
	// Line and Col locate a YAML syntax error when known (1-based).
	Line, Col int
}

func (e *LoadError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	}
	return e.File + ": " + e.Err.Error()
}
func (e *LoadError) Unwrap() error { return e.Err }

// Load reads the experiment at path with flags (may be nil) and OPTLAB_*
// environment variables layered on top, and decodes and validates it.
// flagKeys maps config keys to flag names in flags (see OverrideFlags).
// Every problem is reported at once in an *Errors; an unreadable or
// malformed file is a *LoadError.
func Load(path string, flags *pflag.FlagSet, flagKeys map[string]string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &LoadError{File: path, Err: errors.New("no such file")}
		}
		var pe *fs.PathError
		if errors.As(err, &pe) { // "x.yaml: is a directory", not "x.yaml: read x.yaml: is a directory"
			err = pe.Err
		}
		return nil, &LoadError{File: path, Err: err}
	}
	return LoadBytes(path, data, flags, flagKeys)
}

// LoadBytes is Load on the contents of a file already read; name is used
// in messages.
func LoadBytes(name string, data []byte, flags *pflag.FlagSet, flagKeys map[string]string) (*File, error) {
	root, err := parseOne(name, data)
	if err != nil {
		return nil, err
	}
	return loadRoot(name, root, flags, flagKeys)
}

// loadRoot is LoadBytes on a parsed document (a sweep's points are the
// file's document with swept values set).
func loadRoot(name string, root *yaml.Node, flags *pflag.FlagSet, flagKeys map[string]string) (*File, error) {
	if dups := duplicateKeys(name, root); dups != nil {
		return nil, dups
	}
	if le := leadingZeros(name, root); le != nil {
		return nil, le
	}
	var raw any
	if root.Kind != 0 {
		if err := root.Decode(&raw); err != nil {
			return nil, &LoadError{File: name, Err: yamlError(err)}
		}
	}
	file, _ := lowerKeys(raw).(map[string]any)
	if file == nil {
		file = map[string]any{}
	}
	// settings is the file with the overrides laid over it and the
	// defaults under it; source says where an overridden key's value came
	// from, so that an error in it names the flag or variable.
	settings := copyMap(file)
	source := map[string]string{}
	// Viper layers the overrides: one instance per load (no global state),
	// with only the documented variables bound (no AutomaticEnv, which
	// would let any OPTLAB_* name reach any key) and only the flags that
	// were given (an unchanged flag's default must not hide the file).
	// Its precedence is the documented one: flag, then variable.
	v := viper.New()
	for _, key := range fielderr.SortedKeys(OverrideFlags()) {
		env := OverrideEnv(key)
		if err := v.BindEnv(key, env); err != nil {
			return nil, &LoadError{File: name, Err: err}
		}
		if os.Getenv(env) != "" { // an empty variable is unset (Viper's default too)
			source[key] = "from " + env
		}
		if flags != nil {
			if f := flags.Lookup(flagKeys[key]); f != nil && f.Changed {
				if err := v.BindPFlag(key, f); err != nil {
					return nil, &LoadError{File: name, Err: err}
				}
				source[key] = "from --" + f.Name
			}
		}
	}
	for _, key := range fielderr.SortedKeys(source) {
		setPath(settings, key, v.GetString(key))
	}
	for k, v := range defaults() {
		if _, set := settings[k]; !set {
			settings[k] = v
		}
	}
	f := &File{}
	problems := decode(settings, f)
	// An override hides the file's value, but a wrong one in the file is
	// still wrong: validate and run (with or without --out) agree.
	var hidden fielderr.List
	if len(source) > 0 {
		for _, p := range decode(copyMap(file), &File{}) {
			if _, over := source[p.Path]; over || overriddenUnder(p.Path, source) {
				p.Msg += " (in the file, even though overridden)"
				hidden = append(hidden, p)
			}
		}
	}
	problems = append(problems, explicitZeros(file)...)
	errs := &Errors{File: name, List: problems}
	// Validate what did decode too, so that one pass reports every
	// problem; a field that failed to decode (or anything under it) is not
	// reported a second time by the validator.
	undecoded := make([]string, len(errs.List))
	badStart := false
	for i, fe := range errs.List {
		undecoded[i] = fe.Path
		badStart = badStart || under(fe.Path, []string{"start"})
	}
	if badStart {
		f.Start = nil // its length would imply a wrong dimension
		undecoded = append(undecoded, "start")
	}
	f.applyDefaults(name)
	f.stepsSet = source["steps"] != "" || hasTopKey(root, "steps")
	f.recordSet = source["record_every"] != "" || hasTopKey(root, "record_every")
	verrs := &Errors{}
	f.validate(verrs)
	for _, fe := range verrs.List {
		if !under(fe.Path, undecoded) {
			errs.List = append(errs.List, fe)
		}
	}
	for i := range errs.List {
		if src, ok := source[errs.List[i].Path]; ok && !strings.Contains(errs.List[i].Msg, "(from ") {
			errs.List[i].Msg += " (" + src + ")"
		}
	}
	errs.List = dedupe(errs.List)
	positions(root, errs, source)
	inFile := &Errors{List: hidden}
	positions(root, inFile, nil)
	errs.List = append(errs.List, inFile.List...)
	errs.sortByPosition()
	if err := errs.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseOne parses data as exactly one YAML document holding a mapping
// (or nothing). A second document ("---" and more) is an error: a config
// is one document, and silently ignoring the rest would run something
// other than what the file says.
func parseOne(name string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	root := &yaml.Node{}
	if err := dec.Decode(root); err != nil && !errors.Is(err, io.EOF) {
		return nil, syntaxError(name, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, syntaxError(name, data, err)
	default:
		line := next.Line
		if len(next.Content) > 0 {
			line = next.Content[0].Line
		}
		return nil, &LoadError{File: name, Line: max(line, 1), Col: 1,
			Err: errors.New("a second YAML document (after ---): a config is one document; remove the --- line or split the file")}
	}
	if root.Kind != 0 && (len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode) {
		if len(root.Content) == 1 && root.Content[0].Tag == "!!null" {
			return &yaml.Node{}, nil // a file of comments only, or "~"
		}
		return nil, &LoadError{File: name, Err: errors.New("the config must be a YAML mapping (key: value lines)")}
	}
	return root, nil
}

// leadingZeros refuses integers written with a leading zero ("steps:
// 010"): YAML 1.1, which yaml.v3 follows here, reads them as octal (8),
// which nobody writing a step count means.
func leadingZeros(name string, root *yaml.Node) *LoadError {
	var found *LoadError
	var walk func(path string, n *yaml.Node)
	walk = func(path string, n *yaml.Node) {
		if found != nil || n == nil {
			return
		}
		if n.Kind == yaml.ScalarNode && n.Tag == "!!int" && n.Style == 0 {
			v := strings.TrimLeft(n.Value, "+-")
			if len(v) > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '9' {
				found = &LoadError{File: name, Line: n.Line, Col: n.Column,
					Err: fmt.Errorf("%s: %s has a leading zero, which YAML reads as an octal number; write it without the zero (or 0o… for octal)", path, n.Value)}
				return
			}
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(join(path, strings.ToLower(n.Content[i].Value)), n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(fmt.Sprintf("%s[%d]", path, i), c)
			}
		default:
			for _, c := range n.Content {
				walk(path, c)
			}
		}
	}
	walk("", root)
	return found
}

// lowerKeys lowercases every mapping key, as the config's keys are
// case-insensitive (Viper's convention, kept for files written for it),
// and turns non-string keys into their text.
func lowerKeys(raw any) any {
	switch v := raw.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(k)] = lowerKeys(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[strings.ToLower(fmt.Sprint(k))] = lowerKeys(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = lowerKeys(x)
		}
		return out
	}
	return raw
}

// copyMap copies the maps along every path (values are not mutated).
func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = copyMap(sub)
		}
		out[k] = v
	}
	return out
}

// setPath sets the dotted key in m, creating blocks that are missing. A
// block that is not a mapping is left alone: the file's error stands.
func setPath(m map[string]any, key string, val any) {
	parts := strings.Split(key, ".")
	for _, p := range parts[:len(parts)-1] {
		switch sub := m[p].(type) {
		case map[string]any:
			m = sub
		case nil:
			if _, present := m[p]; present { // "output:" with nothing: a block to fill
				sub := map[string]any{}
				m[p], m = sub, sub
				continue
			}
			sub2 := map[string]any{}
			m[p], m = sub2, sub2
		default:
			return
		}
	}
	m[parts[len(parts)-1]] = val
}

func overriddenUnder(path string, source map[string]string) bool {
	for k := range source {
		if under(path, []string{k}) {
			return true
		}
	}
	return false
}

// explicitZeros reports keys whose 0 would otherwise mean "not given"
// (surface.dim: take the start's; cosine total_steps: take steps): an
// explicit 0 is refused like a negative value.
func explicitZeros(file map[string]any) fielderr.List {
	var problems fielderr.List
	isZero := func(v any) bool { n, ok := asInt(v); return ok && n == 0 }
	if s, ok := file["surface"].(map[string]any); ok {
		if v, set := s["dim"]; set && isZero(v) {
			problems.Add("surface.dim", "must be ≥ 2, got 0 (leave dim out for the start's length or 2)")
		}
	}
	var sched func(path string, o any)
	sched = func(path string, o any) {
		m, ok := o.(map[string]any)
		if !ok {
			return
		}
		if s, ok := m["schedule"].(map[string]any); ok {
			if d, ok := s["decay"].(map[string]any); ok {
				if v, set := d["total_steps"]; set && isZero(v) {
					problems.Add(path+".schedule.decay.total_steps", "must be ≥ 1, got 0 (leave it out for the run's steps)")
				}
			}
		}
		sched(path+".base", m["base"])
	}
	if list, ok := file["optimizers"].([]any); ok {
		for i, o := range list {
			sched(fmt.Sprintf("optimizers[%d]", i), o)
		}
	}
	return problems
}

// dedupe drops repeated problems (the same path and message), which the
// second decode of an overridden file can produce.
func dedupe(l fielderr.List) fielderr.List {
	seen := map[string]bool{}
	out := l[:0]
	for _, e := range l {
		k := e.Path + "\x00" + e.Msg
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out
}

// under reports whether path is one of paths or inside one of them.
func under(path string, paths []string) bool {
	for _, p := range paths {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}

// syntaxError reports malformed YAML with its line and column. yaml.v3
// gives a line only, and inside a block often the line where the block
// starts; goccy/go-yaml's parser points at the offending token, so its
// position and message are used when it rejects the input too.
func syntaxError(name string, data []byte, err error) *LoadError {
	le := &LoadError{File: name, Err: yamlError(err)}
	if line, col, msg, ok := locateSyntaxError(data); ok {
		msg = strings.ReplaceAll(msg, "\t", `\t`) // "found character '\t' that cannot start any token"
		le.Line, le.Col, le.Err = line, col, fmt.Errorf("malformed YAML: %s", msg)
	}
	return le
}

func locateSyntaxError(data []byte) (line, col int, msg string, ok bool) {
	defer func() {
		if recover() != nil { // a second opinion only: never crash on it
			ok = false
		}
	}()
	_, err := goccyparser.ParseBytes(data, 0)
	var ye goccy.Error
	if err == nil || !errors.As(err, &ye) || ye.GetToken() == nil || ye.GetToken().Position == nil {
		return 0, 0, "", false
	}
	p := ye.GetToken().Position
	return p.Line, p.Column, ye.GetMessage(), p.Line > 0 && p.Column > 0
}

// yamlError keeps yaml's message, which carries the line ("yaml: line 4:
// did not find expected key"), without the package prefix.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return fmt.Errorf("malformed YAML: %s", msg)
}

// applyDefaults fills what the file may leave out.
func (f *File) applyDefaults(file string) {
	if f.Name == "" {
		f.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	f.dir = filepath.Dir(file)
	if f.Output.Dir == "" {
		f.Output.Dir = filepath.Join("out", f.Name)
	}
}

// hasTopKey reports whether the document's top mapping has key.
func hasTopKey(root *yaml.Node, key string) bool {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return true
		}
	}
	return false
}
