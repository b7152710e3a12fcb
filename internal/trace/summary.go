package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Summary is summary.json: the experiment and one entry per run label.
// It holds no wall-clock times, so equal configs give byte-identical files.
type Summary struct {
	// Metrics names the metric columns of the trace read beside the
	// summary (ReadDir), in the order of each point's Metrics; it is not
	// part of summary.json.
	Metrics       []string           `json:"-"`
	Name          string             `json:"name"`
	Surface       string             `json:"surface"`
	SurfaceParams map[string]float64 `json:"surface_params,omitempty"`
	Dim           int                `json:"dim"`
	Start         []float64          `json:"start"`
	Steps         int                `json:"steps"`
	Seed          uint64             `json:"seed"`
	Repeats       int                `json:"repeats"`
	RecordEvery   int                `json:"record_every"`
	Noise         *NoiseSummary      `json:"noise,omitempty"`
	LRScaling     *LRScaling         `json:"lr_scaling,omitempty"`
	// Starts says how the starts of a basin experiment were made (absent:
	// every run from Start).
	Starts *StartsSummary `json:"starts,omitempty"`
	// TestShift is the surface's test shift: test loss f(x − test_shift).
	TestShift []float64 `json:"test_shift,omitempty"`
	// FStar is the lowest known minimum of the loss the runs minimise (the
	// averaged loss under finite_sum); loss figures plot loss − f*.
	FStar       *float64     `json:"f_star"`
	Interrupted bool         `json:"interrupted,omitempty"`
	Runs        []RunSummary `json:"runs"`
}

// LRScaling records the batch-size scaling of learning rates (each run's
// lr in summary.json is already scaled).
type LRScaling struct {
	Rule      string `json:"rule"`
	BaseBatch int    `json:"base_batch"`
}

// StartsSummary records the starts of a basin experiment: a Grid of
// nx × ny cell centres over the window or Random uniform points in it,
// Count of them, each run Repeats times; Radius is the basin radius an
// end point is classified with (lab.BasinOf).
type StartsSummary struct {
	Grid   []int     `json:"grid,omitempty"`
	Random int       `json:"random,omitempty"`
	Count  int       `json:"count"`
	Lo     []float64 `json:"window_lo"`
	Hi     []float64 `json:"window_hi"`
	Radius float64   `json:"radius"`
}

// NoiseSummary records the gradient-noise model of the experiment.
type NoiseSummary struct {
	Model    string  `json:"model"`
	Batch    int     `json:"batch"`
	Sigma    float64 `json:"sigma,omitempty"`
	Spread   float64 `json:"spread,omitempty"`
	Examples int     `json:"examples,omitempty"`
}

// RunSummary describes one run label. With repeats, scalar fields are
// those of the repeat whose final loss is the median (the lower median
// for an even count), and FinalLossQuartiles spans all repeats.
type RunSummary struct {
	Label     string         `json:"label"`
	Optimizer string         `json:"optimizer"`
	Hyper     map[string]any `json:"hyperparameters,omitempty"`
	LR        float64        `json:"lr"`
	Batch     int            `json:"batch,omitempty"`
	Steps     int            `json:"steps"`
	Status    Status         `json:"status"`
	// Reason says why a diverged or out_of_bounds run stopped.
	Reason       string         `json:"reason,omitempty"`
	StatusCounts map[Status]int `json:"status_counts,omitempty"`
	RepeatStatus []Status       `json:"repeat_status,omitempty"`
	// FinalLoss and FinalGradNorm are those of the last recorded point;
	// null when the run recorded none (nothing was computed to report).
	FinalLoss          *float64    `json:"final_loss"`
	FinalGradNorm      *float64    `json:"final_grad_norm"`
	FinalX             []float64   `json:"final_x"`
	DistanceToMin      *float64    `json:"distance_to_min"`
	NearestMin         string      `json:"nearest_min,omitempty"`
	Repeats            int         `json:"repeats"`
	FinalLossQuartiles *[3]float64 `json:"final_loss_quartiles,omitempty"`
	// Cost is what the (median) run's updates cost, with its wall time.
	Cost *Cost `json:"cost,omitempty"`
	// Basins are the fractions of the label's runs per basin (a basin
	// experiment's: every known minimum by name, "none", and "diverged"
	// when some run diverged); RepeatBasin is each run's, in run order.
	Basins      map[string]float64 `json:"basins,omitempty"`
	RepeatBasin []string           `json:"repeat_basin,omitempty"`
	// BasinGaps is, with a test shift, the median gap (test − train loss)
	// of the runs that ended in each basin.
	BasinGaps map[string]float64 `json:"basin_gaps,omitempty"`
	// Schedule is the run's learning-rate schedule, with every default
	// filled in (absent: a constant lr).
	Schedule *Schedule `json:"schedule,omitempty"`
	// Sharpness is the sharpness of the (median repeat's) end point.
	Sharpness *Sharpness `json:"sharpness,omitempty"`
	// DataSummary is set for runs trained on data (its fields are the
	// run's, inline).
	*DataSummary
}

// Schedule records a run's learning-rate schedule: lr_t = lr · warmup(t) ·
// decay(t) (optlab list schedules).
type Schedule struct {
	Warmup *Warmup `json:"warmup,omitempty"`
	Decay  *Decay  `json:"decay,omitempty"`
}

// Warmup is a linear warm-up from StartFactor·lr over Steps updates.
type Warmup struct {
	Steps       int     `json:"steps"`
	StartFactor float64 `json:"start_factor"`
}

// Decay is a step, exp or cosine decay; fields that do not apply to the
// kind are left out.
type Decay struct {
	Kind       string   `json:"kind"`
	StepSize   int      `json:"step_size,omitempty"`
	Gamma      *float64 `json:"gamma,omitempty"`
	TotalSteps int      `json:"total_steps,omitempty"`
	MinLR      *float64 `json:"min_lr,omitempty"`
}

// WriteJSON writes s as indented JSON.
func (s *Summary) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// ReadSummary reads summary.json.
func ReadSummary(r io.Reader) (*Summary, error) {
	var s Summary
	dec := json.NewDecoder(r)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("trace: summary.json: %w", err)
	}
	return &s, nil
}

// ReadDir reads DIR/summary.json and DIR/trace.csv and joins them: every
// run gets its optimizer and status from the summary.
func ReadDir(dir string) (*Summary, []Run, error) {
	sf, err := os.Open(filepath.Join(dir, "summary.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("trace: %w", err)
	}
	defer sf.Close()
	s, err := ReadSummary(sf)
	if err != nil {
		return nil, nil, err
	}
	tf, err := os.Open(filepath.Join(dir, "trace.csv"))
	if err != nil {
		return nil, nil, fmt.Errorf("trace: %w", err)
	}
	defer tf.Close()
	runs, metrics, err := readCSV(tf)
	if err != nil {
		return nil, nil, err
	}
	s.Metrics = metrics
	if err := matches(s, runs); err != nil {
		return nil, nil, err
	}
	byLabel := map[string]RunSummary{}
	for _, r := range s.Runs {
		byLabel[r.Label] = r
	}
	for i := range runs {
		rs, ok := byLabel[runs[i].Label]
		if !ok {
			return nil, nil, fmt.Errorf("trace: run %q of trace.csv is not in summary.json", runs[i].Label)
		}
		runs[i].Optimizer = rs.Optimizer
		runs[i].Status = rs.Status
		if r := runs[i].Repeat; r < len(rs.RepeatStatus) {
			runs[i].Status = rs.RepeatStatus[r]
		}
		if r := runs[i].Repeat; r < len(rs.RepeatBasin) {
			runs[i].Basin = rs.RepeatBasin[r]
		}
	}
	return s, runs, nil
}

// matches checks that trace.csv holds what summary.json says was run:
// every repeat of every label, each with its points, and a coordinate
// column for every dimension the figures draw (x1, x2 for a 2-D surface).
// A trace cut short, or from another run, would draw a partial figure
// that looks complete.
func matches(s *Summary, runs []Run) error {
	if len(runs) == 0 {
		return fmt.Errorf("trace: trace.csv holds no rows; summary.json lists %d run(s): the folder is damaged, run the experiment again", len(s.Runs))
	}
	have := map[string]map[int]Run{}
	for _, r := range runs {
		if have[r.Label] == nil {
			have[r.Label] = map[int]Run{}
		}
		have[r.Label][r.Repeat] = r
	}
	var missing []string
	for _, rs := range s.Runs {
		reps := max(rs.Repeats, 1)
		for k := 0; k < reps; k++ {
			r, ok := have[rs.Label][k]
			if !ok || len(r.Points) == 0 {
				name := rs.Label
				if reps > 1 {
					name = fmt.Sprintf("%s#%d", rs.Label, k)
				}
				missing = append(missing, name)
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("trace: trace.csv lacks run(s) %s that summary.json lists: the folder is damaged or cut short, run the experiment again", strings.Join(missing, ", "))
	}
	if s.Dim >= 1 && s.Dim <= 2 {
		for _, r := range runs { // every row of a run has the same columns: its first tells
			if p := r.Points[0]; len(p.X) < s.Dim {
				return fmt.Errorf("trace: trace.csv has %d coordinate column(s) (x1…), summary.json says %d-D: the folder is damaged, run the experiment again", len(p.X), s.Dim)
			}
		}
	}
	return nil
}
