package cli

import (
	"fmt"
	"io"

	"github.com/optlab/optlab/internal/data"
	"github.com/optlab/optlab/internal/nn"
)

// listData prints the generated data sets, or the model kinds.
func listData(w io.Writer, models bool) {
	if models {
		t := newTable(w, "kind", "model")
		for _, m := range nn.Models() {
			t.row(m.Name, m.Doc)
		}
		t.flush()
		fmt.Fprintln(w, "\nParameters: one flat vector, layer by layer W (out × in, row-major), b, then γ, β of a batch-norm layer (docs/data.md).")
		return
	}
	t := newTable(w, "name", "targets", "summary")
	for _, s := range data.Specs() {
		t.row(s.Name, s.Classes, s.Doc)
	}
	t.flush()
	fmt.Fprintln(w, "\nOr CSV files: problem.data: {csv: train.csv, test_csv: test.csv, target: label} (docs/data.md).")
}
