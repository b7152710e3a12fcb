package play

import (
	"strconv"
	"strings"

	"github.com/optlab/optlab/internal/config"
)

// sweepYAML writes a config's sweep: block back, so that a playground
// session started from a sweep's config saves a file optlab sweep still
// reads as it was (optlab run ignores the block).
func sweepYAML(b *strings.Builder, s *config.SweepSpec) {
	if s == nil {
		return
	}
	b.WriteString("sweep:\n")
	if s.Protocol != "" {
		kv(b, 1, "protocol", quote(s.Protocol))
	}
	if len(s.Values) > 0 {
		b.WriteString("  values:\n")
	}
	grid := func(g *config.GridSpec) string {
		return "{from: " + mustNum(g.From) + ", to: " + mustNum(g.To) + ", num: " + strconv.Itoa(g.Num) + "}"
	}
	for _, v := range s.Values {
		b.WriteString("    - path: " + quote(v.Path) + "\n")
		switch {
		case v.Log != nil:
			kv(b, 3, "log", grid(v.Log))
		case v.Linear != nil:
			kv(b, 3, "linear", grid(v.Linear))
		default:
			parts := make([]string, len(v.List))
			for i, x := range v.List {
				parts[i] = mustNum(x)
			}
			kv(b, 3, "list", "["+strings.Join(parts, ", ")+"]")
		}
	}
	if s.Repeats != 0 {
		kv(b, 1, "repeats", strconv.Itoa(s.Repeats))
	}
	if len(s.Seeds) > 0 {
		parts := make([]string, len(s.Seeds))
		for i, x := range s.Seeds {
			parts[i] = strconv.FormatUint(x, 10)
		}
		kv(b, 1, "seeds", "["+strings.Join(parts, ", ")+"]")
	}
	if bs := s.Best; bs != nil && *bs == (config.BestSpec{}) {
		kv(b, 1, "best", "{}") // the block with its defaults, not a null (no block)
	} else if bs != nil {
		b.WriteString("  best:\n")
		if bs.Reruns != 0 {
			kv(b, 2, "reruns", strconv.Itoa(bs.Reruns))
		}
		if bs.Objective != "" {
			kv(b, 2, "objective", quote(bs.Objective))
		}
	}
}
