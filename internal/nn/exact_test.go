package nn

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/optimizers"
)

// refCase is one training of testdata/data/torch_reference.py.
type refCase struct {
	Case struct {
		Name  string `json:"name"`
		Data  string `json:"data"`
		Model struct {
			Kind       string `json:"kind"`
			Hidden     []int  `json:"hidden"`
			Activation string `json:"activation"`
			BatchNorm  bool   `json:"batchnorm"`
		} `json:"model"`
		Optimizer struct {
			Name string  `json:"name"`
			LR   float64 `json:"lr"`
		} `json:"optimizer"`
		Batch  int `json:"batch"`
		Ghost  int `json:"ghost"`
		Epochs int `json:"epochs"`
	} `json:"case"`
	BatchLoss []float64 `json:"batch_loss"`
	Params    []float64 `json:"params"`
	TrainLoss float64   `json:"train_loss"`
	TestLoss  float64   `json:"test_loss"`
	TrainAcc  *float64  `json:"train_acc"`
	TestAcc   *float64  `json:"test_acc"`
}

const refDir = "../../testdata/data"

func readSet(t *testing.T, path, target string, classify bool) *data.Set {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := data.ReadCSV(f, filepath.Base(path), target, classify)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*max(math.Abs(a), math.Abs(b), 1e-12)
}

// TestExactToTorch trains every reference case as the lab does — Next,
// the first Grad on the batch, the optimizer's Step — and compares every
// batch loss, the final parameters and the evaluation-mode metrics with
// torch.nn / torch.optim's, to 1e-7 relative.
func TestExactToTorch(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(refDir, "*.json"))
	if len(files) < 7 {
		t.Fatalf("%d reference cases in %s", len(files), refDir)
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var rc refCase
		if err := json.Unmarshal(raw, &rc); err != nil {
			t.Fatal(err)
		}
		c := rc.Case
		t.Run(c.Name, func(t *testing.T) {
			classify := c.Model.Kind != Linear
			target := map[bool]string{true: "label", false: "y"}[classify]
			train := readSet(t, filepath.Join(refDir, c.Data+"-train.csv"), target, classify)
			test := readSet(t, filepath.Join(refDir, c.Data+"-test.csv"), target, classify)
			out := train.Classes
			if !classify {
				out = 1
			}
			net := mustNet(t, Spec{Kind: c.Model.Kind, In: train.D, Out: out, Hidden: c.Model.Hidden,
				Activation: c.Model.Activation, BatchNorm: c.Model.BatchNorm})
			f, err := os.Open(filepath.Join(refDir, c.Name+"-init.txt"))
			if err != nil {
				t.Fatal(err)
			}
			init, err := ReadParams(f, c.Name+"-init.txt", net.NumParams(), net.Describe())
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			p := NewProblem(net, train, test, c.Batch, c.Ghost, false, init, 0)
			s := p.NewStream(1)
			opt, err := optimizers.New(optimizers.Config{Name: c.Optimizer.Name, Values: map[string]float64{"lr": c.Optimizer.LR}})
			if err != nil {
				t.Fatal(err)
			}
			x := p.Start()
			g := make([]float64, len(x))
			opt.Init(len(x))
			steps := c.Epochs * p.StepsPerEpoch()
			if steps != len(rc.BatchLoss) {
				t.Fatalf("%d steps, torch took %d", steps, len(rc.BatchLoss))
			}
			worst := 0.0
			for k := 1; k <= steps; k++ {
				s.Next()
				s.Grad(g, x)
				bl := s.BatchLoss()
				worst = max(worst, math.Abs(bl-rc.BatchLoss[k-1])/math.Abs(rc.BatchLoss[k-1]))
				if !relClose(bl, rc.BatchLoss[k-1], 1e-7) {
					t.Fatalf("step %d: batch loss %.15g, torch %.15g", k, bl, rc.BatchLoss[k-1])
				}
				if err := opt.Step(x, g, k, c.Optimizer.LR, s); err != nil {
					t.Fatal(err)
				}
			}
			for i := range x {
				if math.Abs(x[i]-rc.Params[i]) > 1e-7*max(1, math.Abs(rc.Params[i])) {
					t.Errorf("param %d: %.15g, torch %.15g", i, x[i], rc.Params[i])
				}
			}
			m := s.Metrics(x)
			if !relClose(m[0], rc.TrainLoss, 1e-7) || !relClose(m[1], rc.TestLoss, 1e-7) {
				t.Errorf("eval losses %.15g %.15g, torch %.15g %.15g", m[0], m[1], rc.TrainLoss, rc.TestLoss)
			}
			if classify && (m[2] != *rc.TrainAcc || m[3] != *rc.TestAcc) {
				t.Errorf("accuracies %v %v, torch %v %v", m[2], m[3], *rc.TrainAcc, *rc.TestAcc)
			}
			t.Logf("%d steps, worst batch-loss relative error %.2g", steps, worst)
		})
	}
}
