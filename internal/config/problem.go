package config

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/fielderr"
	"github.com/optlab/optlab/internal/lab"
	"github.com/optlab/optlab/internal/nn"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/problem"
	"github.com/optlab/optlab/internal/trace"
)

// ProblemSpec is the problem block: a model trained on a data set, the
// alternative to a surface (docs/data.md).
type ProblemSpec struct {
	Data  DataSpec  `cfg:"data"`
	Model ModelSpec `cfg:"model"`
	Init  *InitSpec `cfg:"init"`
	// Shuffle reshuffles the training rows every epoch (default true);
	// false takes them in file order, as a PyTorch loop with shuffle=False.
	Shuffle *bool `cfg:"shuffle"`
	// Batch is the mini-batch of runs without their own (default 32, at
	// most the training examples).
	Batch int `cfg:"batch"`
	// EvalEvery is the cadence of the evaluation-mode metrics in updates
	// (0: once an epoch of each run's batches).
	EvalEvery int `cfg:"eval_every"`
	// Workers splits each mini-batch gradient across goroutines (workers.go).
	Workers *Workers `cfg:"workers"`
}

// DataSpec names a generated data set or CSV files.
type DataSpec struct {
	Name     string   `cfg:"name"`
	Examples int      `cfg:"examples"`
	Noise    *float64 `cfg:"noise"`
	Classes  int      `cfg:"classes"`
	Features int      `cfg:"features"`
	// Test is the fraction held out for testing, split by the seed
	// (generated data, or a single CSV).
	Test    *float64 `cfg:"test"`
	CSV     string   `cfg:"csv"`
	TestCSV string   `cfg:"test_csv"`
	Target  string   `cfg:"target"`
}

// ModelSpec is the model block.
type ModelSpec struct {
	Kind       string `cfg:"kind"`
	Hidden     []int  `cfg:"hidden"`
	Activation string `cfg:"activation"`
	BatchNorm  bool   `cfg:"batchnorm"`
}

// InitSpec points at a parameter file (one number a line, the layout of
// docs/data.md), relative to the config file.
type InitSpec struct {
	File string `cfg:"file"`
}

// Defaults of the problem block.
const (
	defaultBatch    = 32
	defaultExamples = 1000
	defaultNoise    = 0.1
	defaultTest     = 0.25
	maxExamples     = 1 << 22
)

// loaded is a problem block's data sets and net, read once by Validate
// and again by Build.
type loaded struct {
	train, test *data.Set
	net         *nn.Net
	init        []float64
}

// resolve reads the block's data and builds its net; problems are
// relative to the block. dir is the config file's folder (CSV and init
// paths are relative to it); seed draws generated data and splits.
func (p *ProblemSpec) resolve(dir string, seed uint64) (*loaded, fielderr.List) {
	var problems fielderr.List
	l := &loaded{}
	classify := p.Model.Kind != nn.Linear
	d := p.Data
	test := defaultTest
	if d.Test != nil {
		test = *d.Test
		if !(test >= 0 && test < 1) {
			problems.Add("data.test", "must be in [0, 1), got %g", test)
			test = defaultTest
		}
	}
	switch {
	case d.Name != "" && d.CSV != "":
		problems.Add("data", "give either name (a generated data set) or csv, not both")
	case d.Name != "":
		spec, ok := data.Lookup(d.Name)
		if !ok {
			problems.Add("data.name", "unknown data set %q%s; have %s", d.Name, suggest(d.Name, data.Names()), strings.Join(data.Names(), ", "))
			break
		}
		if d.TestCSV != "" || d.Target != "" {
			problems.Add("data", "test_csv and target belong to csv data, not to %s", d.Name)
		}
		n := d.Examples
		if n == 0 {
			n = defaultExamples
		}
		noise := defaultNoise
		if d.Noise != nil {
			noise = *d.Noise
		}
		switch {
		case n < 2 || n > maxExamples:
			problems.Add("data.examples", "must be in 2..%d, got %d", maxExamples, n)
		case !(noise >= 0) || math.IsInf(noise, 0):
			problems.Add("data.noise", "must be a finite number ≥ 0, got %g", noise)
		case d.Classes < 0 || d.Classes == 1 || d.Classes > 100:
			problems.Add("data.classes", "must be in 2..100, got %d", d.Classes)
		case d.Features < 0 || d.Features > 1000:
			problems.Add("data.features", "must be in 1..1000, got %d", d.Features)
		default:
			all, err := spec.Gen(data.Params{Examples: n, Noise: noise, Classes: d.Classes, Features: d.Features}, seed)
			if err != nil {
				problems.Add("data", "%v", err)
				break
			}
			if (all.Classes > 0) != classify {
				problems.Add("model.kind", "%s needs %s data; %s is %s", p.Model.Kind, map[bool]string{true: "class", false: "regression"}[classify], d.Name, map[bool]string{true: "classification", false: "regression"}[all.Classes > 0])
				break
			}
			l.train, l.test = data.Split(all, test, seed)
		}
	case d.CSV != "":
		if d.Target == "" {
			problems.Add("data.target", "is required with csv: the name of the target column")
			break
		}
		if d.Examples != 0 || d.Noise != nil || d.Classes != 0 || d.Features != 0 {
			problems.Add("data", "examples, noise, classes and features belong to generated data, not to csv")
		}
		train, err := readCSV(dir, d.CSV, d.Target, classify)
		if err != nil {
			problems.Add("data.csv", "%v", err)
			break
		}
		l.train = train
		switch {
		case d.TestCSV != "":
			if d.Test != nil {
				problems.Add("data.test", "give test_csv or test (a fraction to split off), not both")
			}
			tst, err := readCSV(dir, d.TestCSV, d.Target, classify)
			if err != nil {
				problems.Add("data.test_csv", "%v", err)
				break
			}
			if tst.D != train.D {
				problems.Add("data.test_csv", "%d features, the training csv has %d", tst.D, train.D)
			}
			if classify && tst.Classes > train.Classes {
				problems.Add("data.test_csv", "has class %d, the training csv only 0..%d", tst.Classes-1, train.Classes-1)
			}
			tst.Classes = train.Classes
			l.test = tst
		case d.Test != nil && test > 0:
			l.train, l.test = data.Split(train, test, seed)
		}
	default:
		problems.Add("data", "is required: name (one of %s) or csv", strings.Join(data.Names(), ", "))
	}
	if l.train != nil && l.train.N < 1 {
		problems.Add("data.test", "leaves no training examples")
	}
	if len(problems) > 0 || l.train == nil {
		return nil, problems
	}
	out := 1
	if classify {
		out = l.train.Classes
	}
	m := p.Model
	if m.Kind == nn.MLP && m.Activation == "" {
		m.Activation = nn.ReLU
	}
	for i, h := range m.Hidden {
		if h < 1 {
			problems.Add(fmt.Sprintf("model.hidden[%d]", i), "must be ≥ 1, got %d", h)
		}
	}
	var kinds []string
	for _, s := range nn.Models() {
		kinds = append(kinds, s.Name)
	}
	switch {
	case len(problems) > 0:
	case m.Kind == "":
		problems.Add("model.kind", "is required (one of %s)", strings.Join(kinds, ", "))
	case m.Kind != nn.Linear && m.Kind != nn.Logistic && m.Kind != nn.MLP:
		problems.Add("model.kind", "unknown model %q%s; have %s", m.Kind, suggest(m.Kind, kinds), strings.Join(kinds, ", "))
	case m.Kind != nn.MLP && (len(m.Hidden) > 0 || m.BatchNorm || m.Activation != ""):
		problems.Add("model", "hidden, activation and batchnorm belong to kind mlp, not %s", m.Kind)
	case m.Kind == nn.MLP && len(m.Hidden) == 0:
		problems.Add("model.hidden", "is required for mlp: the hidden layer widths, e.g. [32, 32]")
	case m.Kind == nn.MLP && m.Activation != nn.ReLU && m.Activation != nn.Tanh:
		problems.Add("model.activation", "must be relu or tanh, got %q", m.Activation)
	default:
		net, err := nn.New(nn.Spec{Kind: m.Kind, In: l.train.D, Out: out, Hidden: m.Hidden, Activation: m.Activation, BatchNorm: m.BatchNorm})
		if err != nil {
			problems.Add("model", "%v", err)
			break
		}
		l.net = net
	}
	if l.net != nil && p.Init != nil {
		if p.Init.File == "" {
			problems.Add("init.file", "is required in an init block")
		} else {
			path := p.Init.File
			if !filepath.IsAbs(path) {
				path = filepath.Join(dir, path)
			}
			f, err := os.Open(path)
			if err != nil {
				problems.Add("init.file", "%s: %v", p.Init.File, unwrapPath(err))
			} else {
				l.init, err = nn.ReadParams(f, p.Init.File, l.net.NumParams(), l.net.Describe())
				f.Close()
				if err != nil {
					problems.Add("init.file", "%v", err)
				}
			}
		}
	}
	if p.EvalEvery < 0 {
		problems.Add("eval_every", "must be ≥ 0 (0: once an epoch), got %d", p.EvalEvery)
	}
	if p.Batch < 0 {
		problems.Add("batch", "must be ≥ 1, got %d", p.Batch)
	}
	problems = append(problems, p.Workers.Validate()...)
	if len(problems) > 0 {
		return nil, problems
	}
	return l, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func readCSV(dir, name, target string, classify bool) (*data.Set, error) {
	path := name
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, unwrapPath(err))
	}
	defer f.Close()
	return data.ReadCSV(f, name, target, classify)
}

// SetSteps gives a file built in code (compare) an explicit step count,
// as a steps key in a file would.
func (f *File) SetSteps(n int) { f.Steps, f.stepsSet = n, true }

func (p *ProblemSpec) batch() int {
	if p.Batch > 0 {
		return p.Batch
	}
	return defaultBatch
}

// runBatch is an optimizer entry's batch and ghost batch.
func (p *ProblemSpec) runBatch(o *OptimizerSpec) (batch, ghost int) {
	batch = p.batch()
	if o.Batch != nil {
		batch = *o.Batch
	}
	if o.GhostBatch != nil {
		ghost = *o.GhostBatch
	}
	return batch, ghost
}

// validateData checks a file with a problem block: what a surface
// experiment has that a network does not, epochs against steps, and each
// run's batch and ghost batch against the data and the model.
func (f *File) validateData(errs *Errors) {
	if f.Surface.Name != "" || len(f.Surface.Params) > 0 || f.Surface.Dim != 0 {
		errs.add("surface", "give either surface or problem, not both")
	}
	if f.Start != nil {
		errs.add("start", "a problem starts from its init (problem.init.file, or torch's default drawn from the seed), not from start")
	}
	if f.Noise != nil {
		errs.add("noise", "a problem's noise is its mini-batches: set batch on the optimizers instead")
	}
	if f.Stop != nil && f.Stop.LossGap > 0 {
		errs.add("stop.loss_gap", "a problem has no known minimum to measure the gap to")
	}
	switch {
	case f.Epochs != 0 && f.stepsSet:
		errs.add("epochs", "give epochs or steps, not both")
	case f.Epochs < 0 || (f.Epochs == 0 && !f.stepsSet):
		errs.add("epochs", "must be ≥ 1 (or give steps, the number of updates), got %d", f.Epochs)
	}
	l, problems := f.Problem.resolve(f.dir, f.Seed)
	errs.List.Under("problem", problems)
	for i := range f.Optimizers {
		o := &f.Optimizers[i]
		path := fmt.Sprintf("optimizers[%d]", i)
		batch, ghost := f.Problem.runBatch(o)
		if batch < 1 {
			errs.add(path+".batch", "must be ≥ 1, got %d", batch)
			continue
		}
		if l != nil && batch > l.train.N {
			errs.add(path+".batch", "must be ≤ %d, the training examples, got %d", l.train.N, batch)
			continue
		}
		if o.GhostBatch == nil {
			if l != nil && f.Problem.Model.BatchNorm && (batch == 1 || l.train.N%batch == 1) {
				errs.add(path+".batch", "batch norm needs ≥ 2 rows in every batch; with %d examples and batch %d one batch has 1", l.train.N, batch)
			}
			continue
		}
		switch {
		case !f.Problem.Model.BatchNorm:
			errs.add(path+".ghost_batch", "needs batch norm (problem.model.batchnorm: true)")
		case ghost < 2:
			errs.add(path+".ghost_batch", "must be ≥ 2 (batch norm needs 2 rows), got %d", ghost)
		case batch%ghost != 0:
			errs.add(path+".ghost_batch", "must divide the batch %d, got %d", batch, ghost)
		case l != nil && l.train.N%batch%ghost == 1:
			errs.add(path+".ghost_batch", "with %d examples the last batch has %d rows, leaving a ghost batch of 1", l.train.N, l.train.N%batch)
		}
	}
}

// dataColumns are a data trace's columns after run and step (docs/data.md).
func dataColumns() []string {
	return []string{"epoch", "lr", "batch_loss", "train_loss", "test_loss", "train_acc", "test_acc", "grad_norm"}
}

// buildData builds the experiment of a file with a problem block.
func (f *File) buildData() (*lab.Experiment, error) {
	l, problems := f.Problem.resolve(f.dir, f.Seed)
	if len(problems) > 0 {
		return nil, fmt.Errorf("problem.%v", problems[0])
	}
	shuffle := f.Problem.Shuffle == nil || *f.Problem.Shuffle
	newProblem := func(batch, ghost int) *nn.Problem {
		p := nn.NewProblem(l.net, l.train, l.test, batch, ghost, shuffle, l.init, problem.DeriveSeed(f.Seed, 0))
		p.Workers = f.Problem.Workers.count()
		return p
	}
	base := newProblem(min(f.Problem.batch(), l.train.N), 0)
	name := f.Problem.Data.Name
	if name == "" {
		name = filepath.Base(f.Problem.Data.CSV)
	}
	e := &lab.Experiment{
		Name:        f.Name,
		Problem:     base,
		Start:       base.Start(),
		Seed:        f.Seed,
		Repeats:     f.Repeats,
		RecordEvery: f.RecordEvery,
		Keep:        lab.Keep{None: true},
		Columns:     dataColumns(),
		Metrics:     dataMetrics(f.Problem.EvalEvery),
		Report:      lab.Report{Problem: name + "/" + f.Problem.Model.Kind},
	}
	if f.Stop != nil {
		e.Stop = lab.Stop{GradNorm: f.Stop.GradNorm, Bound: f.Stop.Bound}
	}
	for i := range f.Optimizers {
		o := &f.Optimizers[i]
		c := o.config()
		h, err := optimizers.Resolve(c)
		if err != nil {
			return nil, fmt.Errorf("optimizers[%d].%v", i, err)
		}
		batch, ghost := f.Problem.runBatch(o)
		if optimizers.NeedsOf(c).ExactGradient {
			batch = l.train.N // full-batch: an epoch is one update
		}
		p := newProblem(batch, ghost)
		steps := f.Steps
		if f.Epochs > 0 {
			steps = f.Epochs * p.StepsPerEpoch()
		}
		sched := o.Schedule
		if sched == nil && o.Base != nil {
			sched = o.Base.Schedule
		}
		scale := 1.0
		if f.LRScaling != nil {
			scale = float64(batch) / float64(f.LRScaling.BaseBatch)
			if f.LRScaling.Rule == "sqrt" {
				scale = math.Sqrt(scale)
			}
		}
		e.Runs = append(e.Runs, lab.RunSpec{
			Label:     o.label(),
			Optimizer: c,
			LR:        h.LR() * scale,
			Schedule:  sched.schedule(steps),
			Problem:   p,
			Batch:     batch,
			Steps:     steps,
			Data:      &trace.DataSummary{Epochs: float64(steps) / float64(p.StepsPerEpoch()), GhostBatch: &ghost},
		})
		e.Steps = max(e.Steps, steps)
	}
	if f.LRScaling != nil {
		e.Report.LRScaling = &trace.LRScaling{Rule: f.LRScaling.Rule, BaseBatch: f.LRScaling.BaseBatch}
	}
	e.Sharpness = f.Sharpness.options(f.Seed)
	return e, nil
}

// dataMetrics are the trace columns of a network's run, read through its
// stream (its batch-norm statistics): the epoch, the batch loss and its
// gradient's norm at every update, and the evaluation-mode losses and
// accuracies at step 0, every evalEvery updates (0: each epoch) and at
// the last point.
func dataMetrics(evalEvery int) []lab.Metric {
	stream := func(f func(s *nn.Stream, x []float64, t int, last bool) float64) func(problem.Stream, []float64, int, bool) float64 {
		return func(s problem.Stream, x []float64, t int, last bool) float64 {
			ns, ok := s.(*nn.Stream)
			if !ok {
				return math.NaN()
			}
			return f(ns, x, t, last)
		}
	}
	eval := func(k int) lab.Metric {
		return lab.Metric{Name: dataColumns()[3+k], Of: stream(func(s *nn.Stream, x []float64, t int, last bool) float64 {
			if t != 0 && !last && !s.EvalDue(t, evalEvery) {
				return math.NaN()
			}
			return s.Metrics(x)[k]
		})}
	}
	ms := []lab.Metric{
		{Name: "epoch", Of: stream(func(s *nn.Stream, _ []float64, t int, _ bool) float64 { return s.Epoch(t) })},
		{Name: "batch_loss", Of: stream(func(s *nn.Stream, _ []float64, t int, _ bool) float64 {
			if t == 0 {
				return math.NaN()
			}
			return s.BatchLoss()
		})},
	}
	for k := 0; k < 4; k++ {
		ms = append(ms, eval(k))
	}
	ms = append(ms, lab.Metric{Name: "grad_norm", Of: stream(func(s *nn.Stream, _ []float64, t int, _ bool) float64 {
		if t == 0 {
			return math.NaN()
		}
		return s.BatchGradNorm()
	})})
	return ms
}
