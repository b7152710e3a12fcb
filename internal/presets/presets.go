// Package presets gives `optlab compare` its defaults when the command
// line says nothing: a step count per surface and, from each optimizer's
// registry entry, a learning rate that gives a picture worth looking at.
// The rates live with the optimizers (optimizers.Spec.Preset), so adding
// an optimizer needs no edit here. The tuned rosenbrock rates are those of
// bench/torch_compare.py; the other tuned ones come from the
// tune test (presets_tune_test.go).
package presets

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// A Preset is a step count and the learning rate of every optimizer, by
// name (sam's is its base's).
type Preset struct {
	Steps int
	LR    map[string]float64
}

// DefaultSteps is the step count of surfaces without their own.
const DefaultSteps = 500

// steps is the step count of a surface: rosenbrock's long curved valley
// takes more, halfpipe's picture is complete sooner.
func steps(surface string) int {
	switch surface {
	case "rosenbrock":
		return 2000
	case "halfpipe":
		return 200
	}
	return DefaultSteps
}

// tunedCSV holds the rates measured by the tune test (surface, optimizer,
// lr): data, so that neither a new optimizer nor a new surface needs an
// edit of code here; those without a row follow their spec's rule.
//
//go:embed tuned.csv
var tunedCSV string

// tuned returns the measured rates on the named surface, by optimizer.
func tuned(surface string) (map[string]float64, error) {
	recs, err := csv.NewReader(strings.NewReader(tunedCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("presets: tuned.csv: %w", err)
	}
	out := map[string]float64{}
	for i, r := range recs[1:] {
		if len(r) != 3 {
			return nil, fmt.Errorf("presets: tuned.csv line %d: want surface,optimizer,lr", i+2)
		}
		if r[0] != surface {
			continue
		}
		lr, err := strconv.ParseFloat(r[2], 64)
		if err != nil || !(lr > 0) {
			return nil, fmt.Errorf("presets: tuned.csv line %d: lr %q", i+2, r[2])
		}
		out[r[1]] = lr
	}
	return out, nil
}

// For returns the preset of a surface: each optimizer's tuned rate there,
// or else its spec's rule applied to the surface's curvature at the start
// and minima and its window size.
func For(s surfaces.Surface) Preset {
	specs := optimizers.Specs()
	rates, err := tuned(s.Name())
	if err != nil {
		panic(err) // the embedded table is checked by TestTunedTable
	}
	var scale optimizers.Scale
	for _, spec := range specs {
		if _, ok := rates[spec.Name]; !ok && spec.Preset.NeedsScale() { // estimated once, and only when needed
			scale = scaleOf(s)
			break
		}
	}
	p := Preset{Steps: steps(s.Name()), LR: make(map[string]float64, len(specs))}
	for _, spec := range specs {
		lr, ok := rates[spec.Name]
		if !ok {
			lr = spec.Preset.Rate(scale)
		}
		if lr != 0 {
			p.LR[spec.Name] = lr
		}
	}
	return p
}

func scaleOf(s surfaces.Surface) optimizers.Scale {
	lo, hi := s.Bounds()
	width := math.Inf(1)
	for i := range lo {
		width = math.Min(width, hi[i]-lo[i])
	}
	return optimizers.Scale{Curvature: curvature(s), Width: width}
}

// curvature estimates the largest |Hessian eigenvalue| over the start and
// the listed minima without power iteration, by the max absolute row sum
// (Gershgorin), floored at 1e-3.
func curvature(s surfaces.Surface) float64 {
	pts := [][]float64{s.Start()}
	for _, m := range s.Minima() {
		pts = append(pts, m.X)
	}
	n := s.Dim()
	if n > denseCurvatureDim {
		return largeCurvature(s, pts)
	}
	L := 1e-3
	h := mat.NewSymDense(n, nil)
	for _, x := range pts {
		s.Hessian(h, x)
		for i := 0; i < n; i++ {
			var row float64
			for j := 0; j < n; j++ {
				row += math.Abs(h.At(i, j))
			}
			L = math.Max(L, row)
		}
	}
	return L
}
