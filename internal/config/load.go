package config

import (
	"bytes"
	"errors"
	"fmt"
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
// `optlab run` that sets them; OPTLAB_* environment variables override the
// same keys. The flag's default is the schema default, so Viper's order —
// flag if set, then OPTLAB_* environment, then file, then flag default —
// is exactly "flags override the file, the environment overrides
// defaults". It is the one list of overridable keys: Load binds these and
// the CLI declares their flags.
func OverrideFlags() map[string]string {
	return map[string]string{
		"name": "name", "steps": "steps", "seed": "seed", "repeats": "repeats",
		"record_every": "record-every", "output.dir": "out",
	}
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
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, syntaxError(name, data, err)
	}
	if root.Kind != 0 && (len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode) {
		return nil, &LoadError{File: name, Err: errors.New("the config must be a YAML mapping (key: value lines)")}
	}
	if dups := duplicateKeys(name, &root); dups != nil {
		return nil, dups // Viper would reject them with yaml's raw message
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		// "While parsing config: yaml: unmarshal errors:\n  line 1: cannot
		// unmarshal !!seq into string" (a list as a key, say): keep yaml's part.
		msg := strings.TrimPrefix(err.Error(), "While parsing config: ")
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, "yaml: "), "unmarshal errors:")
		return nil, &LoadError{File: name, Err: fmt.Errorf("cannot read the config: %s", strings.Join(strings.Fields(msg), " "))}
	}
	v.SetDefault("steps", DefaultSteps)
	v.SetDefault("seed", DefaultSeed)
	v.SetDefault("repeats", 1)
	v.SetDefault("record_every", 1)
	v.SetEnvPrefix("OPTLAB")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	// source says where an overridden key's value came from, so that an
	// error in it points at the flag or variable, not at the file.
	source := map[string]string{}
	for _, key := range fielderr.SortedKeys(OverrideFlags()) {
		if err := v.BindEnv(key); err != nil {
			return nil, err
		}
		env := "OPTLAB_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		if _, set := os.LookupEnv(env); set {
			source[key] = "from " + env
		}
		if flags == nil {
			continue
		}
		if f := flags.Lookup(flagKeys[key]); f != nil && f.Changed {
			if err := v.BindPFlag(key, f); err != nil {
				return nil, err
			}
			source[key] = "from --" + f.Name
		}
	}
	settings := v.AllSettings()
	f := &File{}
	errs := &Errors{File: name, List: decode(settings, f)}
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
	f.stepsSet = source["steps"] != "" || hasTopKey(&root, "steps")
	verrs := &Errors{}
	f.validate(verrs)
	for _, fe := range verrs.List {
		if !under(fe.Path, undecoded) {
			errs.List = append(errs.List, fe)
		}
	}
	for i := range errs.List {
		if src, ok := source[errs.List[i].Path]; ok {
			errs.List[i].Msg += " (" + src + ")"
		}
	}
	positions(&root, errs, source)
	errs.sortByPosition()
	if err := errs.err(); err != nil {
		return nil, err
	}
	return f, nil
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
