package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharpnessBadCases are the bad inputs of test_shift, the sharpness block
// and optlab sharpness (run by TestBadInput).
func sharpnessBadCases() []badCase {
	runC := []string{"run", "c.yaml"}
	noEnd := `{"name":"x","surface":"rosenbrock","dim":2,"start":[0,0],"steps":0,"seed":1,"repeats":1,"record_every":1,"f_star":0,` +
		`"runs":[{"label":"a","optimizer":"sgd","lr":0.1,"steps":0,"status":"max_steps","final_loss":null,"final_grad_norm":null,"final_x":null,"distance_to_min":null,"repeats":1}]}`
	return []badCase{
		{name: "sharpness rho 0", files: cfg(ok, "optimizers: [sgd]", "sharpness: {rho: 0}"), args: runC, code: 2,
			want: []string{"sharpness.rho: must be > 0 and finite, got 0"}},
		{name: "sharpness rho negative", files: cfg(ok, "optimizers: [sgd]", "sharpness: {rho: -0.1, epsilon: 0}"), args: runC, code: 2,
			want: []string{"sharpness.rho: must be > 0 and finite, got -0.1", "sharpness.epsilon: must be > 0 and finite, got 0"}},
		{name: "sharpness restarts 0", files: cfg(ok, "optimizers: [sgd]", "sharpness: {restarts: 0}"), args: runC, code: 2,
			want: []string{"sharpness.restarts: must be ≥ 1, got 0"}},
		{name: "sharpness unknown key", files: cfg(ok, "optimizers: [sgd]", "sharpness: {roh: 0.1}"), args: runC, code: 2,
			want: []string{`sharpness.roh: unknown key (did you mean "rho"?)`}},
		{name: "test_shift of the wrong dimension", files: cfg("surface: {name: sharpflat, test_shift: [0.1, 0.2, 0.3]}", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"surface.test_shift: must have 2 coordinates for sharpflat, got 3"}},
		{name: "test_shift not finite", files: cfg("surface: {name: sharpflat, test_shift: [.nan, 0]}", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"surface.test_shift[0]: must be finite, got NaN"}},
		{name: "test_shift empty", files: cfg("surface: {name: sharpflat, test_shift: []}", "optimizers: [sgd]", "output: {dir: out}"), args: runC, code: 2,
			want: []string{"surface.test_shift: must have 2 coordinates for sharpflat, got 0"}},
		{name: "sharpness of a folder with no end points", dirs: []string{"out"}, files: map[string]string{"out/summary.json": noEnd},
			args: []string{"sharpness", "out"}, code: 2, want: []string{"out: no end points"}},
		{name: "sharpness of a folder without summary.json", dirs: []string{"empty"}, args: []string{"sharpness", "empty"}, code: 2,
			want: []string{"empty: no summary.json"}},
		{name: "sharpness --config missing", dirs: []string{"out"}, files: map[string]string{"out/summary.json": noEnd},
			args: []string{"sharpness", "out", "--config", "nope.yaml"}, code: 2, want: []string{"--config: nope.yaml: no such file"}},
		{name: "sharpness --rho 0", dirs: []string{"out"}, files: map[string]string{"out/summary.json": noEnd},
			args: []string{"sharpness", "out", "--rho", "0"}, code: 2, want: []string{"--rho: must be > 0 and finite, got 0"}},
	}
}

// TestSharpnessCommandAgreesWithRun: optlab sharpness re-measures what
// run put in summary.json, bit for bit, from the folder alone (also after
// the config that made it is gone); on sharpflat the sharp minimum's λmax
// is ≥ 20× the flat one's; a test shift gives train loss, test loss and gap.
func TestSharpnessCommandAgreesWithRun(t *testing.T) {
	clearOptlabEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	conf := "surface: {name: sharpflat, test_shift: [0.2, 0.1]}\nsteps: 300\nstop: {loss_gap: 1.0e-12}\n" +
		"optimizers:\n  - {name: sgd, label: small, lr: 0.05}\n  - {name: sgd, label: large, lr: 0.3}\noutput: {dir: out}\n"
	if err := os.WriteFile("c.yaml", []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := execCLI(t, "run", "c.yaml"); code != 0 || !strings.Contains(stdout, "test loss") {
		t.Fatalf("run: exit %d, the table has no test loss column\n%s%s", code, stdout, stderr)
	}
	if err := os.Remove("c.yaml"); err != nil {
		t.Fatal(err)
	}
	var sum struct {
		Runs []struct {
			Label      string
			NearestMin string   `json:"nearest_min"`
			TrainLoss  *float64 `json:"train_loss"`
			Test       *float64 `json:"test_loss"`
			GapV       *float64 `json:"gap"`
			Sharpness  map[string]any
		}
	}
	b, err := os.ReadFile(filepath.Join("out", "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := execCLI(t, "sharpness", "out", "--json")
	if code != 0 {
		t.Fatalf("sharpness: exit %d\n%s", code, stderr)
	}
	var got sharpnessJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	lambda := map[string]float64{}
	for i, r := range sum.Runs {
		if r.TrainLoss == nil || r.Test == nil || r.GapV == nil || math.Abs(*r.GapV-(*r.Test-*r.TrainLoss)) > 1e-15 {
			t.Errorf("%s: train_loss %v, test_loss %v, gap %v", r.Label, r.TrainLoss, r.Test, r.GapV)
		}
		s := got.Runs[i].Sharpness
		if got.Runs[i].Label != r.Label || s.LambdaMax == nil || *s.LambdaMax != r.Sharpness["lambda_max"].(float64) ||
			s.SAM == nil || *s.SAM != r.Sharpness["sam"].(float64) || *s.Keskar != r.Sharpness["keskar"].(float64) {
			t.Errorf("%s: sharpness %+v, summary.json %v", r.Label, s, r.Sharpness)
			continue
		}
		lambda[r.NearestMin] = *s.LambdaMax
	}
	if lambda["sharp"] < 20*lambda["flat"] || lambda["flat"] <= 0 {
		t.Errorf("λmax sharp %g, flat %g: want ≥ 20×", lambda["sharp"], lambda["flat"])
	}
	code, stdout, _ = execCLI(t, "sharpness", "out")
	if code != 0 || !strings.Contains(stdout, "λmax") || !strings.Contains(stdout, "small") {
		t.Errorf("table: exit %d\n%s", code, stdout)
	}
}
