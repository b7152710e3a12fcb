package config

import (
	"math"

	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/sharpness"
)

// SharpnessSpec is the sharpness block: how each run's end point is
// measured for summary.json (internal/sharpness); absent, the defaults;
// skip: true, not at all.
type SharpnessSpec struct {
	Skip        bool     `cfg:"skip"`
	Rho         *float64 `cfg:"rho"`          // SAM radius (default 0.05, sam's own)
	Epsilon     *float64 `cfg:"epsilon"`      // Keskar box (default 1e-3)
	Restarts    *int     `cfg:"restarts"`     // starts per maximisation (default 3)
	AscentSteps *int     `cfg:"ascent_steps"` // ascent steps per start (default 100)
	Iterations  *int     `cfg:"iterations"`   // Lanczos iterations at most (default 50)
	Samples     *int     `cfg:"samples"`      // Hutchinson samples (default 32)
}

// Validate checks the block; a nil block is the defaults.
func (s *SharpnessSpec) Validate() fielderr.List {
	var problems fielderr.List
	if s == nil {
		return nil
	}
	for _, c := range []struct {
		key string
		v   *float64
	}{{"rho", s.Rho}, {"epsilon", s.Epsilon}} {
		if c.v != nil && !(*c.v > 0 && !math.IsInf(*c.v, 0)) {
			problems.Add(c.key, "must be > 0 and finite, got %g", *c.v)
		}
	}
	for _, c := range []struct {
		key string
		v   *int
	}{{"restarts", s.Restarts}, {"ascent_steps", s.AscentSteps}, {"iterations", s.Iterations}, {"samples", s.Samples}} {
		if c.v != nil && *c.v < 1 {
			problems.Add(c.key, "must be ≥ 1, got %d", *c.v)
		}
	}
	return problems
}

// options are the measurement's settings (nil: skipped).
func (s *SharpnessSpec) options(seed uint64) *sharpness.Options {
	o := &sharpness.Options{Seed: seed}
	if s == nil {
		return o
	}
	if s.Skip {
		return nil
	}
	if s.Rho != nil {
		o.Rho = *s.Rho
	}
	if s.Epsilon != nil {
		o.Epsilon = *s.Epsilon
	}
	for _, c := range []struct {
		dst *int
		v   *int
	}{{&o.Restarts, s.Restarts}, {&o.AscentSteps, s.AscentSteps}, {&o.Iterations, s.Iterations}, {&o.Samples, s.Samples}} {
		if c.v != nil {
			*c.dst = *c.v
		}
	}
	return o
}

// Measures is the sharpness measurement the file asks for (nil: skipped),
// for commands that measure a saved folder again.
func (f *File) Measures() *sharpness.Options { return f.Sharpness.options(f.Seed) }
