package surfaces_test

import (
	"fmt"
	"log"

	"github.com/optlab/optlab/internal/surfaces"
	"gonum.org/v1/gonum/mat"
)

// The sharp and flat minima of the default sharpflat surface: same loss,
// curvatures 25 apart.
func Example() {
	s, err := surfaces.New("sharpflat", nil, 0)
	if err != nil {
		log.Fatal(err)
	}
	h := mat.NewSymDense(s.Dim(), nil)
	var es mat.EigenSym
	for _, m := range s.Minima()[:2] { // sharp and flat; the third is the saddle
		s.Hessian(h, m.X)
		es.Factorize(h, false)
		ev := es.Values(nil)
		fmt.Printf("%-5s at %v: f = %g, largest curvature %.6g\n", m.Name, m.X, m.Value, ev[len(ev)-1])
	}
	// Output:
	// sharp at [-1.5 0]: f = 0, largest curvature 25
	// flat  at [1.5 0]: f = 0, largest curvature 1
}

func ExampleNew() {
	s, err := surfaces.New("styblinskitang", nil, 3)
	if err != nil {
		log.Fatal(err)
	}
	m := s.Minima()[0]
	g := make([]float64, s.Dim())
	s.Grad(g, m.X)
	fmt.Printf("%s: dim %d, start %v\n", s.Name(), s.Dim(), s.Start())
	fmt.Printf("%s minimum %.5f at x_i = %.6f, |∂f/∂x_0| < 1e-12: %v\n", m.Name, m.Value, m.X[0], g[0] < 1e-12 && g[0] > -1e-12)

	_, err = surfaces.New("rastrigin", map[string]float64{"A": -1}, 2)
	fmt.Println(err)
	// Output:
	// styblinskitang: dim 3, start [0.5 -0.5 0.5]
	// global minimum -117.49850 at x_i = -2.903534, |∂f/∂x_0| < 1e-12: true
	// surfaces: rastrigin.A: must be > 0, got -1
}

func ExampleNames() {
	fmt.Println(surfaces.Names())
	// Output:
	// [ackley beale booth deepquadratic escape goldsteinprice halfpipe himmelblau matyas monkeysaddle quadratic rastrigin rosenbrock saddle sharpflat sixhump sphere styblinskitang threehump]
}
