package nn

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/optimizers"
)

// gdTrain runs full-batch gradient descent (optimizers' sgd on the exact
// gradient) for steps updates.
func gdTrain(t *testing.T, p *Problem, lr float64, steps int) []float64 {
	t.Helper()
	opt, err := optimizers.New(optimizers.Config{Name: "sgd", Values: map[string]float64{"lr": lr}})
	if err != nil {
		t.Fatal(err)
	}
	x := p.Start()
	g := make([]float64, len(x))
	opt.Init(len(x))
	for k := 1; k <= steps; k++ {
		p.Grad(g, x)
		if err := opt.Step(x, g, k, lr, p); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

// TestLinearReachesLeastSquares: full-batch GD on MSE reaches gonum's
// least-squares solution of [X 1]·[w; b] = y.
func TestLinearReachesLeastSquares(t *testing.T) {
	spec, _ := data.Lookup("linear")
	set, _ := spec.Gen(data.Params{Examples: 200, Noise: 0.5, Features: 3}, 5)
	net := mustNet(t, Spec{Kind: Linear, In: 3, Out: 1})
	p := NewProblem(net, set, nil, set.N, 0, false, nil, 2)
	x := gdTrain(t, p, 0.1, 3000)
	A := mat.NewDense(set.N, 4, nil)
	for r := 0; r < set.N; r++ {
		for j := 0; j < 3; j++ {
			A.Set(r, j, set.X[3*r+j])
		}
		A.Set(r, 3, 1)
	}
	var sol mat.VecDense
	if err := sol.SolveVec(A, mat.NewVecDense(set.N, append([]float64(nil), set.Y...))); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if math.Abs(x[i]-sol.AtVec(i)) > 1e-6 {
			t.Errorf("coefficient %d: GD %.10g, least squares %.10g", i, x[i], sol.AtVec(i))
		}
	}
}

// TestLogisticReachesNewton: full-batch GD on softmax regression reaches
// the optimum Newton's method finds (Hessian built from HessVec columns,
// damped by the tiny ridge the softmax's null direction needs).
func TestLogisticReachesNewton(t *testing.T) {
	spec, _ := data.Lookup("blobs")
	set, _ := spec.Gen(data.Params{Examples: 150, Noise: 2.5, Classes: 3}, 8)
	net := mustNet(t, Spec{Kind: Logistic, In: 2, Out: 3})
	p := NewProblem(net, set, nil, set.N, 0, false, nil, 4)
	n := net.NumParams()
	// Softmax's loss is flat along adding one vector to every class's row,
	// so H is singular there: Newton gets a tiny ridge.
	xn := p.Start()
	g, hv, e := make([]float64, n), make([]float64, n), make([]float64, n)
	H := mat.NewDense(n, n, nil)
	for it := 0; it < 50; it++ {
		p.Grad(g, xn)
		for j := 0; j < n; j++ {
			for i := range e {
				e[i] = 0
			}
			e[j] = 1
			p.HessVec(hv, xn, e)
			H.SetCol(j, hv)
		}
		for i := 0; i < n; i++ {
			H.Set(i, i, H.At(i, i)+1e-8) // the fixed point is still ∇f = 0
		}
		var step mat.VecDense
		if err := step.SolveVec(H, mat.NewVecDense(n, append([]float64(nil), g...))); err != nil {
			t.Fatal(err)
		}
		// Backtracking: a full Newton step can overshoot far from the optimum.
		f0, trial := p.Loss(xn), make([]float64, n)
		for a := 1.0; a > 1e-10; a /= 2 {
			for i := range xn {
				trial[i] = xn[i] - a*step.AtVec(i)
			}
			if p.Loss(trial) <= f0 {
				break
			}
		}
		copy(xn, trial)
	}
	xg := gdTrain(t, p, 0.05, 20000)
	// Compare what is identifiable: the logits' differences to class 0
	// (W and b up to a common shift per input column).
	for _, x := range [][]float64{xn, xg} {
		p.Grad(g, x)
		if nrm := mat.Norm(mat.NewVecDense(n, g), 2); nrm > 1e-7 {
			t.Errorf("gradient norm %.3g at the optimum", nrm)
		} else {
			t.Logf("gradient norm %.3g", nrm)
		}
	}
	for k := 1; k < 3; k++ {
		for j := 0; j < 3; j++ { // W columns 0, 1 and the bias
			at := func(x []float64) float64 {
				if j == 2 {
					return x[6+k] - x[6]
				}
				return x[k*2+j] - x[j]
			}
			if math.Abs(at(xg)-at(xn)) > 1e-6 {
				t.Errorf("class %d, coordinate %d: GD %.10g, Newton %.10g", k, j, at(xg), at(xn))
			}
		}
	}
	if l1, l2 := p.Loss(xg), p.Loss(xn); math.Abs(l1-l2) > 1e-10 {
		t.Errorf("loss GD %.12g, Newton %.12g", l1, l2)
	}
}
