package noise

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/problem"
)

// Noise models, the values of Config.Model.
const (
	None      = "none"       // exact gradients ("" means the same)
	Gaussian  = "gaussian"   // ĝ = ∇f(x) + (σ/√m)·z, z ~ N(0, I)
	FiniteSum = "finite_sum" // f = (1/N)Σ f(x − δ_i), mini-batches of m examples
)

// MaxExamples bounds Config.Examples (the dataset is N×n floats in memory).
const MaxExamples = 1 << 20

// Config is the `noise:` block of an experiment.
//
// The zero value is valid and means no noise. A config layer should start
// from DefaultConfig and overlay what the user wrote: the zero values of
// Batch and Examples are errors, not "use the default", and σ = 0 is a
// legitimate (noise-free) gaussian.
type Config struct {
	// Model is "" or "none", "gaussian" or "finite_sum". With none every
	// other field is ignored and not checked.
	Model string
	// Batch is the mini-batch size m ≥ 1 (1 = SGD; = Examples under
	// finite_sum = full-batch GD). Default 1.
	Batch int
	// Sigma is gaussian's per-example noise σ ≥ 0: the noise of a batch of
	// m is σ/√m per component. Default 1.
	Sigma float64
	// Spread is finite_sum's s ≥ 0: example i is f shifted by δ_i ~ N(0, s²I).
	// Default 0.5.
	Spread float64
	// Examples is finite_sum's N, 1 ≤ N ≤ MaxExamples. Default 256.
	Examples int
}

// DefaultConfig returns the defaults of every field, with Model none:
// batch 1, sigma 1, spread 0.5, examples 256.
func DefaultConfig() Config {
	return Config{Model: None, Batch: 1, Sigma: 1, Spread: 0.5, Examples: 256}
}

// A FieldError is a bad value in the noise block. Field is relative to the
// block ("batch"), so a config layer can prefix it ("noise.batch").
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Validate reports the first bad field as a *FieldError, e.g.
// `batch: must be ≤ examples (100), got 200`.
func (c Config) Validate() error {
	switch c.Model {
	case "", None:
		return nil
	case Gaussian, FiniteSum:
	default:
		return fieldErr("model", "unknown noise model %q (want none, gaussian or finite_sum)", c.Model)
	}
	if c.Batch < 1 {
		return fieldErr("batch", "must be ≥ 1, got %d", c.Batch)
	}
	if c.Model == Gaussian {
		return nonNegative("sigma", c.Sigma)
	}
	if err := nonNegative("spread", c.Spread); err != nil {
		return err
	}
	if c.Examples < 1 || c.Examples > MaxExamples {
		return fieldErr("examples", "must be in [1, %d], got %d", MaxExamples, c.Examples)
	}
	if c.Batch > c.Examples {
		return fieldErr("batch", "must be ≤ examples (%d), got %d", c.Examples, c.Batch)
	}
	return nil
}

func nonNegative(field string, v float64) error {
	if !(v >= 0) {
		return fieldErr(field, "must be ≥ 0, got %g", v)
	}
	if math.IsInf(v, 1) {
		return fieldErr(field, "must be finite, got %g", v)
	}
	return nil
}

// New builds the objective of surface s under noise config c. seed is the
// experiment seed: finite_sum draws its dataset δ_1…δ_N from it, so the data
// are the same for every run and repeat; the noise of each run comes from
// the seed given to Objective.Stream.
func New(s Base, c Config, seed uint64) (problem.Objective, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	switch c.Model {
	case Gaussian:
		return &gaussian{s: s, scale: c.Sigma / math.Sqrt(float64(c.Batch))}, nil
	case FiniteSum:
		return newFiniteSum(s, c, seed), nil
	}
	return s, nil
}
