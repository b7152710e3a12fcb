package optimizers

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestScheduleConstant(t *testing.T) {
	for _, step := range []int{0, 1, 7, 1000} {
		if got := (Schedule{}).Rate(0.3, step); got != 0.3 {
			t.Errorf("zero Schedule: Rate(0.3, %d) = %g", step, got)
		}
	}
}

// TestScheduleWarmupStep is the schedule of adam_warmup_step_rosenbrock:
// warm-up over 20 updates from 0.1·lr, then ×0.5 every 100 updates.
func TestScheduleWarmupStep(t *testing.T) {
	s := Schedule{Warmup: &Warmup{Steps: 20, StartFactor: 0.1}, Decay: &Decay{Kind: "step", StepSize: 100, Gamma: 0.5}}
	for _, c := range []struct {
		t    int
		want float64
	}{
		{0, 0.005}, {1, 0.05 * (0.1 + 0.9/20)}, {10, 0.0275}, {19, 0.05 * (0.1 + 0.9*19/20)},
		{20, 0.05}, {99, 0.05}, {100, 0.025}, {199, 0.025}, {200, 0.0125}, {299, 0.0125},
	} {
		if got := s.Rate(0.05, c.t); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Rate(0.05, %d) = %.17g, want %.17g", c.t, got, c.want)
		}
	}
	for step := 0; step < 300; step++ {
		want := 0.05 * (0.1 + 0.9*math.Min(float64(step), 20)/20) * math.Pow(0.5, math.Floor(float64(step)/100))
		if got := s.Rate(0.05, step); math.Abs(got-want) > 1e-16 {
			t.Errorf("Rate(0.05, %d) = %g, want %g", step, got, want)
		}
	}
}

func TestScheduleExp(t *testing.T) {
	s := Schedule{Decay: &Decay{Kind: "exp", Gamma: 0.9}}
	for step, want := range []float64{2, 1.8, 1.62, 1.458} {
		if got := s.Rate(2, step); math.Abs(got-want) > 1e-15 {
			t.Errorf("Rate(2, %d) = %.17g, want %g", step, got, want)
		}
	}
}

func TestScheduleCosine(t *testing.T) {
	s := Schedule{Decay: &Decay{Kind: "cosine", TotalSteps: 100, MinLR: 0.001}}
	for _, c := range []struct {
		t    int
		want float64
	}{
		{0, 0.1}, {25, 0.001 + 0.099*(1+math.Sqrt(0.5))/2}, {50, 0.0505}, {100, 0.001}, {150, 0.001},
	} {
		if got := s.Rate(0.1, c.t); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("cosine Rate(0.1, %d) = %.17g, want %.17g", c.t, got, c.want)
		}
	}
	s.Warmup = &Warmup{Steps: 10, StartFactor: 0.1}
	for step := 0; step <= 120; step++ {
		cos := 0.001 + 0.099*(1+math.Cos(math.Pi*math.Min(float64(step), 100)/100))/2
		want := cos * (0.1 + 0.9*math.Min(float64(step), 10)/10)
		if got := s.Rate(0.1, step); math.Abs(got-want) > 1e-16 {
			t.Errorf("warm-up + cosine Rate(0.1, %d) = %g, want %g", step, got, want)
		}
	}
}

// TestScheduleBounded: with factors ≤ 1 and min_lr ≤ lr the rate stays in
// (0, lr], and it never depends on anything but t.
func TestScheduleBounded(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		lr := rapid.Float64Range(1e-6, 10).Draw(rt, "lr")
		s := Schedule{}
		if rapid.Bool().Draw(rt, "warmup") {
			s.Warmup = &Warmup{Steps: rapid.IntRange(0, 50).Draw(rt, "W"), StartFactor: rapid.Float64Range(0.01, 1).Draw(rt, "f")}
		}
		switch rapid.SampledFrom([]string{"", "step", "exp", "cosine"}).Draw(rt, "kind") {
		case "step":
			s.Decay = &Decay{Kind: "step", StepSize: rapid.IntRange(1, 50).Draw(rt, "s"), Gamma: rapid.Float64Range(0.1, 1).Draw(rt, "γ")}
		case "exp":
			s.Decay = &Decay{Kind: "exp", Gamma: rapid.Float64Range(0.9, 1).Draw(rt, "γ")}
		case "cosine":
			s.Decay = &Decay{Kind: "cosine", TotalSteps: rapid.IntRange(1, 200).Draw(rt, "T"), MinLR: lr * rapid.Float64Range(0.001, 1).Draw(rt, "m")}
		}
		step := rapid.IntRange(0, 300).Draw(rt, "t")
		if r := s.Rate(lr, step); !(r > 0 && r <= lr*(1+1e-15)) || r != s.Rate(lr, step) {
			rt.Fatalf("Rate(%g, %d) = %g", lr, step, r)
		}
	})
}

func TestScheduleKinds(t *testing.T) {
	have := map[string]bool{}
	for _, k := range ScheduleKinds() {
		if k.Summary == "" || k.Formula == "" || k.Keys == "" {
			t.Errorf("%s: incomplete", k.Name)
		}
		have[k.Name] = true
	}
	for _, k := range append(DecayKinds(), "warmup") {
		if !have[k] {
			t.Errorf("ScheduleKinds lacks %s", k)
		}
	}
}
