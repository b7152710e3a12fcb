// Package config reads experiment configs: one YAML document, with the
// documented OPTLAB_* environment variables and command-line flags of six
// keys layered on top (flags > environment > file > defaults),
// decoded strictly into typed structs by mapstructure (unknown keys are
// errors), validated part by part with every error naming its field and
// value, and built into a lab.Experiment. Only this package and
// internal/cli know about flags.
package config

// File is the experiment schema (docs/config.md). The cfg tags give
// the YAML keys mapstructure matches; pointer fields are optional blocks.
type File struct {
	Name        string          `cfg:"name"`
	Surface     SurfaceSpec     `cfg:"surface"`
	Problem     *ProblemSpec    `cfg:"problem"` // a model on data instead of a surface (problem.go)
	Epochs      int             `cfg:"epochs"`  // with problem: epochs instead of steps
	Start       []float64       `cfg:"start"`
	Starts      *StartsSpec     `cfg:"starts"` // many starts, end points by basin (starts.go)
	Steps       int             `cfg:"steps"`
	Seed        uint64          `cfg:"seed"`
	Repeats     int             `cfg:"repeats"`
	RecordEvery int             `cfg:"record_every"`
	Stop        *StopSpec       `cfg:"stop"`
	Noise       *NoiseSpec      `cfg:"noise"`
	LRScaling   *LRScalingSpec  `cfg:"lr_scaling"`
	Optimizers  []OptimizerSpec `cfg:"optimizers"`
	Output      OutputSpec      `cfg:"output"`
	Sharpness   *SharpnessSpec  `cfg:"sharpness"` // end-point sharpness (sharpness.go)
	Sweep       *SweepSpec      `cfg:"sweep"`     // optlab sweep's grid (sweep.go); run ignores it

	dir      string // the config file's folder: problem paths are relative to it
	stepsSet bool   // steps was given (file, flag or environment), not defaulted
	// recordSet: record_every was given, so a basin experiment keeps it.
	recordSet bool
}

// Defaults of the top-level fields, shared with the flags that override them.
const (
	DefaultSteps = 500
	DefaultSeed  = 1
)

// SurfaceSpec names the surface and its parameters.
type SurfaceSpec struct {
	Name   string             `cfg:"name"`
	Params map[string]float64 `cfg:"params"`
	// Dim is the dimension of n-D families; 0 takes len(start), else 2.
	Dim int `cfg:"dim"`
	// TestShift, if set, makes the test loss f(x − shift) (shift.go).
	TestShift []float64 `cfg:"test_shift"`
	// ExprSpec makes the block an expression surface (expr.go).
	ExprSpec `cfg:",squash"`
}

// StopSpec holds the optional stop rules; zero means off. The json tags
// name the keys in tune's tuned.json.
type StopSpec struct {
	LossGap  float64 `cfg:"loss_gap" json:"loss_gap,omitempty"`   // converged when f − f* ≤ loss_gap
	GradNorm float64 `cfg:"grad_norm" json:"grad_norm,omitempty"` // converged when ‖∇f‖ ≤ grad_norm
	Bound    float64 `cfg:"bound" json:"bound,omitempty"`         // out_of_bounds when some |x_i| > bound
	// Blowup: diverged when the loss gap exceeds blowup × the start's gap
	// (0: lab.DefaultBlowup, 10¹⁰).
	Blowup float64 `cfg:"blowup" json:"blowup,omitempty"`
}

// NoiseSpec is the gradient-noise block.
type NoiseSpec struct {
	Model    string   `cfg:"model" json:"model"`
	Batch    *int     `cfg:"batch" json:"batch,omitempty"`
	Sigma    *float64 `cfg:"sigma" json:"sigma,omitempty"`
	Spread   *float64 `cfg:"spread" json:"spread,omitempty"`
	Examples *int     `cfg:"examples" json:"examples,omitempty"`
}

// LRScalingSpec scales every lr by m/B0 (linear) or √(m/B0) (sqrt).
type LRScalingSpec struct {
	Rule      string `cfg:"rule"`
	BaseBatch int    `cfg:"base_batch"`
}

// OutputSpec says where results go.
type OutputSpec struct {
	Dir string `cfg:"dir"`
}

// OptimizerSpec is one entry of optimizers. Hyperparameters other than the
// structural keys are decoded against the optimizer's registry entry, so
// an unknown or misplaced one is an error naming the field.
type OptimizerSpec struct {
	Name    string
	Label   string
	Values  map[string]float64 // numeric hyperparameters as written
	Choices map[string]string  // form, on_indefinite
	Flags   map[string]bool    // eps_inside_sqrt
	// Batch overrides noise.batch for this run, so one experiment can set
	// SGD at m = 1, 16, 256 and N side by side.
	Batch *int
	// GhostBatch splits each mini-batch into batch-norm chunks (problem only).
	GhostBatch *int
	Schedule   *ScheduleSpec
	Base       *OptimizerSpec
}

// ScheduleSpec is the schedule block of an optimizer.
type ScheduleSpec struct {
	Warmup *WarmupSpec `cfg:"warmup"`
	Decay  *DecaySpec  `cfg:"decay"`
}

// WarmupSpec is a linear warm-up over Steps updates from StartFactor·lr.
type WarmupSpec struct {
	Steps       int      `cfg:"steps"`
	StartFactor *float64 `cfg:"start_factor"` // default 0.1
}

// DecaySpec is a step, exp or cosine decay.
type DecaySpec struct {
	Kind       string   `cfg:"kind"`
	StepSize   int      `cfg:"step_size"`
	Gamma      *float64 `cfg:"gamma"`
	TotalSteps int      `cfg:"total_steps"`
	MinLR      float64  `cfg:"min_lr"`
}
