package config

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"

	"github.com/optlab/optlab/internal/fielderr"
)

// decode fills dst (a pointer into the schema) from the nested maps Viper
// produces, with mapstructure doing the walk over structs, lists, maps and
// optional blocks. It is strict: unknown keys and wrong types are problems
// naming the field, relative to dst. Values from the environment or flags
// arrive as strings and are parsed.
//
// It runs mapstructure twice with one hook: a strict pass whose errors
// carry the path of every bad value, and a lenient pass that leaves a bad
// value at its zero and keeps the rest, so that validation can still look
// at everything that did decode (mapstructure drops an optional block with
// an error inside, and the unused keys of a struct with one).
func decode(raw any, dst any) fielderr.List {
	raw = markNulls(raw)
	problems := flatten("", run(raw, reflect.New(reflect.TypeOf(dst).Elem()).Interface(), true, nil))
	var md mapstructure.Metadata
	if err := run(raw, dst, false, &md); err != nil {
		problems = append(problems, flatten("", err)...) // not expected: the lenient hook never fails
	}
	root := reflect.TypeOf(dst).Elem()
	for _, key := range md.Unused {
		parent, name := "", key
		if i := strings.LastIndex(key, "."); i >= 0 {
			parent, name = key[:i], key[i+1:]
		}
		problems.AddUnknown(key, "unknown key%s", suggest(name, keysAt(root, parent)))
	}
	sort.SliceStable(problems, func(i, j int) bool { return pathLess(problems[i].Path, problems[j].Path) })
	return problems
}

func run(raw, dst any, strict bool, md *mapstructure.Metadata) error {
	dec, err := mapstructure.NewDecoder(&mapstructure.DecoderConfig{
		DecodeHook: mapstructure.DecodeHookFuncValue(func(from, to reflect.Value) (any, error) {
			return convert(from.Interface(), to.Type(), strict)
		}),
		Metadata: md,
		Result:   dst,
		TagName:  "cfg",
		// Viper has lowercased the keys; a key matches its tag exactly.
		MatchName: func(key, field string) bool { return key == field },
	})
	if err != nil {
		panic("config: building the decoder: " + err.Error()) // the config above is fixed
	}
	return dec.Decode(raw)
}

// null stands for a YAML null ("stop:" with nothing after it):
// mapstructure skips nil values, but a null where a value is required is
// an error, and only a nil optional block means "no block".
type null struct{}

func markNulls(raw any) any {
	switch v := raw.(type) {
	case nil:
		return null{}
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = markNulls(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = markNulls(x)
		}
		return out
	}
	return raw
}

// convert is the hook: it turns raw into what mapstructure can store in a
// value of type t, or says why it cannot. When not strict, a bad value
// becomes t's zero value instead of an error.
func convert(raw any, t reflect.Type, strict bool) (any, error) {
	bad := func(format string, args ...any) (any, error) {
		if !strict {
			if t.Kind() == reflect.Struct {
				return map[string]any{}, nil // an empty block: an optional one is still given
			}
			return reflect.Zero(t).Interface(), nil
		}
		return nil, fielderr.Error{Msg: fmt.Sprintf(format, args...)}
	}
	if t == reflect.TypeFor[OptimizerSpec]() {
		var o OptimizerSpec
		problems := decodeOptimizer(raw, &o)
		if strict && len(problems) > 0 {
			return nil, problems
		}
		return o, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if _, isNull := raw.(null); isNull {
			return nil, nil // an empty optional block is no block
		}
		return raw, nil
	case reflect.Struct:
		if m, ok := asMap(raw); ok {
			return m, nil
		}
		return bad("must be a mapping, got %s", show(raw))
	case reflect.String:
		if s, ok := raw.(string); ok {
			return s, nil
		}
		return bad("must be a string, got %s", show(raw))
	case reflect.Bool:
		if b, ok := asBool(raw); ok {
			return b, nil
		}
		return bad("must be true or false, got %s", show(raw))
	case reflect.Int:
		if n, ok := asInt(raw); ok {
			return n, nil
		}
		if isIntegral(raw) { // 99999999999999999999999: an integer, but too large
			return bad("must be an integer from %d to %d, got %s", math.MinInt64, math.MaxInt64, show(raw))
		}
		return bad("must be an integer, got %s", show(raw))
	case reflect.Uint64:
		if n, ok := asUint(raw); ok {
			return n, nil
		}
		return bad("must be an integer from 0 to %d, got %s", uint64(math.MaxUint64), show(raw))
	case reflect.Float64:
		if f, ok := asFloat(raw); ok {
			return f, nil
		}
		return bad("must be a number, got %s", show(raw))
	case reflect.Slice:
		if items, ok := asList(raw); ok {
			return items, nil
		}
		return bad("must be a list, got %s", show(raw))
	case reflect.Map: // map[string]float64: the keys are free, the values numbers
		m, ok := asMap(raw)
		if !ok {
			return bad("must be a mapping, got %s", show(raw))
		}
		out := make(map[string]float64, len(m))
		var problems fielderr.List
		for _, k := range fielderr.SortedKeys(m) {
			f, ok := asFloat(m[k])
			if !ok {
				problems.Add(k, "must be a number, got %s", show(m[k]))
				continue
			}
			out[k] = f
		}
		if strict && len(problems) > 0 {
			return nil, problems
		}
		return out, nil
	}
	panic("config: unsupported field kind " + t.Kind().String())
}

// decodeOptimizer reads the structural keys of an optimizer entry and
// keeps every other key as a raw hyperparameter, typed by its value; the
// validator checks them against the optimizer's registry entry, which is
// why no struct tag can describe them. Problems are relative to the entry.
func decodeOptimizer(raw any, dst *OptimizerSpec) fielderr.List {
	return decodeEntry(raw, dst, false)
}

// decodeEntry decodes an optimizers entry, or (isBase) the base of a
// wrapper, which is not a run of its own: label, batch and base are keys
// of the entry, never of its base, and are refused there instead of being
// dropped.
func decodeEntry(raw any, dst *OptimizerSpec, isBase bool) fielderr.List {
	m, ok := asMap(raw)
	if !ok {
		if s, isStr := raw.(string); isStr { // "- adam" shorthand
			dst.Name = s
			return nil
		}
		return fielderr.List{{Msg: fmt.Sprintf("must be a mapping, got %s", show(raw))}}
	}
	var problems fielderr.List
	for _, k := range fielderr.SortedKeys(m) {
		v := m[k]
		if isBase && (k == "label" || k == "batch" || k == "base") {
			problems.AddUnknown(k, "unknown key in a base optimizer (%s belongs on the wrapping entry)", k)
			continue
		}
		switch k {
		case "name":
			problems.Under(k, decode(v, &dst.Name))
		case "label":
			problems.Under(k, decode(v, &dst.Label))
		case "schedule":
			problems.Under(k, decode(v, &dst.Schedule))
		case "batch":
			problems.Under(k, decode(v, &dst.Batch))
		case "ghost_batch":
			problems.Under(k, decode(v, &dst.GhostBatch))
		case "base":
			if _, isNull := v.(null); isNull {
				continue
			}
			dst.Base = &OptimizerSpec{}
			problems.Under(k, decodeEntry(v, dst.Base, true))
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
			case isNullValue(v):
				problems.Add(k, "needs a value, got nothing")
			default:
				problems.Add(k, "must be a number, a word or true/false, got %s", show(v))
			}
		}
	}
	return problems
}

// flatten turns mapstructure's tree of errors into problems: each
// DecodeError names the field (mapstructure's path, as written) and
// wraps either the hook's message or the problems of a part decoded by
// hand (an optimizer entry, a map), relative to that field.
func flatten(name string, err error) fielderr.List {
	var problems fielderr.List
	switch e := err.(type) {
	case nil:
	case *mapstructure.DecodeError:
		problems = append(problems, flatten(e.Name(), e.Unwrap())...)
	case fielderr.List:
		problems.Under(name, e)
	case fielderr.Error:
		e.Path = name
		problems = append(problems, e)
	case interface{ Unwrap() []error }: // errors.Join of the fields of a struct
		for _, inner := range e.Unwrap() {
			problems = append(problems, flatten(name, inner)...)
		}
	case interface{ Unwrap() error }: // Decode's "decoding failed due to ..."
		problems = append(problems, flatten(name, e.Unwrap())...)
	default:
		problems.Add(name, "%v", err)
	}
	return problems
}

// keysAt lists the keys of the block at path (mapstructure's form,
// "optimizers[0].schedule") of the schema type t, for did-you-mean.
func keysAt(t reflect.Type, path string) []string {
	for _, seg := range strings.FieldsFunc(path, func(r rune) bool { return r == '.' }) {
		seg, _, _ = strings.Cut(seg, "[")
		t = deref(t)
		if t.Kind() != reflect.Struct {
			return nil
		}
		f, ok := fieldByTag(t, seg)
		if !ok {
			return nil
		}
		t = f.Type
	}
	t = deref(t)
	if t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("cfg"); tag != "" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

func fieldByTag(t reflect.Type, tag string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		if t.Field(i).Tag.Get("cfg") == tag {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// pathLess orders paths as the old walk of the file's keys did: key by
// key in sorted order, list items by index.
func pathLess(a, b string) bool { return sortKey(a) < sortKey(b) }

// sortKey makes byte order hierarchical: a separator below every key
// character, so a key sorts before its own children and its longer
// siblings, and zero-padded indices, so [10] sorts after [9].
func sortKey(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.':
			b.WriteByte(0)
		case '[':
			j := strings.IndexByte(path[i:], ']')
			n, err := strconv.Atoi(path[i+1 : i+max(j, 1)])
			if j < 0 || err != nil {
				b.WriteByte(c)
				continue
			}
			fmt.Fprintf(&b, "\x00[%020d]", n)
			i += j
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
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

// asUint reads a non-negative integer over uint64's whole range (a seed).
func asUint(raw any) (uint64, bool) {
	switch v := raw.(type) {
	case uint64:
		return v, true
	case int:
		return uint64(v), v >= 0
	case int64:
		return uint64(v), v >= 0
	case float64:
		if v == math.Trunc(v) && v >= 0 && v < 1<<63 {
			return uint64(v), true
		}
	case string:
		if n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64); err == nil {
			return n, true
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return asUint(f)
		}
	}
	return 0, false
}

// isIntegral reports a whole number, whatever its size ("1e23",
// 99999999999999999999999), for the message of an integer out of range.
func isIntegral(raw any) bool {
	switch v := raw.(type) {
	case uint64:
		return true
	case float64:
		return v == math.Trunc(v) && !math.IsInf(v, 0)
	case string:
		if _, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(v), "-"), 10, 64); err == nil {
			return true
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return isIntegral(f)
		}
		_, ok := new(big.Int).SetString(strings.TrimSpace(v), 10)
		return ok
	}
	return false
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

func isNullValue(raw any) bool { _, ok := raw.(null); return ok }

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
	case nil, null:
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
