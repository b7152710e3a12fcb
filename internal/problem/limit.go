package problem

// A LimitSharer is a stream or an objective whose own work (a network's
// mini-batch gradient, or its whole-training-set loss and derivatives
// that sharpness measures, split across workers) can run on the command's
// worker limit, the one the runs share: the lab hands it the limit's Do (run fn(0), …,
// fn(jobs−1), on free slots or else on the caller) before the run's first
// update, so one run alone uses the free cores and many runs at once do
// not multiply the goroutines past the limit. Results must not depend on
// which goroutine runs a job.
type LimitSharer interface {
	ShareLimit(do func(jobs int, fn func(i int)))
}
