package config

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/fielderr"
)

// decoder turns the nested maps Viper produces into the typed schema,
// strictly: unknown keys and wrong types are errors naming the field.
// Values from the environment or flags arrive as strings and are parsed.
type decoder struct {
	errs *Errors
}

var optimizerSpecType = reflect.TypeFor[OptimizerSpec]()

func (d *decoder) decodeStruct(path string, raw any, dst reflect.Value) {
	m, ok := asMap(raw)
	if !ok {
		d.errs.add(path, "must be a mapping, got %s", show(raw))
		return
	}
	t := dst.Type()
	fields := map[string]int{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("cfg"); tag != "" {
			fields[tag] = i
			names = append(names, tag)
		}
	}
	for _, k := range fielderr.SortedKeys(m) {
		i, ok := fields[k]
		if !ok {
			d.errs.add(join(path, k), "unknown key%s", suggest(k, names))
			continue
		}
		d.decodeValue(join(path, k), m[k], dst.Field(i))
	}
}

func (d *decoder) decodeValue(path string, raw any, dst reflect.Value) {
	if dst.Type() == optimizerSpecType {
		d.decodeOptimizer(path, raw, dst.Addr().Interface().(*OptimizerSpec))
		return
	}
	switch dst.Kind() {
	case reflect.Pointer:
		if raw == nil {
			return
		}
		v := reflect.New(dst.Type().Elem())
		d.decodeValue(path, raw, v.Elem())
		dst.Set(v)
	case reflect.Struct:
		d.decodeStruct(path, raw, dst)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			d.errs.add(path, "must be a string, got %s", show(raw))
			return
		}
		dst.SetString(s)
	case reflect.Bool:
		b, ok := asBool(raw)
		if !ok {
			d.errs.add(path, "must be true or false, got %s", show(raw))
			return
		}
		dst.SetBool(b)
	case reflect.Int:
		n, ok := asInt(raw)
		if !ok {
			d.errs.add(path, "must be an integer, got %s", show(raw))
			return
		}
		dst.SetInt(n)
	case reflect.Uint64:
		n, ok := asInt(raw)
		if !ok || n < 0 {
			d.errs.add(path, "must be a non-negative integer, got %s", show(raw))
			return
		}
		dst.SetUint(uint64(n))
	case reflect.Float64:
		f, ok := asFloat(raw)
		if !ok {
			d.errs.add(path, "must be a number, got %s", show(raw))
			return
		}
		dst.SetFloat(f)
	case reflect.Slice:
		items, ok := asList(raw)
		if !ok {
			d.errs.add(path, "must be a list, got %s", show(raw))
			return
		}
		s := reflect.MakeSlice(dst.Type(), len(items), len(items))
		for i, it := range items {
			d.decodeValue(fmt.Sprintf("%s[%d]", path, i), it, s.Index(i))
		}
		dst.Set(s)
	case reflect.Map: // map[string]float64
		m, ok := asMap(raw)
		if !ok {
			d.errs.add(path, "must be a mapping, got %s", show(raw))
			return
		}
		out := reflect.MakeMapWithSize(dst.Type(), len(m))
		for _, k := range fielderr.SortedKeys(m) {
			f, ok := asFloat(m[k])
			if !ok {
				d.errs.add(join(path, k), "must be a number, got %s", show(m[k]))
				continue
			}
			out.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(f))
		}
		dst.Set(out)
	default:
		panic("config: unsupported field kind " + dst.Kind().String())
	}
}

// decodeOptimizer reads the structural keys of an optimizer entry and
// keeps every other key as a raw hyperparameter, typed by its value; the
// validator checks them against the optimizer's registry entry.
func (d *decoder) decodeOptimizer(path string, raw any, dst *OptimizerSpec) {
	m, ok := asMap(raw)
	if !ok {
		if s, isStr := raw.(string); isStr { // "- adam" shorthand
			dst.Name = s
			return
		}
		d.errs.add(path, "must be a mapping, got %s", show(raw))
		return
	}
	for _, k := range fielderr.SortedKeys(m) {
		v, p := m[k], join(path, k)
		switch k {
		case "name":
			d.decodeValue(p, v, reflect.ValueOf(&dst.Name).Elem())
		case "label":
			d.decodeValue(p, v, reflect.ValueOf(&dst.Label).Elem())
		case "schedule":
			d.decodeValue(p, v, reflect.ValueOf(&dst.Schedule).Elem())
		case "batch":
			d.decodeValue(p, v, reflect.ValueOf(&dst.Batch).Elem())
		case "base":
			d.decodeValue(p, v, reflect.ValueOf(&dst.Base).Elem())
		default:
			switch {
			case isBoolValue(v):
				b, _ := asBool(v)
				if dst.Flags == nil {
					dst.Flags = map[string]bool{}
				}
				dst.Flags[k] = b
			case isNumber(v):
				f, _ := asFloat(v)
				if dst.Values == nil {
					dst.Values = map[string]float64{}
				}
				dst.Values[k] = f
			case isString(v):
				if dst.Choices == nil {
					dst.Choices = map[string]string{}
				}
				dst.Choices[k] = v.(string)
			default:
				d.errs.add(p, "must be a number, a word or true/false, got %s", show(v))
			}
		}
	}
}

func join(path, key string) string { return fielderr.Join(path, key) }

func asMap(raw any) (map[string]any, bool) {
	switch m := raw.(type) {
	case map[string]any:
		return m, true
	case map[any]any:
		out := make(map[string]any, len(m))
		for k, v := range m {
			out[fmt.Sprint(k)] = v
		}
		return out, true
	}
	return nil, false
}

func asList(raw any) ([]any, bool) {
	switch l := raw.(type) {
	case []any:
		return l, true
	case []float64:
		out := make([]any, len(l))
		for i, v := range l {
			out[i] = v
		}
		return out, true
	case string: // from a flag or an environment variable: "a,b,c"
		if strings.TrimSpace(l) == "" {
			return nil, true
		}
		parts := strings.Split(l, ",")
		out := make([]any, len(parts))
		for i, p := range parts {
			out[i] = strings.TrimSpace(p)
		}
		return out, true
	}
	return nil, false
}

func asFloat(raw any) (float64, bool) {
	switch v := raw.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func asInt(raw any) (int64, bool) {
	switch v := raw.(type) {
	case int:
		return int64(v), true
	case int64:
		return v, true
	case uint64:
		return int64(v), v <= math.MaxInt64
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<62 {
			return int64(v), true
		}
	case string:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return asInt(f)
		}
	}
	return 0, false
}

func asBool(raw any) (bool, bool) {
	switch v := raw.(type) {
	case bool:
		return v, true
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		return b, err == nil
	}
	return false, false
}

func isBoolValue(raw any) bool { _, ok := raw.(bool); return ok }

func isString(raw any) bool { _, ok := raw.(string); return ok }

func isNumber(raw any) bool {
	switch raw.(type) {
	case float64, float32, int, int64, uint64:
		return true
	}
	return false
}

// show renders a raw value for an error message.
func show(raw any) string {
	switch v := raw.(type) {
	case nil:
		return "nothing"
	case string:
		return strconv.Quote(v)
	case map[string]any, map[any]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(raw)
}
