package config

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/surfaces"
)

// A Preset is what `optlab compare` uses when the command line says
// nothing: a step count and per-optimizer learning rates that give a
// picture worth looking at on one surface.
type Preset struct {
	Steps int
	LR    map[string]float64 // by optimizer name; sam's is its base's
}

// presets are hand-tuned per surface: first-order methods near the largest
// stable rate, adaptive ones at a step of a few percent of the window.
// The rosenbrock rates are those of ../shared/bench/torch_compare.py.
var presets = map[string]Preset{
	"rosenbrock": {Steps: 2000, LR: map[string]float64{
		"sgd": 1e-3, "gd": 1e-3, "momentum": 1e-3, "nesterov": 1e-3, "adagrad": 0.5, "rmsprop": 1e-2,
		"adam": 0.05, "radam": 0.002, "newton": 1, "sam": 1e-3}},
	"halfpipe": {Steps: 200, LR: map[string]float64{
		"sgd": 0.09, "gd": 0.09, "momentum": 0.02, "nesterov": 0.02, "adagrad": 1, "rmsprop": 0.05,
		"adam": 0.1, "radam": 0.1, "newton": 1, "sam": 0.09}},
	// From `go test -tags tune -run TestTunePresets ./internal/config/`,
	// adaptive rates capped at 1 so that paths stay on the picture.
	"ackley":         {Steps: 500, LR: lrs(0.1, 0.0562, 0.0562, 1, 0.316, 0.562, 0.178, 0.1)},
	"beale":          {Steps: 500, LR: lrs(0.0316, 0.0178, 0.0178, 0.562, 0.0178, 0.1, 0.0316, 0.01)},
	"booth":          {Steps: 500, LR: lrs(0.0562, 0.00562, 0.0178, 1, 0.178, 1, 0.178, 0.0562)},
	"escape":         {Steps: 500, LR: lrs(0.0562, 0.01, 0.00562, 0.178, 0.00562, 0.01, 0.0316, 0.0562)},
	"goldsteinprice": {Steps: 500, LR: lrs(3.16e-6, 5.62e-7, 1e-6, 0.562, 0.0562, 0.1, 1.78e-6, 3.16e-6)},
	"himmelblau":     {Steps: 500, LR: lrs(0.01, 0.01, 0.001, 0.562, 0.0316, 0.3, 0.0316, 0.01)},
	"matyas":         {Steps: 500, LR: lrs(1, 1, 1, 1, 0.0562, 1, 1, 1)},
	"rastrigin":      {Steps: 500, LR: lrs(0.002, 0.0005, 0.0005, 0.3, 0.03, 0.05, 0.05, 0.002)},
	"sharpflat":      {Steps: 500, LR: lrs(0.0316, 0.0178, 0.0316, 0.1, 0.01, 0.1, 0.178, 0.0316)},
	"sixhump":        {Steps: 500, LR: lrs(0.00562, 0.000562, 0.000562, 0.1, 0.00562, 0.0562, 0.0316, 0.00562)},
	"styblinskitang": {Steps: 500, LR: lrs(0.000562, 5.62e-05, 5.62e-05, 0.1, 0.00562, 0.01, 0.0178, 0.000562)},
	"threehump":      {Steps: 500, LR: lrs(0.316, 0.178, 0.178, 1, 0.1, 0.562, 0.178, 0.316)},
}

// lrs lays out a preset's rates in the order sgd, momentum, nesterov,
// adagrad, rmsprop, adam, radam, sam (its base sgd's); newton takes 1.
func lrs(sgd, momentum, nesterov, adagrad, rmsprop, adam, radam, sam float64) map[string]float64 {
	return map[string]float64{"sgd": sgd, "gd": sgd, "momentum": momentum, "nesterov": nesterov, "adagrad": adagrad,
		"rmsprop": rmsprop, "adam": adam, "radam": radam, "sam": sam, "newton": 1}
}

// PresetFor returns the preset of a surface; surfaces without a hand-tuned
// one get rates from the curvature at the start and the window size.
func PresetFor(s surfaces.Surface) Preset {
	if p, ok := presets[s.Name()]; ok {
		return p
	}
	lo, hi := s.Bounds()
	width := math.Inf(1)
	for i := range lo {
		width = math.Min(width, hi[i]-lo[i])
	}
	L := curvature(s)
	gd := 0.5 / L
	adaptive := 0.01 * width
	return Preset{Steps: 500, LR: map[string]float64{
		"sgd": gd, "gd": gd, "momentum": gd / 5, "nesterov": gd / 5, "adagrad": 10 * adaptive,
		"rmsprop": adaptive, "adam": 2 * adaptive, "radam": 2 * adaptive, "newton": 1, "sam": gd,
	}}
}

// curvature estimates the largest |Hessian eigenvalue| over the start and
// the listed minima by power iteration-free bound: the max absolute row sum
// (Gershgorin), floored at 1e-3.
func curvature(s surfaces.Surface) float64 {
	pts := [][]float64{s.Start()}
	for _, m := range s.Minima() {
		pts = append(pts, m.X)
	}
	n := s.Dim()
	L := 1e-3
	h := newSym(n)
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

func newSym(n int) *mat.SymDense { return mat.NewSymDense(n, nil) }
