package plotting

// The plain data the landscape figures are drawn from. Figures know
// nothing of where a landscape comes from (a test function, a finite-sum
// objective averaged over its examples, a saved run): callers convert
// their own types to a Landscape, so that this package depends on no
// model of optimization problems.

// Func2D is a function of two variables: the f(x, y) of a landscape. It
// is called from several goroutines when figures are drawn concurrently.
type Func2D interface {
	At(x, y float64) float64
}

// FuncOf adapts a plain function to a Func2D.
type FuncOf func(x, y float64) float64

// At returns f(x, y).
func (f FuncOf) At(x, y float64) float64 { return f(x, y) }

// PointKind says what a marked point of a landscape is.
type PointKind int

const (
	// Minimum is a local or global minimum, marked by a star. A landscape
	// with at least one is drawn on a log scale above its lowest value.
	Minimum PointKind = iota
	// Saddle is a saddle point (or another stationary point worth
	// marking), marked by a diamond.
	Saddle
)

// Landmark is a marked point of a landscape.
type Landmark struct {
	Name string // e.g. "global", "sharp", "saddle"
	// X, Y is where it is; a point with a non-finite coordinate is not
	// drawn, but its Value and Kind still set the colour scale.
	X, Y  float64
	Value float64 // f(X, Y)
	Kind  PointKind
}

// Landscape is a 2-D function to be drawn: filled log-scale contours with
// its landmarks, under optimizer paths or alone.
type Landscape struct {
	Name string // for titles
	F    Func2D
	// Lo and Hi are the corners of the default window; the figures enlarge
	// it to show the starts of runs and to give the axes equal scales.
	Lo, Hi [2]float64
	// Start is the standard starting point (x, y), marked by SurfaceFigure;
	// nil (or non-finite) when there is none.
	Start  []float64
	Points []Landmark

	// grids caches the grids sampled from F, shared by the copies of a
	// Landscape made by Cached (nil: each figure samples its own).
	grids *gridCache
}

// Cached returns l with a cache of the grids sampled from F, shared by
// every copy of the result: figures drawn from it sample each window
// (at each grid size) once, however many figures of the same window are
// drawn and however often a figure rebuilds itself to fit its axes. The
// cache is safe for concurrent use. F, Points, Lo and Hi must not change
// afterwards (the cached grids would no longer be theirs).
func (l Landscape) Cached() Landscape {
	l.grids = newGridCache()
	return l
}
