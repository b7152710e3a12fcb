package nn

import "sync"

// WeightRows are the parameter ranges [lo, hi) of each neuron's incoming
// weights (every row of every layer's W), the filters of Li et al.'s
// filter-normalised directions (internal/landscape); biases and batch-norm
// γ, β lie outside them.
func (n *Net) WeightRows() [][2]int {
	var rows [][2]int
	for _, l := range n.layers {
		for o := 0; o < l.out; o++ {
			rows = append(rows, [2]int{l.w + o*l.in, l.w + (o+1)*l.in})
		}
	}
	return rows
}

// EvalLoss is the evaluation-mode mean loss on the training set (test:
// the test set; nil without one) under a run's batch-norm statistics
// state (Stream.State's layout; nil: a fresh net's), as a function of the
// parameters, safe for concurrent use.
func (p *Problem) EvalLoss(state []float64, test bool) func(x []float64) float64 {
	set := p.Train
	if test {
		if p.Test == nil || p.Test.N == 0 {
			return nil
		}
		set = p.Test
	}
	st := p.Net.statsFrom(state)
	var pool sync.Pool
	return func(x []float64) float64 {
		w, ok := pool.Get().(*Work)
		if !ok {
			w = &Work{}
		}
		defer pool.Put(w)
		l, _ := p.Net.Evaluate(w, x, set, st)
		return l
	}
}

// WeightRows are the net's (Net.WeightRows).
func (p *Problem) WeightRows() [][2]int { return p.Net.WeightRows() }
