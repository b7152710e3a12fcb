// Package nn holds the models optlab trains on data — linear regression,
// softmax (logistic) regression and multilayer perceptrons with optional
// batch norm and ghost batches — with hand-written backpropagation over
// one flat parameter vector, and the problem kind that trains them on a
// data set behind the problem seam (Problem, its Streams).
//
// Every model follows torch.nn exactly: Linear (y = x·Wᵀ + b),
// BatchNorm1d (eps 1e-5, momentum 0.1, biased variance to normalise,
// unbiased in the running statistics), ReLU / Tanh, MSELoss and
// F.cross_entropy (means over the batch), and torch.nn.Linear's default
// initialisation.
//
// Parameter layout (a contract with PyTorch): layer by layer, W (out × in,
// row-major, as Linear.weight), then b, then for a hidden layer with batch
// norm γ then β.
package nn

import (
	"fmt"
	"math"
	"strings"

	"github.com/optlab/optlab/internal/data"
)

// Kinds of models.
const (
	Linear   = "linear"   // one Linear layer to 1 output, MSELoss
	Logistic = "logistic" // one Linear layer to K classes, cross-entropy
	MLP      = "mlp"      // hidden layers, then Linear to K classes, cross-entropy
)

// Activations of the hidden layers.
const (
	ReLU = "relu"
	Tanh = "tanh"
)

// BatchNorm1d's constants.
const (
	bnEps      = 1e-5
	bnMomentum = 0.1
)

// A ModelSpec describes a model for `optlab list models`.
type ModelSpec struct {
	Name string
	Doc  string
}

// Models lists the model kinds.
func Models() []ModelSpec {
	return []ModelSpec{
		{Linear, "linear regression: Linear(in, 1), mean squared error (torch's MSELoss); a regression target"},
		{Logistic, "softmax regression: Linear(in, K), cross-entropy (F.cross_entropy); K classes"},
		{MLP, "multilayer perceptron: per hidden layer Linear → BatchNorm1d (batchnorm: true) → relu | tanh, then Linear(·, K), cross-entropy"},
	}
}

// A Spec is a model of a given input and output width.
type Spec struct {
	Kind       string
	In, Out    int   // Out: 1 for linear, the number of classes otherwise
	Hidden     []int // mlp only
	Activation string
	BatchNorm  bool
}

type layer struct {
	in, out int
	w, b    int // offsets of W and b in the parameters
	g, be   int // offsets of γ and β (batch norm), else −1
	bn      int // index of the layer's running statistics, else −1
	hidden  bool
}

// A Net is a model's structure; it holds no parameters and is safe for
// concurrent use.
type Net struct {
	spec   Spec
	layers []layer
	n      int
	tanh   bool
	mse    bool
	bnDim  []int
	width  int // the widest layer (input included)
}

// New builds the net of s, or says what is wrong with s.
func New(s Spec) (*Net, error) {
	if s.In < 1 {
		return nil, fmt.Errorf("model: %d input features", s.In)
	}
	var widths []int
	switch s.Kind {
	case Linear:
		if s.Out != 1 {
			return nil, fmt.Errorf("model: linear has one output, got %d", s.Out)
		}
	case Logistic:
	case MLP:
		if len(s.Hidden) == 0 {
			return nil, fmt.Errorf("model: mlp needs hidden layers")
		}
		for i, h := range s.Hidden {
			if h < 1 {
				return nil, fmt.Errorf("model: hidden[%d] is %d, must be ≥ 1", i, h)
			}
		}
		widths = s.Hidden
		if s.Activation != ReLU && s.Activation != Tanh {
			return nil, fmt.Errorf("model: activation %q (want relu or tanh)", s.Activation)
		}
	default:
		return nil, fmt.Errorf("model: unknown kind %q (want linear, logistic or mlp)", s.Kind)
	}
	if s.Kind != Linear && s.Out < 2 {
		return nil, fmt.Errorf("model: %s needs at least 2 classes, got %d", s.Kind, s.Out)
	}
	if s.Kind != MLP && s.BatchNorm {
		return nil, fmt.Errorf("model: batch norm needs hidden layers (kind mlp)")
	}
	net := &Net{spec: s, tanh: s.Activation == Tanh, mse: s.Kind == Linear, width: s.In}
	in := s.In
	for _, out := range append(append([]int(nil), widths...), s.Out) {
		l := layer{in: in, out: out, w: net.n, g: -1, be: -1, bn: -1}
		net.n += out * in
		l.b = net.n
		net.n += out
		net.width = max(net.width, out)
		net.layers = append(net.layers, l)
		in = out
	}
	for i := range net.layers[:len(net.layers)-1] {
		l := &net.layers[i]
		l.hidden = true
		if s.BatchNorm {
			l.bn = len(net.bnDim)
			net.bnDim = append(net.bnDim, l.out)
		}
	}
	// γ and β follow b of their layer: shift the later layers.
	if s.BatchNorm {
		off := 0
		for i := range net.layers {
			l := &net.layers[i]
			l.w += off
			l.b += off
			if l.bn >= 0 {
				l.g = l.b + l.out
				l.be = l.g + l.out
				off += 2 * l.out
			}
		}
		net.n += off
	}
	return net, nil
}

// NumParams is the length of the flat parameter vector.
func (n *Net) NumParams() int { return n.n }

// Spec is the model's spec.
func (n *Net) Spec() Spec { return n.spec }

// Classifies reports whether the model is a classifier (cross-entropy).
func (n *Net) Classifies() bool { return !n.mse }

// Describe is the parameter layout in words, for messages and docs.
func (n *Net) Describe() string {
	var parts []string
	for i, l := range n.layers {
		s := fmt.Sprintf("layer %d: W %d×%d, b %d", i+1, l.out, l.in, l.out)
		if l.bn >= 0 {
			s += fmt.Sprintf(", γ %d, β %d", l.out, l.out)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// Init is torch.nn.Linear's default initialisation drawn from the seed:
// W and b uniform in ±1/√in (kaiming_uniform with a = √5), γ = 1, β = 0.
func (n *Net) Init(seed uint64) []float64 {
	p := make([]float64, n.n)
	r := data.NewRNG(seed, data.TagInit)
	for _, l := range n.layers {
		bound := 1 / math.Sqrt(float64(l.in))
		for i := l.w; i < l.w+l.out*l.in; i++ {
			p[i] = r.Uniform(-bound, bound)
		}
		for i := l.b; i < l.b+l.out; i++ {
			p[i] = r.Uniform(-bound, bound)
		}
		if l.bn >= 0 {
			for i := 0; i < l.out; i++ {
				p[l.g+i], p[l.be+i] = 1, 0
			}
		}
	}
	return p
}

// Stats are the running statistics of a net's batch-norm layers: state of
// one run, as a torch module's buffers.
type Stats struct {
	Mean, Var [][]float64
}

// NewStats is the statistics of a fresh BatchNorm1d: mean 0, variance 1.
func (n *Net) NewStats() *Stats {
	s := &Stats{}
	for _, d := range n.bnDim {
		v := make([]float64, d)
		for i := range v {
			v[i] = 1
		}
		s.Mean = append(s.Mean, make([]float64, d))
		s.Var = append(s.Var, v)
	}
	return s
}

// CopyFrom sets s to t.
func (s *Stats) CopyFrom(t *Stats) {
	for i := range s.Mean {
		copy(s.Mean[i], t.Mean[i])
		copy(s.Var[i], t.Var[i])
	}
}
