package trace

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
)

// DataSummary is what summary.json says of a run trained on data, beside
// the common fields (it is embedded in RunSummary, so its fields sit at
// the run's top level). The losses and accuracies are the final point's,
// in evaluation mode; Gap is test − train loss.
type DataSummary struct {
	TrainLoss *float64 `json:"train_loss,omitempty"`
	TestLoss  *float64 `json:"test_loss,omitempty"`
	TrainAcc  *float64 `json:"train_acc,omitempty"`
	TestAcc   *float64 `json:"test_acc,omitempty"`
	Gap       *float64 `json:"gap,omitempty"`
	// ParamsFile, Epochs and GhostBatch are a network's (always set for
	// one); a surface with a test shift has the losses and gap only.
	ParamsFile string  `json:"params_file,omitempty"`
	Epochs     float64 `json:"epochs,omitempty"`
	GhostBatch *int    `json:"ghost_batch,omitempty"`
}

// With is d completed from a final point's metrics, by their names
// (train_loss, test_loss, train_acc, test_acc); NaN values stay unset.
func (d DataSummary) With(names []string, values []float64) *DataSummary {
	out := d
	for i, n := range names {
		if i >= len(values) || math.IsNaN(values[i]) || math.IsInf(values[i], 0) {
			continue
		}
		v := values[i]
		switch n {
		case "train_loss":
			out.TrainLoss = &v
		case "test_loss":
			out.TestLoss = &v
		case "train_acc":
			out.TrainAcc = &v
		case "test_acc":
			out.TestAcc = &v
		}
	}
	if out.TrainLoss != nil && out.TestLoss != nil {
		g := *out.TestLoss - *out.TrainLoss
		out.Gap = &g
	}
	return &out
}

// ParamsFile is where repeat (0-based) of a run label leaves its final
// parameters, relative to the output folder.
func ParamsFile(label string, repeat, repeats int) string {
	if repeats <= 1 {
		return "params/" + label + ".txt"
	}
	return fmt.Sprintf("params/%s-%d.txt", label, repeat+1)
}

// A Table is a trace.csv read column by column, for traces whose columns
// a problem names (Layout.Columns): every run's steps and, per column, its
// values (NaN where a cell is empty).
type Table struct {
	Columns []string
	Runs    []TableRun
}

// A TableRun is one run of a Table.
type TableRun struct {
	Label  string
	Repeat int
	Steps  []int
	Values map[string][]float64
}

// Column is run r's values of column name, and whether it has one.
func (r *TableRun) Column(name string) ([]float64, bool) {
	v, ok := r.Values[name]
	return v, ok
}

// ReadTable reads a trace.csv as a Table.
func ReadTable(r io.Reader) (*Table, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("trace: reading header: %w", err)
	}
	if len(head) < 2 || head[0] != "run" || head[1] != "step" {
		return nil, fmt.Errorf("trace: header must start with run,step")
	}
	t := &Table{Columns: append([]string(nil), head[2:]...)}
	newRun := func(label string, rep int) {
		t.Runs = append(t.Runs, TableRun{Label: label, Repeat: rep, Values: map[string][]float64{}})
	}
	err = readRunRows(cr, 0, 1, newRun, func(line, k, step int, rec []string) error {
		run := &t.Runs[k]
		run.Steps = append(run.Steps, step)
		for j, c := range t.Columns {
			v := math.NaN()
			if s := rec[j+2]; s != "" {
				var err error
				if v, err = strconv.ParseFloat(s, 64); err != nil {
					return fmt.Errorf("trace: line %d: %s: %w", line, c, err)
				}
			}
			run.Values[c] = append(run.Values[c], v)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// WithTrain is d with the train loss set to loss when no metric gave it,
// and the gap completed.
func (d *DataSummary) WithTrain(loss float64) *DataSummary {
	out := *d
	if out.TrainLoss == nil && !math.IsNaN(loss) && !math.IsInf(loss, 0) {
		out.TrainLoss = &loss
	}
	if out.TrainLoss != nil && out.TestLoss != nil {
		g := *out.TestLoss - *out.TrainLoss
		out.Gap = &g
	}
	return &out
}
