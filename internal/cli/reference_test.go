package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestReferenceTrajectories runs every case of testdata/reference (and
// testdata/extra) through
// `optlab run CASE.yaml --out DIR`, as a user would, and compares DIR's
// trace.csv with the PyTorch/NumPy path at every step.
func TestReferenceTrajectories(t *testing.T) {
	cases, err := filepath.Glob("../../testdata/reference/*.yaml")
	if err != nil || len(cases) < 14 {
		t.Fatalf("reference cases missing: %d found, %v", len(cases), err)
	}
	// testdata/extra: more cases of the same kinds, made by testdata/extra/gen.py;
	// testdata/extra/long: 600-1000 steps of every optimizer ending in a
	// minimum, made by testdata/extra/make_long.py.
	extra, _ := filepath.Glob("../../testdata/extra/*.yaml")
	long, _ := filepath.Glob("../../testdata/extra/long/*.yaml")
	if len(long) < 15 {
		t.Fatalf("long reference cases missing: %d found", len(long))
	}
	cases = append(cases, extra...)
	cases = append(cases, long...)
	for _, yml := range cases {
		name := strings.TrimSuffix(filepath.Base(yml), ".yaml")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			var stdout, stderr bytes.Buffer
			code := Execute(context.Background(), []string{"run", yml, "--out", dir, "-q", "--format", "svg"}, &IOStreams{Out: &stdout, Err: &stderr})
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			want := readCSV(t, strings.TrimSuffix(yml, ".yaml")+".csv")
			got := readCSV(t, filepath.Join(dir, "trace.csv"))
			if len(got) != len(want) {
				t.Fatalf("trace has %d rows, reference %d", len(got), len(want))
			}
			var worst float64 // the largest |difference| over every row and column
			defer func() { t.Logf("%d steps, max |diff| %.3g", len(want)-1, worst) }()
			for i, w := range want {
				g := got[i]
				if g["step"] != w["step"] {
					t.Fatalf("row %d: step %v, want %v", i, g["step"], w["step"])
				}
				for _, col := range []string{"x0", "x1", "loss"} {
					worst = math.Max(worst, math.Abs(g[col]-w[col]))
					if rel := math.Abs(g[col]-w[col]) / math.Max(1, math.Abs(w[col])); rel > 1e-7 {
						t.Fatalf("step %v: %s = %.17g, want %.17g (relative error %.2g)", w["step"], col, g[col], w[col], rel)
					}
				}
			}
		})
	}
}

// readCSV reads a CSV with a header into rows of named numeric columns
// (non-numeric cells, such as the run label, are skipped).
func readCSV(t *testing.T, path string) []map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]float64
	for _, rec := range recs[1:] {
		row := map[string]float64{}
		for i, h := range recs[0] {
			if v, err := strconv.ParseFloat(rec[i], 64); err == nil {
				row[h] = v
			}
		}
		rows = append(rows, row)
	}
	return rows
}
