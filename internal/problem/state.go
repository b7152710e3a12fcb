package problem

// An AtStater evaluates itself with a run's state (StateKeeper.State): a
// network's loss in evaluation mode depends on its batch-norm running
// statistics, which are the run's, not the problem's.
type AtStater interface {
	// AtState is the problem with Loss, Grad and its other capabilities
	// evaluated under state (nil: the problem's own).
	AtState(state []float64) Objective
}

// A LossNoter says what its Loss measures, for reports of measurements
// made on it ("train, eval mode" for a network).
type LossNoter interface {
	LossNote() string
}
