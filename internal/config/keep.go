package config

import "github.com/optlab/optlab/internal/lab"

// MaxTraceCoords is the largest dimension whose coordinates trace.csv
// keeps in every row; past it (an n-D surface with n = 10⁶) the rows keep
// none — loss, gradient norm and the step are what a figure of such a
// run can show — and summary.json still has each run's final x.
const MaxTraceCoords = 100

// keepFor is the Keep policy of a surface run in n dimensions.
func keepFor(n int) lab.Keep {
	if n > MaxTraceCoords {
		return lab.Keep{None: true}
	}
	return lab.Keep{}
}
