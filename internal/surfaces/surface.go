// Package surfaces provides analytic loss surfaces f: R^n -> R with exact
// gradients and Hessians, a standard start, a plotting window and their known
// minima. Every family lives in its own file with its formula in the doc comment.
package surfaces

import "gonum.org/v1/gonum/mat"

// A Surface is a twice-differentiable loss with a known landscape.
// Implementations are safe for concurrent use: they hold parameters only.
type Surface interface {
	// Name is the registry name, e.g. "rosenbrock".
	Name() string
	// Dim is the dimension n of the domain.
	Dim() int
	// Value returns f(x).
	Value(x []float64) float64
	// Grad writes ∇f(x) into dst (len n) without allocating.
	Grad(dst, x []float64)
	// Hessian writes ∇²f(x) into dst, which must be n×n.
	Hessian(dst *mat.SymDense, x []float64)
	// Start is the standard starting point of the surface (a fresh slice).
	Start() []float64
	// Bounds is the default plotting window.
	Bounds() (lo, hi []float64)
	// Minima lists the known local and global minima (and, for surfaces
	// without minima such as saddles, the stationary points worth marking).
	Minima() []Minimum
}

// A Minimum is a known stationary point of a surface.
type Minimum struct {
	Name  string    // e.g. "global", "sharp", "flat", "saddle"
	X     []float64 // location
	Value float64   // f(X)
	// Kind says what the point is: "min" (default when empty) or "saddle".
	Kind string
}
