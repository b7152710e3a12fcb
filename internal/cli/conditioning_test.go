package cli

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// docs/conditioning.md and configs/halfpipe.yaml give per-step rates for
// GD, heavy-ball momentum and Nesterov derived from the settings used;
// this checks the derivation against the run: the loss of each method
// shrinks per step by the square of the slowest eigen-direction's factor.
func TestHalfpipeRatesMatchTheDerivation(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hp")
	if code, _, stderr := run(t, "run", "../../configs/halfpipe.yaml", "--out", dir, "-q"); code != ExitOK {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	loss := readLosses(t, filepath.Join(dir, "trace.csv"))
	// The settings the run used, from its summary.json, so that a change
	// of the config is checked against the same derivation.
	sf, err := os.Open(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer sf.Close()
	sum, err := trace.ReadSummary(sf)
	if err != nil {
		t.Fatal(err)
	}
	kappa := sum.SurfaceParams["kappa"]
	hyper := map[string]map[string]float64{}
	for _, r := range sum.Runs {
		hyper[r.Label] = map[string]float64{}
		for k, v := range r.Hyper {
			if f, ok := v.(float64); ok {
				hyper[r.Label][k] = f
			}
		}
	}
	gdLR := hyper["gd"]["lr"]
	hbLR, hbAlpha := hyper["momentum"]["lr"], hyper["momentum"]["momentum"]
	nLR, nAlpha := hyper["nesterov"]["lr"], hyper["nesterov"]["momentum"]
	if kappa != 50 || gdLR == 0 || hbAlpha == 0 || nAlpha == 0 {
		t.Fatalf("settings read: κ %g, %v (the docs' numbers are for κ = 50)", kappa, hyper)
	}
	maxAbsRoot := func(b, c float64) float64 { // of z² − b·z + c
		d := b*b - 4*c
		if d < 0 {
			return math.Sqrt(c)
		}
		return math.Max(math.Abs((b+math.Sqrt(d))/2), math.Abs((b-math.Sqrt(d))/2))
	}
	slowest := func(f func(h float64) float64, lr float64) float64 {
		return math.Max(f(lr*1), f(lr*kappa))
	}
	want := map[string]float64{
		"gd":       math.Pow(slowest(func(h float64) float64 { return math.Abs(1 - h) }, gdLR), 2),
		"momentum": math.Pow(slowest(func(h float64) float64 { return maxAbsRoot(1+hbAlpha-h, hbAlpha) }, hbLR), 2),
		"nesterov": math.Pow(slowest(func(h float64) float64 { return maxAbsRoot((1+nAlpha)*(1-h), nAlpha*(1-h)) }, nLR), 2),
	}
	for label, w := range want {
		l := loss[label]
		if len(l) < 101 {
			t.Fatalf("%s: %d rows", label, len(l))
		}
		got := math.Pow(l[100]/l[20], 1.0/80) // past the start-up transient
		if math.Abs(got-w) > 0.02 {
			t.Errorf("%s: loss shrinks by %.4f per step, the derivation says %.4f", label, got, w)
		}
		t.Logf("%s: measured %.4f per step, derived %.4f", label, got, w)
	}
	// The doc's rounded claims: 1 − 2/κ, 1 − 2/√κ and 1 − 1/√κ on the distance.
	for label, approx := range map[string]float64{"gd": 1 - 2/kappa, "momentum": 1 - 2/math.Sqrt(kappa), "nesterov": 1 - 1/math.Sqrt(kappa)} {
		if r := math.Sqrt(want[label]); math.Abs(r-approx) > 0.06 {
			t.Errorf("%s: per-step factor %.3f is not ≈ %.3f as the docs say", label, r, approx)
		}
	}
}

func readLosses(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "loss" {
			col = i
		}
	}
	out := map[string][]float64{}
	for _, r := range rows[1:] {
		v, _ := strconv.ParseFloat(r[col], 64)
		out[r[0]] = append(out[r[0]], v)
	}
	return out
}
