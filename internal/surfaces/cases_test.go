package surfaces_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
)

// A testCase is one surface instance of the shared table.
type testCase struct {
	label string // e.g. "rastrigin{A=5}/dim3"
	spec  surfaces.Spec
	s     surfaces.Surface
}

// variants lists extra parameter settings per family, beyond the defaults.
// Every setting keeps the listed minima inside the default window.
var variants = map[string][]map[string]float64{
	"rosenbrock":    {{"a": -0.5, "b": 10}, {"b": 2}},
	"halfpipe":      {{"kappa": 100, "angle": 30}, {"kappa": 1, "angle": -120}},
	"rastrigin":     {{"A": 5}, {"A": 0.5}},
	"ackley":        {{"a": 10, "b": 0.5, "c": math.Pi}, {"b": 1}},
	"quadratic":     {{"kappa": 1000, "lambda_max": 4}, {"rotate": 1, "kappa": 100}, {"rotate": 1, "seed": 7}, {"coupling": 3}, {"coupling": 1, "rotate": 1}},
	"deepquadratic": {{"rotate": 0}, {"seed": 3}},
	"sharpflat":     {{"ratio": 50}, {"ratio": 100, "flat": 2, "sep": 2}, {"ratio": 1, "flat": 0.5, "sep": 5}},
}

// anyDims are the dimensions tried for AnyDim families.
var anyDims = []int{2, 3, 5}

// allCases builds the table: every registered family with its defaults and
// each variant, in dimensions 2, 3 and 5 where the family allows it.
func allCases(t testing.TB) []testCase {
	t.Helper()
	var cases []testCase
	for _, spec := range surfaces.Specs() {
		settings := append([]map[string]float64{nil}, variants[spec.Name]...)
		dims := []int{0}
		if spec.AnyDim {
			dims = anyDims
		}
		for _, p := range settings {
			for _, d := range dims {
				s, err := surfaces.New(spec.Name, p, d)
				if err != nil {
					t.Fatalf("New(%q, %v, %d): %v", spec.Name, p, d, err)
				}
				label := spec.Name + fmtParams(p)
				if spec.AnyDim {
					label += fmt.Sprintf("/dim%d", d)
				}
				cases = append(cases, testCase{label: label, spec: spec, s: s})
			}
		}
	}
	return cases
}

func fmtParams(p map[string]float64) string {
	if len(p) == 0 {
		return ""
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%g", k, p[k])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

// samplePoints returns the start and n pseudo-random points of the window
// (deterministic per label), skipping points where keep reports false.
func samplePoints(c testCase, n int, keep func([]float64) bool) [][]float64 {
	lo, hi := c.s.Bounds()
	var seed uint64
	for _, b := range []byte(c.label) {
		seed = seed*131 + uint64(b)
	}
	rng := rand.New(rand.NewPCG(seed, 7))
	pts := [][]float64{c.s.Start()}
	for len(pts) < n+1 {
		x := make([]float64, len(lo))
		for i := range x {
			x[i] = lo[i] + (hi[i]-lo[i])*rng.Float64()
		}
		if keep == nil || keep(x) {
			pts = append(pts, x)
		}
	}
	return pts
}

func TestEveryFamilyIsCovered(t *testing.T) {
	got := surfaces.Names()
	if len(got) == 0 || !slices.IsSorted(got) || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Fatalf("Names() = %v: want sorted, unique names", got)
	}
	for name := range variants {
		if _, ok := surfaces.Lookup(name); !ok {
			t.Errorf("variants lists unregistered family %q", name)
		}
	}
	seen := map[string]bool{}
	for _, c := range allCases(t) {
		seen[c.spec.Name] = true
	}
	for _, name := range got {
		if !seen[name] {
			t.Errorf("family %q has no test case", name)
		}
	}
}
