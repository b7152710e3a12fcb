// Package surfaces provides analytic loss surfaces f: R^n -> R with exact
// gradients and Hessians, a standard start, a plotting window and their known
// minima. Every family lives in its own file with its formula in the doc comment.
package surfaces

import "github.com/optlab/optlab/internal/problem"

// A Surface is an analytic, twice-differentiable loss with a known
// landscape: a problem.Objective with its exact Hessian, a standard start, a
// plotting window and its known stationary points, plus the registry name
// it was built from. Implementations hold parameters only and are safe for
// concurrent use.
type Surface interface {
	problem.Objective
	problem.Hessianer
	problem.Starter
	problem.Windowed
	problem.Minimaer
	// Name is the registry name, e.g. "rosenbrock".
	Name() string
}

// A Minimum is a known stationary point of a surface (see problem.Point:
// Kind is problem.Min, the zero value, or problem.Saddle).
type Minimum = problem.Point

// saddle marks the listed saddles of the families in this package.
const saddle = problem.Saddle
