package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Overrides are the keys a command line may set, mapped to the flag that
// sets them; the flag's default is the schema default, so Viper's order —
// flag if set, then OPTLAB_* environment, then file, then flag default —
// is exactly "flags override the file, the environment overrides defaults".
var overridable = []string{"name", "steps", "seed", "repeats", "record_every", "output.dir"}

// A LoadError means the file could not be read or parsed at all.
type LoadError struct {
	File string
	Err  error
}

func (e *LoadError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *LoadError) Unwrap() error { return e.Err }

// Load reads the experiment at path with flags (may be nil) and OPTLAB_*
// environment variables layered on top, and decodes and validates it.
// flagKeys maps config keys (see overridable) to flag names in flags.
// Every problem is reported at once in an *Errors; an unreadable or
// malformed file is a *LoadError.
func Load(path string, flags *pflag.FlagSet, flagKeys map[string]string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &LoadError{File: path, Err: errors.New("no such file")}
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
		return nil, &LoadError{File: name, Err: yamlError(err)}
	}
	if root.Kind != 0 && (len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode) {
		return nil, &LoadError{File: name, Err: errors.New("the config must be a YAML mapping (key: value lines)")}
	}
	v := viper.New()
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, &LoadError{File: name, Err: err}
	}
	v.SetDefault("steps", DefaultSteps)
	v.SetDefault("seed", DefaultSeed)
	v.SetDefault("repeats", 1)
	v.SetDefault("record_every", 1)
	v.SetEnvPrefix("OPTLAB")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()
	for _, key := range overridable {
		if err := v.BindEnv(key); err != nil {
			return nil, err
		}
		if flags == nil {
			continue
		}
		if f := flags.Lookup(flagKeys[key]); f != nil && f.Changed {
			if err := v.BindPFlag(key, f); err != nil {
				return nil, err
			}
		}
	}
	settings := v.AllSettings()
	f := &File{}
	errs := &Errors{File: name}
	d := decoder{errs: errs}
	d.decodeStruct("", settings, reflectValue(f))
	if len(errs.List) == 0 {
		f.applyDefaults(name)
		f.validate(errs)
	}
	positions(&root, errs)
	errs.sortByPosition()
	if err := errs.err(); err != nil {
		return nil, err
	}
	return f, nil
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
	if f.Output.Dir == "" {
		f.Output.Dir = filepath.Join("out", f.Name)
	}
}
