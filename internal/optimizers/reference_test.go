package optimizers

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/optlab/optlab/internal/surfaces"
)

// refCase mirrors testdata/reference/NAME.yaml.
type refCase struct {
	name     string
	surface  surfaces.Surface
	start    []float64
	steps    int
	opt      Config
	schedule Schedule
}

var rosen = surfaces.Rosenbrock{A: 1, B: 100}

func refCases() []refCase {
	start := []float64{-1.2, 1.0}
	vals := func(kv ...any) map[string]float64 {
		m := map[string]float64{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1].(float64)
		}
		return m
	}
	return []refCase{
		{"sgd_rosenbrock", rosen, start, 200, Config{Name: "sgd", Values: vals("lr", 0.001)}, Schedule{}},
		{"sgd_halfpipe", surfaces.Halfpipe{Kappa: 20, Angle: 0}, []float64{-4, 1.5}, 100,
			Config{Name: "sgd", Values: vals("lr", 0.09)}, Schedule{}},
		{"momentum_common_rosenbrock", rosen, start, 200, Config{Name: "momentum",
			Values: vals("lr", 0.001, "momentum", 0.9), Choices: map[string]string{"form": "common"}}, Schedule{}},
		{"momentum_ewma_rosenbrock", rosen, start, 200, Config{Name: "momentum",
			Values: vals("lr", 0.005, "momentum", 0.9), Choices: map[string]string{"form": "ewma"}}, Schedule{}},
		{"momentum_standard_rosenbrock", rosen, start, 200, Config{Name: "momentum",
			Values: vals("lr", 0.001, "momentum", 0.9), Choices: map[string]string{"form": "standard"}}, Schedule{}},
		{"nesterov_rosenbrock", rosen, start, 200, Config{Name: "nesterov", Values: vals("lr", 0.001, "momentum", 0.9)}, Schedule{}},
		{"adagrad_rosenbrock", rosen, start, 200, Config{Name: "adagrad", Values: vals("lr", 0.5)}, Schedule{}},
		{"rmsprop_rosenbrock", rosen, start, 200, Config{Name: "rmsprop", Values: vals("lr", 0.01, "rho", 0.99)}, Schedule{}},
		{"adam_rosenbrock", rosen, start, 300, Config{Name: "adam", Values: vals("lr", 0.05)}, Schedule{}},
		{"adam_eps_inside_rosenbrock", rosen, start, 200, Config{Name: "adam", Values: vals("lr", 0.02, "eps", 1e-8),
			Flags: map[string]bool{"eps_inside_sqrt": true}}, Schedule{}},
		{"adam_warmup_step_rosenbrock", rosen, start, 300, Config{Name: "adam", Values: vals("lr", 0.05)},
			Schedule{Warmup: &Warmup{Steps: 20, StartFactor: 0.1}, Decay: &Decay{Kind: "step", StepSize: 100, Gamma: 0.5}}},
		{"radam_rosenbrock", rosen, start, 300, Config{Name: "radam", Values: vals("lr", 0.002)}, Schedule{}},
		{"newton_rosenbrock", rosen, start, 8, Config{Name: "newton", Values: vals("lr", 1.0)}, Schedule{}},
		{"sam_sgd_rosenbrock", rosen, start, 200, Config{Name: "sam", Values: vals("rho", 0.05),
			Base: &Config{Name: "sgd", Values: vals("lr", 0.001)}}, Schedule{}},
	}
}

// readReference reads testdata/reference/NAME.csv: rows step,x0,x1,loss.
func readReference(t *testing.T, name string) [][]float64 {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "reference", name+".csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([][]float64, 0, len(recs)-1)
	for _, rec := range recs[1:] {
		row := make([]float64, len(rec))
		for j, s := range rec {
			if row[j], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatalf("%s.csv: %v", name, err)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func close7(a, b float64) bool { return math.Abs(a-b) <= 1e-7*math.Max(1, math.Abs(b)) }

// TestReference reproduces every reference trajectory at every step.
func TestReference(t *testing.T) {
	for _, c := range refCases() {
		t.Run(c.name, func(t *testing.T) {
			rows := readReference(t, c.name)
			if len(rows) != c.steps+1 {
				t.Fatalf("%d rows, want %d", len(rows), c.steps+1)
			}
			h, err := Resolve(c.opt)
			if err != nil {
				t.Fatal(err)
			}
			opt, err := New(c.opt)
			if err != nil {
				t.Fatal(err)
			}
			n := len(c.start)
			opt.Init(n)
			x := append([]float64(nil), c.start...)
			g := make([]float64, n)
			maxErr := 0.0
			for step := 0; step <= c.steps; step++ {
				if step > 0 {
					c.surface.Grad(g, x)
					if err := opt.Step(x, g, step, c.schedule.Rate(h.LR(), step-1), c.surface); err != nil {
						t.Fatalf("step %d: %v", step, err)
					}
				}
				want := rows[step]
				got := []float64{float64(step), x[0], x[1], c.surface.Loss(x)}
				for j := 1; j < 4; j++ {
					maxErr = math.Max(maxErr, math.Abs(got[j]-want[j])/math.Max(1, math.Abs(want[j])))
					if !close7(got[j], want[j]) {
						t.Fatalf("step %d: got (%.17g, %.17g, loss %.17g), want (%.17g, %.17g, loss %.17g)",
							step, got[1], got[2], got[3], want[1], want[2], want[3])
					}
				}
			}
			t.Logf("max relative error %.2g", maxErr)
		})
	}
}
