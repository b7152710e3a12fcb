package optimizers_test

import (
	"fmt"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/surfaces"
)

// Adam with lr 0.05 takes its first steps on Rosenbrock's banana valley
// (the first rows of testdata/reference/adam_rosenbrock.csv). The first step
// moves every coordinate by lr·|g|/(|g| + eps) ≈ lr, whatever the gradient's
// size.
func Example() {
	opt, err := optimizers.New(optimizers.Config{Name: "adam", Values: map[string]float64{"lr": 0.05}})
	if err != nil {
		panic(err)
	}
	f := surfaces.Rosenbrock{A: 1, B: 100}
	x := f.Start()
	g := make([]float64, len(x))
	opt.Init(len(x))
	for t := 1; t <= 5; t++ {
		f.Grad(g, x)
		if err := opt.Step(x, g, t, 0.05, f); err != nil {
			panic(err)
		}
		fmt.Printf("step %d: x = (%.6f, %.6f), loss %.4f\n", t, x[0], x[1], f.Loss(x))
	}
	// Output:
	// step 1: x = (-1.150000, 1.050000), loss 12.0481
	// step 2: x = (-1.102111, 1.098076), loss 5.7778
	// step 3: x = (-1.059068, 1.141354), loss 4.2787
	// step 4: x = (-1.024294, 1.175698), loss 5.6985
	// step 5: x = (-1.000378, 1.197600), loss 7.8762
}
