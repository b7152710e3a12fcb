package plotting

import (
	"math"
	"testing"
)

// noiseData is a measurement like `optlab noise` makes: a noise level
// falling as 1/√m, with a finite-sum bend towards m = N, where it is 0.
func noiseData(examples int) NoiseMeasurement {
	m := NoiseMeasurement{Model: "gaussian", Samples: 500, Slope: -0.5, Intercept: math.Log(3)}
	bs := []int{1, 2, 4, 8, 16, 32, 64, 128, 256}
	if examples > 0 {
		m.Model, m.Examples, m.Slope = "finite_sum", examples, -0.56
		bs = append(bs, 384, examples)
	}
	for k, b := range bs {
		s := 3 / math.Sqrt(float64(b)) * (1 + 0.03*math.Sin(float64(k)))
		if n := float64(examples); n > 0 {
			s *= math.Sqrt((n - float64(b)) / (n - 1))
		}
		m.Batches, m.Std = append(m.Batches, b), append(m.Std, s)
	}
	return m
}

func TestNoiseFigure(t *testing.T) {
	for name, m := range map[string]NoiseMeasurement{
		"noise_gaussian.png":   noiseData(0),
		"noise_finite_sum.png": noiseData(512),
	} {
		p, err := NoiseFigure(m)
		if err != nil {
			t.Fatal(err)
		}
		renderSmoothingPNG(t, p, name)
	}
	if _, err := NoiseFigure(NoiseMeasurement{Batches: []int{1}, Std: []float64{0}}); err == nil {
		t.Error("a figure without data was drawn")
	}
}
