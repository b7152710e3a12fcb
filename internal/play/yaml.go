package play

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
)

// MarshalYAML writes f as a config that config.Load reads back to the same
// File: every float in its shortest exact form (strconv's 'g', -1), so
// that `optlab run` on it reproduces the playground's numbers to the last
// digit. Keys follow docs/config.md.
func MarshalYAML(f config.File) ([]byte, error) {
	if f.Problem != nil { // the playground draws surfaces: it has no way to show a network on data
		return nil, fmt.Errorf("play: %s trains a model on data (a problem block); the playground saves surface experiments only", f.Name)
	}
	if f.Starts != nil { // the playground runs one start's runs (newSession)
		return nil, fmt.Errorf("play: %s is a basin experiment (starts:); the playground saves one start's runs only", f.Name)
	}
	var b strings.Builder
	b.WriteString("# Saved by optlab play; run it with: optlab run FILE\n")
	kv(&b, 0, "name", quote(f.Name))
	b.WriteString("surface:\n")
	if f.Surface.IsExpr() {
		if err := exprSurface(&b, f.Surface); err != nil {
			return nil, err
		}
	} else {
		kv(&b, 1, "name", quote(f.Surface.Name))
	}
	if len(f.Surface.Params) > 0 {
		kv(&b, 1, "params", floatMap(f.Surface.Params))
	}
	if f.Surface.Dim != 0 {
		kv(&b, 1, "dim", strconv.Itoa(f.Surface.Dim))
	}
	if f.Surface.TestShift != nil {
		kv(&b, 1, "test_shift", floatList(f.Surface.TestShift))
	}
	if len(f.Start) > 0 {
		parts := make([]string, len(f.Start))
		for i, v := range f.Start {
			s, err := num(v)
			if err != nil {
				return nil, fmt.Errorf("start[%d]: %w", i, err)
			}
			parts[i] = s
		}
		kv(&b, 0, "start", "["+strings.Join(parts, ", ")+"]")
	}
	kv(&b, 0, "steps", strconv.Itoa(f.Steps))
	kv(&b, 0, "seed", strconv.FormatUint(f.Seed, 10))
	kv(&b, 0, "repeats", strconv.Itoa(f.Repeats))
	if f.RecordEverySet() || f.RecordEvery != 1 { // a defaulted one stays a default on Load
		kv(&b, 0, "record_every", strconv.Itoa(f.RecordEvery))
	}
	if s := f.Stop; s != nil {
		b.WriteString("stop:\n")
		kv(&b, 1, "loss_gap", mustNum(s.LossGap))
		kv(&b, 1, "grad_norm", mustNum(s.GradNorm))
		kv(&b, 1, "bound", mustNum(s.Bound))
	}
	if n := f.Noise; n != nil {
		b.WriteString("noise:\n")
		kv(&b, 1, "model", quote(n.Model))
		if n.Batch != nil {
			kv(&b, 1, "batch", strconv.Itoa(*n.Batch))
		}
		if n.Sigma != nil {
			kv(&b, 1, "sigma", mustNum(*n.Sigma))
		}
		if n.Spread != nil {
			kv(&b, 1, "spread", mustNum(*n.Spread))
		}
		if n.Examples != nil {
			kv(&b, 1, "examples", strconv.Itoa(*n.Examples))
		}
	}
	if l := f.LRScaling; l != nil {
		b.WriteString("lr_scaling:\n")
		kv(&b, 1, "rule", quote(l.Rule))
		kv(&b, 1, "base_batch", strconv.Itoa(l.BaseBatch))
	}
	b.WriteString("optimizers:\n")
	for _, o := range f.Optimizers {
		b.WriteString("  - " + optimizer(o) + "\n")
	}
	sweepYAML(&b, f.Sweep)
	b.WriteString("output:\n")
	kv(&b, 1, "dir", quote(f.Output.Dir))
	writeSharpness(&b, f.Sharpness)
	return []byte(b.String()), nil
}

// optimizer is one entry as a flow mapping.
func optimizer(o config.OptimizerSpec) string {
	parts := []string{"name: " + quote(o.Name)}
	if o.Label != "" {
		parts = append(parts, "label: "+quote(o.Label))
	}
	for _, k := range sortedKeys(o.Values) {
		parts = append(parts, k+": "+mustNum(o.Values[k]))
	}
	for _, k := range sortedKeys(o.Choices) {
		parts = append(parts, k+": "+quote(o.Choices[k]))
	}
	for _, k := range sortedKeys(o.Flags) {
		parts = append(parts, k+": "+strconv.FormatBool(o.Flags[k]))
	}
	if o.Batch != nil {
		parts = append(parts, "batch: "+strconv.Itoa(*o.Batch))
	}
	if s := o.Schedule; s != nil {
		var sp []string
		if w := s.Warmup; w != nil {
			ws := []string{"steps: " + strconv.Itoa(w.Steps)}
			if w.StartFactor != nil {
				ws = append(ws, "start_factor: "+mustNum(*w.StartFactor))
			}
			sp = append(sp, "warmup: {"+strings.Join(ws, ", ")+"}")
		}
		if d := s.Decay; d != nil {
			ds := []string{"kind: " + quote(d.Kind)}
			if d.StepSize != 0 {
				ds = append(ds, "step_size: "+strconv.Itoa(d.StepSize))
			}
			if d.Gamma != nil {
				ds = append(ds, "gamma: "+mustNum(*d.Gamma))
			}
			if d.TotalSteps != 0 {
				ds = append(ds, "total_steps: "+strconv.Itoa(d.TotalSteps))
			}
			if d.MinLR != 0 {
				ds = append(ds, "min_lr: "+mustNum(d.MinLR))
			}
			sp = append(sp, "decay: {"+strings.Join(ds, ", ")+"}")
		}
		parts = append(parts, "schedule: {"+strings.Join(sp, ", ")+"}")
	}
	if o.Base != nil {
		parts = append(parts, "base: "+optimizer(*o.Base))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func kv(b *strings.Builder, indent int, k, v string) {
	b.WriteString(strings.Repeat("  ", indent) + k + ": " + v + "\n")
}

func floatMap(m map[string]float64) string {
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, k+": "+mustNum(m[k]))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// num is v in the shortest form that parses back to the same float64,
// always with a decimal point or exponent so YAML reads a float.
func num(v float64) (string, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "", fmt.Errorf("not a finite number: %g", v)
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	mant, exp, hasExp := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	if hasExp {
		return mant + "e" + exp, nil
	}
	return mant, nil
}

// mustNum is num for values the config has validated as finite.
func mustNum(v float64) string {
	s, err := num(v)
	if err != nil {
		return ".nan"
	}
	return s
}

func quote(s string) string { return strconv.Quote(s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// exprSurface writes the keys of an expression surface (docs/expressions.md).
func exprSurface(b *strings.Builder, s config.SurfaceSpec) error {
	kv(b, 1, "expr", quote(s.Expr))
	if len(s.Vars) > 0 {
		vs := make([]string, len(s.Vars))
		for i, v := range s.Vars {
			vs[i] = quote(v)
		}
		kv(b, 1, "vars", "["+strings.Join(vs, ", ")+"]")
	}
	vec := func(key string, x []float64) (string, error) {
		parts := make([]string, len(x))
		for i, v := range x {
			n, err := num(v)
			if err != nil {
				return "", fmt.Errorf("surface.%s: %w", key, err)
			}
			parts[i] = n
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	}
	list := func(key string, xs [][]float64) error {
		if len(xs) == 0 {
			return nil
		}
		parts := make([]string, len(xs))
		for i, x := range xs {
			v, err := vec(key, x)
			if err != nil {
				return err
			}
			parts[i] = v
		}
		kv(b, 1, key, "["+strings.Join(parts, ", ")+"]")
		return nil
	}
	if err := list("window", s.Window); err != nil {
		return err
	}
	if len(s.ExprSpec.Start) > 0 {
		v, err := vec("start", s.ExprSpec.Start)
		if err != nil {
			return err
		}
		kv(b, 1, "start", v)
	}
	return list("minima", s.Minima)
}
