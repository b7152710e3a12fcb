package trace

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// readRunRows reads the records of a trace.csv after its header, grouped
// by run (the column idCol holds "label" or "label#k"): for the first
// record of a run it calls newRun with the run's label and repeat, then
// for every record row with its line number, the index of its run (runs
// numbered in order of first appearance, as newRun saw them) and its
// step, read from column stepCol. ReadCSV and ReadTable differ only in
// what they keep of a row.
func readRunRows(cr *csv.Reader, idCol, stepCol int, newRun func(label string, repeat int),
	row func(line, run, step int, rec []string) error) error {
	index := map[string]int{}
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		line++
		if err != nil {
			return fmt.Errorf("trace: line %d: %w", line, err)
		}
		id := rec[idCol]
		k, ok := index[id]
		if !ok {
			k = len(index)
			index[id] = k
			newRun(splitRunID(id))
		}
		step, err := strconv.Atoi(rec[stepCol])
		if err != nil {
			return fmt.Errorf("trace: line %d: step: %w", line, err)
		}
		if err := row(line, k, step, rec); err != nil {
			return err
		}
	}
}
