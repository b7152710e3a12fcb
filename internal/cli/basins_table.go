package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/optlab/optlab/internal/trace"
)

// printBasinTable is run's table for a basin experiment: where each
// label's runs ended, the largest share first (the per-run statuses and
// losses of hundreds of starts are in summary.json).
func printBasinTable(w io.Writer, s *trace.Summary) {
	tw := newTable(w, "label", "optimizer", "runs", "ended in (radius "+fmt.Sprintf("%.3g", s.Starts.Radius)+")")
	for _, r := range s.Runs {
		tw.row(r.Label, r.Optimizer, fmt.Sprint(r.Repeats), basinShares(r.Basins))
	}
	tw.flush()
}

// basinShares is "flat 93.7% · sharp 5.1% · none 1.3%".
func basinShares(b map[string]float64) string {
	names := make([]string, 0, len(b))
	for k := range b {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if b[names[i]] != b[names[j]] {
			return b[names[i]] > b[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s %.1f%%", k, 100*b[k])
	}
	return strings.Join(parts, " · ")
}
