package nn

import "github.com/optlab/optlab/internal/problem"

var (
	_ problem.AtStater  = (*Problem)(nil)
	_ problem.LossNoter = (*Problem)(nil)
)

// AtState is p with the batch-norm running statistics of a run's state
// (Stream.State's layout; nil: a fresh net's): its Loss, Grad, HessVec and
// Hessian are then the run's evaluation-mode training loss and its
// derivatives.
func (p *Problem) AtState(state []float64) problem.Objective {
	q := NewProblem(p.Net, p.Train, p.Test, p.Batch, p.Ghost, p.Shuffle, p.Init, p.Seed)
	q.stats = p.Net.statsFrom(state)
	q.Workers, q.do = p.Workers, p.do
	return q
}

// LossNote says what Loss measures: the whole training set in evaluation
// mode.
func (p *Problem) LossNote() string { return "train, eval mode" }
