package expr

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/problem"
)

// Prefix marks an expression where a surface name is expected, on the
// command line ("expr:sin(x)*cos(y)") and in summary.json's "surface".
const Prefix = "expr:"

// DefaultVars are the variables of an expression given without vars.
func DefaultVars() []string { return []string{"x", "y"} }

// DefaultHalfWidth is the window of an expression given without one:
// [−3, 3] on every variable.
const DefaultHalfWidth = 3.0

// A Spec describes an expression surface as a config or the command line
// gives it. Zero fields take their defaults (vars x, y; window [−3, 3]ⁿ;
// the start a fifth of the way into the window from its lower corner;
// minima searched with damped Newton from a grid).
type Spec struct {
	Expr   string
	Vars   []string
	Params map[string]float64
	Window [][2]float64 // per variable: [lo, hi]
	Start  []float64
	Minima [][]float64
}

// A Surface is an expression behind problem's seam, with every capability
// a built-in surface has: exact gradient and Hessian, a start, a window
// and its minima. It is safe for concurrent use.
type Surface struct {
	tape   *Tape
	vars   []string
	lo, hi []float64
	start  []float64
	minima []problem.Point
	found  bool
}

// New parses and checks s. Errors in the expression are *Error (with a
// position); others name the field.
func New(s Spec) (*Surface, error) {
	vars := s.Vars
	if len(vars) == 0 {
		vars = DefaultVars()
	}
	t, err := Parse(s.Expr, vars, s.Params)
	if err != nil {
		return nil, err
	}
	n := len(vars)
	out := &Surface{tape: t, vars: append([]string(nil), vars...), lo: make([]float64, n), hi: make([]float64, n)}
	switch {
	case len(s.Window) == 0:
		for i := range out.lo {
			out.lo[i], out.hi[i] = -DefaultHalfWidth, DefaultHalfWidth
		}
	case len(s.Window) != n:
		return nil, fmt.Errorf("window: must have one [lo, hi] per variable (%d), got %d", n, len(s.Window))
	default:
		for i, w := range s.Window {
			if !(w[0] < w[1]) || bad(w[0]) || bad(w[1]) {
				return nil, fmt.Errorf("window[%d]: must be [lo, hi] with lo < hi, got [%g, %g]", i, w[0], w[1])
			}
			out.lo[i], out.hi[i] = w[0], w[1]
		}
	}
	if s.Start != nil {
		if len(s.Start) != n {
			return nil, fmt.Errorf("start: must have %d coordinates (one per variable), got %d", n, len(s.Start))
		}
		out.start = append([]float64(nil), s.Start...)
	} else {
		out.start = make([]float64, n)
		for i := range out.start {
			out.start[i] = out.lo[i] + 0.2*(out.hi[i]-out.lo[i])
		}
	}
	if err := t.Check(out.start); err != nil {
		return nil, err
	}
	if s.Minima != nil {
		for i, m := range s.Minima {
			if len(m) != n {
				return nil, fmt.Errorf("minima[%d]: must have %d coordinates, got %d", i, n, len(m))
			}
			out.minima = append(out.minima, problem.Point{Name: "given", X: append([]float64(nil), m...), Value: t.Loss(m), Kind: problem.Min})
		}
	} else {
		out.minima = out.search()
		out.found = true
	}
	return out, nil
}

// Parse a command-line surface "expr:…" into its Spec (vars x, y).
func SpecOf(name string) (Spec, bool) {
	src, ok := strings.CutPrefix(name, Prefix)
	if !ok {
		return Spec{}, false
	}
	return Spec{Expr: strings.TrimSpace(src)}, true
}

var _ interface {
	problem.Objective
	problem.Hessianer
	problem.Starter
	problem.Windowed
	problem.Minimaer
} = (*Surface)(nil)

// Name is "expr:" followed by the expression, as summary.json reports it.
func (s *Surface) Name() string                           { return Prefix + s.tape.src }
func (s *Surface) Expr() string                           { return s.tape.src }
func (s *Surface) Vars() []string                         { return append([]string(nil), s.vars...) }
func (s *Surface) Tape() *Tape                            { return s.tape }
func (s *Surface) Dim() int                               { return s.tape.n }
func (s *Surface) Loss(x []float64) float64               { return s.tape.Loss(x) }
func (s *Surface) Grad(dst, x []float64)                  { s.tape.Grad(dst, x) }
func (s *Surface) Hessian(dst *mat.SymDense, x []float64) { s.tape.Hessian(dst, x) }
func (s *Surface) Start() []float64                       { return append([]float64(nil), s.start...) }
func (s *Surface) Bounds() (lo, hi []float64) {
	return append([]float64(nil), s.lo...), append([]float64(nil), s.hi...)
}

// Minima are the given minima or, when none were given, those damped
// Newton found from a grid of starts (see MinimaFound).
func (s *Surface) Minima() []problem.Point {
	out := make([]problem.Point, len(s.minima))
	for i, m := range s.minima {
		m.X = append([]float64(nil), m.X...)
		out[i] = m
	}
	return out
}

// MinimaFound reports whether the minima were searched for rather than
// given: they are then the local minima the search reached, not a
// guarantee.
func (s *Surface) MinimaFound() bool { return s.found }

// maxStarts bounds the search grid: k starts per axis with kⁿ ≤ maxStarts.
const maxStarts = 400

// search runs damped Newton (problem.Polish) from a grid of starts inside
// the window and keeps the distinct points it converged to where the
// Hessian is positive definite and that lie in the window. The lowest are
// named "global" (within 1e-9 relative), the others "local".
func (s *Surface) search() []problem.Point {
	n := s.Dim()
	k := int(math.Floor(math.Pow(maxStarts, 1/float64(n)) + 1e-9))
	k = max(2, min(k, 15))
	total := 1
	for i := 0; i < n; i++ {
		total *= k
	}
	var starts []problem.Point
	idx := make([]int, n)
	for c := 0; c < total; c++ {
		x := make([]float64, n)
		r := c
		for i := 0; i < n; i++ {
			idx[i] = r % k
			r /= k
			x[i] = s.lo[i] + (float64(idx[i])+0.5)/float64(k)*(s.hi[i]-s.lo[i])
		}
		starts = append(starts, problem.Point{X: x, Kind: problem.Min})
	}
	var found []problem.Point
	h := mat.NewSymDense(n, nil)
	var eig mat.EigenSym
	scale := 0.0
	for i := range s.lo {
		scale = math.Max(scale, s.hi[i]-s.lo[i])
	}
	for _, p := range problem.Polish(s, starts) {
		in := true
		for i, v := range p.X {
			if v < s.lo[i] || v > s.hi[i] {
				in = false
			}
		}
		if !in {
			continue
		}
		s.Hessian(h, p.X)
		if !eig.Factorize(h, false) {
			continue
		}
		if ev := eig.Values(nil); ev[0] <= 0 {
			continue
		}
		dup := false
		for _, q := range found {
			d := 0.0
			for i := range p.X {
				d = math.Max(d, math.Abs(p.X[i]-q.X[i]))
			}
			if d <= 1e-6*scale {
				dup = true
				break
			}
		}
		if !dup {
			found = append(found, p)
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Value < found[j].Value })
	if len(found) > 20 {
		found = found[:20]
	}
	for i := range found {
		found[i].Name = "found local"
		if found[i].Value-found[0].Value <= 1e-9*math.Max(1, math.Abs(found[0].Value)) {
			found[i].Name = "found global"
		}
	}
	return found
}
