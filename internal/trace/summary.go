package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Summary is summary.json: the experiment and one entry per run label.
// It holds no wall-clock times, so equal configs give byte-identical files.
type Summary struct {
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
	Label              string         `json:"label"`
	Optimizer          string         `json:"optimizer"`
	Hyper              map[string]any `json:"hyperparameters,omitempty"`
	LR                 float64        `json:"lr"`
	Batch              int            `json:"batch,omitempty"`
	Steps              int            `json:"steps"`
	Status             Status         `json:"status"`
	Reason             string         `json:"reason,omitempty"` // why a diverged or out_of_bounds run stopped
	StatusCounts       map[Status]int `json:"status_counts,omitempty"`
	RepeatStatus       []Status       `json:"repeat_status,omitempty"`
	FinalLoss          float64        `json:"final_loss"`
	FinalGradNorm      float64        `json:"final_grad_norm"`
	FinalX             []float64      `json:"final_x"`
	DistanceToMin      *float64       `json:"distance_to_min"`
	NearestMin         string         `json:"nearest_min,omitempty"`
	Repeats            int            `json:"repeats"`
	FinalLossQuartiles *[3]float64    `json:"final_loss_quartiles,omitempty"`
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
	runs, err := ReadCSV(tf)
	if err != nil {
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
	}
	return s, runs, nil
}
