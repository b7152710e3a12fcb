package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/optlab/optlab/internal/runner"
	"github.com/optlab/optlab/internal/trace"
)

// figureFlags are the figure options run, compare and plot share.
type figureFlags struct {
	Window   string // "x0,x1,y0,y1" or "auto"; "" the surface's window
	LogSteps bool
	X        string // the loss figures' x axis: steps, grad_evals, examples, seconds
}

func addFigureFlags(fs *pflag.FlagSet, f *figureFlags, window bool) {
	if window {
		fs.StringVar(&f.Window, "window", "", `trajectory window "x0,x1,y0,y1", or "auto" to fit every path (default: the surface's, the same for every run of it)`)
	}
	fs.BoolVar(&f.LogSteps, "log-steps", false, "draw the loss figure's step axis on a log scale (long runs)")
	fs.StringVar(&f.X, "x", "steps", "the loss figures' x axis: steps, grad_evals, examples or seconds (each run's cost per step from summary.json × the step; seconds: its wall time spread evenly over its steps)")
}

// xAxis parses --x.
func (f figureFlags) xAxis() (trace.XAxis, error) {
	a, err := trace.ParseXAxis(f.X)
	if err != nil {
		return "", usageErrorf("--x: %v", err)
	}
	return a, nil
}

// apply checks the flags and sets them in o: a bad --window is a usage
// error, before anything runs.
func (f figureFlags) apply(o *runner.Options) error {
	o.LogSteps = f.LogSteps
	x, err := f.xAxis()
	if err != nil {
		return err
	}
	o.XAxis = x
	switch w := strings.TrimSpace(f.Window); w {
	case "":
		return nil
	case "auto":
		o.AutoWindow = true
		return nil
	default:
		parts := strings.Split(w, ",")
		if len(parts) != 4 {
			return usageErrorf("--window: want x0,x1,y0,y1 or auto, got %q", f.Window)
		}
		var v [4]float64
		for i, p := range parts {
			x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return usageErrorf("--window: %q is not a finite number (want x0,x1,y0,y1)", p)
			}
			v[i] = x
		}
		if !(v[0] < v[1]) || !(v[2] < v[3]) {
			return usageErrorf("--window: want x0 < x1 and y0 < y1, got %q", f.Window)
		}
		o.WindowLo, o.WindowHi = []float64{v[0], v[2]}, []float64{v[1], v[3]}
		return nil
	}
}

// figureOptions is the same for a re-drawn figure.
func (f figureFlags) figureOptions(fo *runner.FigureOptions) error {
	var o runner.Options
	if err := f.apply(&o); err != nil {
		return err
	}
	fo.LogSteps, fo.WindowLo, fo.WindowHi, fo.AutoWindow, fo.XAxis = o.LogSteps, o.WindowLo, o.WindowHi, o.AutoWindow, o.XAxis
	return nil
}

// fmtQuartiles prints a median with its quartiles at one precision, fine
// enough that the median never prints outside its own quartiles (no
// "9.005 [9.01, 9.01]").
func fmtQuartiles(q [3]float64) string {
	for d := 3; ; d++ {
		s := [3]string{}
		for i, v := range q {
			s[i] = strconv.FormatFloat(v, 'g', d, 64)
		}
		lo, med, hi := parse(s[0]), parse(s[1]), parse(s[2])
		ordered := lo <= med && med <= hi
		distinct := (s[0] != s[1] || q[0] == q[1]) && (s[1] != s[2] || q[1] == q[2])
		if (ordered && distinct) || d >= 17 {
			return fmt.Sprintf("%s [%s, %s]", s[1], s[0], s[2])
		}
	}
}

func parse(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// smoothedName is a smoothing spec as a file-name part: "ewma:0.9" →
// "ewma0.9", "wma:3,2,1" → "wma3-2-1".
func smoothedName(spec string) string {
	r := strings.NewReplacer(":", "", ",", "-", "/", "-", " ", "")
	return r.Replace(spec)
}
