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
	// testdata/extra: more cases of the same kinds, made by testdata/extra/gen.py.
	extra, _ := filepath.Glob("../../testdata/extra/*.yaml")
	cases = append(cases, extra...)
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
			for i, w := range want {
				g := got[i]
				if g["step"] != w["step"] {
					t.Fatalf("row %d: step %v, want %v", i, g["step"], w["step"])
				}
				for _, col := range []string{"x0", "x1", "loss"} {
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
