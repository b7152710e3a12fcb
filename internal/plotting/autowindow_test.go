package plotting

import (
	"math"
	"testing"

	"github.com/optlab/optlab/internal/trace"
)

// Item 8 of issue 8: with AutoWindow a noise cloud (SGD with noisy
// gradients at Rosenbrock's minimum, as `compare sgd --noise 0.5 --start
// 1,1 --window auto`) fills the panel instead of a speck in the default
// window.
func TestAutoWindowFitsNoiseCloud(t *testing.T) {
	s := rosenbrock()
	runs := []trace.Run{descend(s, "sgd", "gd", []float64{1, 1}, 1e-3, 500, 0.5, 3)}
	cloud := box{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for _, p := range runs[0].Points {
		cloud.X0, cloud.X1 = math.Min(cloud.X0, p.X[0]), math.Max(cloud.X1, p.X[0])
		cloud.Y0, cloud.Y1 = math.Min(cloud.Y0, p.X[1]), math.Max(cloud.Y1, p.X[1])
	}
	area := func(o TrajectoryOptions) float64 {
		p, err := Trajectory(s.Landscape, runs, o)
		if err != nil {
			t.Fatal(err)
		}
		if p.X.Min > cloud.X0 || p.X.Max < cloud.X1 || p.Y.Min > cloud.Y0 || p.Y.Max < cloud.Y1 {
			t.Errorf("window [%g, %g]×[%g, %g] cuts the cloud %+v", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max, cloud)
		}
		return (p.X.Max - p.X.Min) * (p.Y.Max - p.Y.Min)
	}
	def, auto := area(TrajectoryOptions{}), area(TrajectoryOptions{AutoWindow: true})
	ca := (cloud.X1 - cloud.X0) * (cloud.Y1 - cloud.Y0)
	t.Logf("cloud %.3g, auto window %.3g, default window %.3g", ca, auto, def)
	if !(ca > 0) {
		t.Fatal("no cloud: the noise did not move the run")
	}
	if auto > def/100 {
		t.Errorf("auto window's area %.3g is not small beside the default's %.3g", auto, def)
	}
	// Equal axis scales enlarge one side; the cloud still fills a good
	// share of the panel (in the default window it is a speck).
	if ca < 0.2*auto {
		t.Errorf("the cloud fills %.0f%% of the auto window", 100*ca/auto)
	}
	if ca > 0.001*def {
		t.Errorf("the cloud fills %.2g%% of the default window: not the concentrated case this checks", 100*ca/def)
	}
}
