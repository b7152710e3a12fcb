// Package data holds the data sets networks are trained on: generated
// ones (moons, circles, spirals, blobs, a noisy linear regression), drawn
// from a seed with portable randomness, and CSV files with a header and a
// named target column. A Set is plain rows; it imports nothing of the
// models that use it.
package data

import (
	"fmt"
	"math"

	"github.com/optlab/optlab/internal/random"
)

// A Set is N examples of D features, row-major in X (N×D), with their
// targets in Y: class indices 0..Classes−1 for classification, real values
// for regression (Classes 0).
type Set struct {
	X       []float64
	Y       []float64
	N, D    int
	Classes int
	// Features names the columns of X (for CSV files; x0, x1, … otherwise).
	Features []string
}

// Row is example i's features (a view into X).
func (s *Set) Row(i int) []float64 { return s.X[i*s.D : (i+1)*s.D] }

// Subset is the examples idx, in that order (a copy).
func (s *Set) Subset(idx []int) *Set {
	out := &Set{N: len(idx), D: s.D, Classes: s.Classes, Features: s.Features,
		X: make([]float64, 0, len(idx)*s.D), Y: make([]float64, 0, len(idx))}
	for _, i := range idx {
		out.X = append(out.X, s.Row(i)...)
		out.Y = append(out.Y, s.Y[i])
	}
	return out
}

// Split splits s by the seed into a training and a test set, the test set
// having round(test·N) examples (a uniformly random subset; both keep the
// order of s).
func Split(s *Set, test float64, seed uint64) (train, tst *Set) {
	nt := int(math.Round(test * float64(s.N)))
	perm := make([]int, s.N)
	for i := range perm {
		perm[i] = i
	}
	NewRNG(seed, TagSplit).Shuffle(perm)
	inTest := make([]bool, s.N)
	for _, i := range perm[:nt] {
		inTest[i] = true
	}
	var a, b []int
	for i := 0; i < s.N; i++ {
		if inTest[i] {
			b = append(b, i)
		} else {
			a = append(a, i)
		}
	}
	return s.Subset(a), s.Subset(b)
}

// Purposes of the generators derived from one seed, so that the data, the
// split, the init and the shuffles of a run are independent.
const (
	TagData    = 11
	TagSplit   = 12
	TagInit    = 13
	TagShuffle = 14
)

// An RNG is a portable generator: only PCG-DXSM's Uint64 comes from
// math/rand/v2 (fixed by its specification); bounded integers and uniforms
// are integer arithmetic here, so a seed gives the same bits on every
// release and GOARCH.
type RNG struct{ *random.RNG }

// NewRNG derives the generator for one purpose (tag) of a seed.
func NewRNG(seed, tag uint64) *RNG { return &RNG{random.New(seed, tag)} }

// Uniform is a uniform draw in [lo, hi).
func (r *RNG) Uniform(lo, hi float64) float64 { return lo + (hi-lo)*r.Float() }

// A Spec describes a generated data set for `optlab list datasets`.
type Spec struct {
	Name    string
	Doc     string
	Classes string // "2", "k", or "regression"
	Gen     func(p Params, seed uint64) (*Set, error)
}

// Params are a generated data set's knobs (zero: the spec's default).
type Params struct {
	Examples int
	Noise    float64
	Classes  int // spirals, blobs
	Features int // linear regression, blobs
}

// Specs lists the generated data sets.
func Specs() []Spec {
	return []Spec{
		{Name: "moons", Classes: "2", Doc: "two interleaving half circles (scikit-learn's make_moons)", Gen: moons},
		{Name: "circles", Classes: "2", Doc: "a circle inside another, radius ratio 0.5 (make_circles)", Gen: circles},
		{Name: "spirals", Classes: "k", Doc: "k interleaved spiral arms (classes: k, default 3)", Gen: spirals},
		{Name: "blobs", Classes: "k", Doc: "k Gaussian blobs, centres uniform in [−5, 5]^d (classes: k, default 3; features: d, default 2)", Gen: blobs},
		{Name: "linear", Classes: "regression", Doc: "y = w·x + 0.5 + noise·N(0,1), x ~ N(0, I), w_j = j+1 alternating in sign (features: d, default 2)", Gen: linear},
	}
}

// Lookup finds a generated data set by name.
func Lookup(name string) (Spec, bool) {
	for _, s := range Specs() {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}

// Names lists the generated data sets' names.
func Names() []string {
	var n []string
	for _, s := range Specs() {
		n = append(n, s.Name)
	}
	return n
}

func newSet(n, d, classes int) *Set {
	f := make([]string, d)
	for j := range f {
		f[j] = fmt.Sprintf("x%d", j)
	}
	return &Set{N: n, D: d, Classes: classes, Features: f, X: make([]float64, n*d), Y: make([]float64, n)}
}

func (p Params) classes(def int) int {
	if p.Classes > 0 {
		return p.Classes
	}
	return def
}

func (p Params) features(def int) int {
	if p.Features > 0 {
		return p.Features
	}
	return def
}

// moons: the upper half circle of radius 1 centred at 0 (class 0) and the
// lower one centred at (1, 0.5) (class 1), Gaussian noise on each
// coordinate; classes alternate so that every prefix is balanced.
func moons(p Params, seed uint64) (*Set, error) {
	s := newSet(p.Examples, 2, 2)
	r := NewRNG(seed, TagData)
	for i := 0; i < s.N; i++ {
		t := math.Pi * r.Float()
		c := i % 2
		x, y := math.Cos(t), math.Sin(t)
		if c == 1 {
			x, y = 1-x, 0.5-y
		}
		s.X[2*i] = x + p.Noise*r.Normal()
		s.X[2*i+1] = y + p.Noise*r.Normal()
		s.Y[i] = float64(c)
	}
	return s, nil
}

func circles(p Params, seed uint64) (*Set, error) {
	s := newSet(p.Examples, 2, 2)
	r := NewRNG(seed, TagData)
	for i := 0; i < s.N; i++ {
		t := 2 * math.Pi * r.Float()
		c := i % 2
		rad := 1.0
		if c == 1 {
			rad = 0.5
		}
		s.X[2*i] = rad*math.Cos(t) + p.Noise*r.Normal()
		s.X[2*i+1] = rad*math.Sin(t) + p.Noise*r.Normal()
		s.Y[i] = float64(c)
	}
	return s, nil
}

func spirals(p Params, seed uint64) (*Set, error) {
	k := p.classes(3)
	s := newSet(p.Examples, 2, k)
	r := NewRNG(seed, TagData)
	for i := 0; i < s.N; i++ {
		c := i % k
		u := r.Float()
		rad := u
		t := 4*u + 2*math.Pi*float64(c)/float64(k)
		s.X[2*i] = rad*math.Cos(t) + p.Noise*r.Normal()
		s.X[2*i+1] = rad*math.Sin(t) + p.Noise*r.Normal()
		s.Y[i] = float64(c)
	}
	return s, nil
}

func blobs(p Params, seed uint64) (*Set, error) {
	k, d := p.classes(3), p.features(2)
	s := newSet(p.Examples, d, k)
	r := NewRNG(seed, TagData)
	centres := make([]float64, k*d)
	for i := range centres {
		centres[i] = r.Uniform(-5, 5)
	}
	sd := p.Noise
	for i := 0; i < s.N; i++ {
		c := i % k
		for j := 0; j < d; j++ {
			s.X[i*d+j] = centres[c*d+j] + sd*r.Normal()
		}
		s.Y[i] = float64(c)
	}
	return s, nil
}

func linear(p Params, seed uint64) (*Set, error) {
	d := p.features(2)
	s := newSet(p.Examples, d, 0)
	r := NewRNG(seed, TagData)
	for i := 0; i < s.N; i++ {
		y := 0.5
		for j := 0; j < d; j++ {
			x := r.Normal()
			s.X[i*d+j] = x
			w := float64(j + 1)
			if j%2 == 1 {
				w = -w
			}
			y += w * x
		}
		s.Y[i] = y + p.Noise*r.Normal()
	}
	return s, nil
}
