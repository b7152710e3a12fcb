package lab

import (
	"github.com/optlab/optlab/internal/parallel"
	"github.com/optlab/optlab/internal/problem"
)

// ShareLimit hands lim to the run's stream when it can split its own work
// (problem.LimitSharer); lab.Run calls it with the limit the runs share.
func (s *Stepper) ShareLimit(lim *parallel.Limit) {
	if ls, ok := s.stream.(problem.LimitSharer); ok && lim != nil {
		ls.ShareLimit(lim.Do)
	}
}
