package noise

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/fielderr"
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

// A FieldError is a bad value given to this package: the field error
// every layer shares. Its Path is relative to the noise block ("batch"),
// so a config layer can prefix it ("noise.batch").
type FieldError = fielderr.Error

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Path: field, Msg: fmt.Sprintf(format, args...)}
}

// Validate reports every bad field at once as a fielderr.List, e.g.
// `batch: must be ≤ examples (100), got 200`. A bad batch or examples is
// reported and its default used for the checks that depend on it, so one
// mistake is not reported twice.
func (c Config) Validate() error {
	var problems fielderr.List
	switch c.Model {
	case "", None:
		return nil
	case Gaussian, FiniteSum:
	default:
		problems.Add("model", "unknown noise model %q (want none, gaussian or finite_sum)", c.Model)
		return problems
	}
	def := DefaultConfig()
	batch := c.Batch
	if batch < 1 {
		problems.Add("batch", "must be ≥ 1, got %d", batch)
		batch = def.Batch
	}
	if c.Model == Gaussian {
		nonNegative(&problems, "sigma", c.Sigma)
		return problems.Err()
	}
	nonNegative(&problems, "spread", c.Spread)
	examples := c.Examples
	if examples < 1 || examples > MaxExamples {
		problems.Add("examples", "must be in [1, %d], got %d", MaxExamples, examples)
		examples = def.Examples
	}
	if batch > examples {
		problems.Add("batch", "must be ≤ examples (%d), got %d", examples, batch)
	}
	return problems.Err()
}

func nonNegative(problems *fielderr.List, field string, v float64) {
	switch {
	case !(v >= 0):
		problems.Add(field, "must be ≥ 0, got %g", v)
	case math.IsInf(v, 1):
		problems.Add(field, "must be finite, got %g", v)
	}
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
