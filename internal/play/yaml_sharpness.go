package play

import (
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
)

// floatList is a flow list of exactly round-tripping numbers.
func floatList(v []float64) string {
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = mustNum(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// writeSharpness writes the sharpness block as given (absent: nothing).
func writeSharpness(b *strings.Builder, s *config.SharpnessSpec) {
	if s == nil {
		return
	}
	if *s == (config.SharpnessSpec{}) {
		b.WriteString("sharpness: {}\n") // given, with every default
		return
	}
	b.WriteString("sharpness:\n")
	if s.Skip {
		kv(b, 1, "skip", "true")
	}
	for _, f := range []struct {
		key string
		v   *float64
	}{{"rho", s.Rho}, {"epsilon", s.Epsilon}} {
		if f.v != nil {
			kv(b, 1, f.key, mustNum(*f.v))
		}
	}
	for _, f := range []struct {
		key string
		v   *int
	}{{"restarts", s.Restarts}, {"ascent_steps", s.AscentSteps}, {"iterations", s.Iterations}, {"samples", s.Samples}} {
		if f.v != nil {
			kv(b, 1, f.key, strconv.Itoa(*f.v))
		}
	}
}
