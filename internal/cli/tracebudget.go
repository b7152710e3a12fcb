package cli

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
)

// autoTraceRows is the trace.csv size (rows over all runs, about 100 MB in
// two dimensions) past which run and compare keep only every k-th step,
// unless record_every was given: a 5·10⁶-step run would otherwise write
// half a gigabyte nobody asked for. The figures do not change (they keep
// a bounded number of points per run anyway).
const autoTraceRows = 1_000_000

// recordEvery says how the command takes record_every, so the messages
// about it name what the user can type.
type recordEvery struct {
	Flag string // "--record-every" on compare; "record_every (--record-every)" on run
	Set  bool   // given explicitly: never changed automatically
}

// runRecordEvery: on run, record_every is explicit when the flag or the
// environment gives it (a file's value other than 1 counts too, see
// traceBudget).
func runRecordEvery(fs *pflag.FlagSet) recordEvery {
	set := fs != nil && fs.Changed("record-every")
	if _, ok := os.LookupEnv("OPTLAB_RECORD_EVERY"); ok {
		set = true
	}
	return recordEvery{Flag: "record_every (--record-every)", Set: set}
}

// traceRows is how many rows trace.csv gets at record_every k, as
// lab.CheckWork counts them (step 0, every k-th, the last).
func traceRows(e *lab.Experiment, k int) float64 {
	return float64(e.RunCount()) * (math.Floor(float64(e.Steps)/float64(k)) + 2)
}

// traceBytes is the rough size of those rows (as lab.CheckWork estimates).
func traceBytes(e *lab.Experiment, rows float64) float64 {
	return rows * (40 + 20*float64(len(e.Start)))
}

// traceBudget keeps trace.csv to a size the user expects. When record_every
// was not given and the trace would pass autoTraceRows, it chooses a
// stride (1, 2 or 5 × 10ⁿ) that keeps it under, and says so on stderr;
// when it was given and the trace would pass lab.MaxTraceRows, it refuses
// naming the command's flag (unless force).
func traceBudget(ios *IOStreams, f *config.File, e *lab.Experiment, re recordEvery, force, quiet bool) error {
	k := max(e.RecordEvery, 1)
	rows := traceRows(e, k)
	explicit := re.Set || k != 1
	if re.Flag == "" {
		re.Flag = "--record-every"
	}
	if explicit {
		if rows > lab.MaxTraceRows && !force {
			need := niceStride(math.Ceil(float64(e.RunCount()) * float64(e.Steps) / lab.MaxTraceRows))
			return usageErrorf("%s: %d would write about %.3g rows (%s) to trace.csv; use %d or more, or pass --force to run it anyway",
				re.Flag, k, rows, humanBytes(traceBytes(e, rows)), need)
		}
		return nil
	}
	if rows <= autoTraceRows {
		return nil
	}
	k = niceStride(math.Ceil(float64(e.RunCount()) * float64(e.Steps) / autoTraceRows))
	e.RecordEvery, f.RecordEvery = k, k
	if !quiet {
		flag := re.Flag
		if i := strings.Index(flag, "--"); i >= 0 {
			flag = strings.TrimSuffix(flag[i:], ")")
		}
		fmt.Fprintf(ios.Err, "note: every step would write %.3g rows (%s) to trace.csv; recording one step in %d (%s %d; %s 1 keeps them all)\n",
			rows, humanBytes(traceBytes(e, rows)), k, flag, k, flag)
	}
	return nil
}

// niceStride rounds k up to 1, 2 or 5 × 10ⁿ, a stride people can read
// off the step column.
func niceStride(k float64) int {
	if k <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(k)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= k {
			return int(m * p)
		}
	}
	return int(10 * p)
}

func humanBytes(b float64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
	return fmt.Sprintf("%.0f kB", b/1e3)
}

// compareDir is compare's default output folder, named after what was
// compared — out/compare-SURFACE-OPT1-OPT2…, with -noise for stochastic
// gradients — so that compares on one surface do not overwrite each other.
func compareDir(o *CompareOptions) string {
	surface := o.Surface
	if strings.HasPrefix(surface, "expr:") { // an expression is no folder name
		surface = "expr"
	}
	parts := []string{"compare", surface}
	seen := map[string]bool{}
	for _, name := range o.Optimizers {
		if !seen[name] {
			seen[name] = true
			parts = append(parts, name)
		}
	}
	if o.Sigma != 0 || o.NoiseModel != "" {
		parts = append(parts, "noise")
	}
	return filepath.Join("out", strings.Join(parts, "-"))
}
