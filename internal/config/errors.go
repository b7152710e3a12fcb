package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/optlab/optlab/internal/fielderr"
)

// A FieldError is one problem with one field of a config: the field error
// every layer shares, so a problem found by a registry below keeps its
// path and message on the way up.
type FieldError = fielderr.Error

// Errors is every problem found in a config, in file order.
type Errors struct {
	File string // the config file, for positions; may be empty
	List fielderr.List
}

func (e *Errors) add(path, format string, args ...any) { e.List.Add(path, format, args...) }

func (e *Errors) err() error {
	if e == nil || len(e.List) == 0 {
		return nil
	}
	return e
}

func (e *Errors) Error() string {
	lines := make([]string, len(e.List))
	for i, fe := range e.List {
		prefix := ""
		if e.File != "" && fe.Line > 0 {
			prefix = fmt.Sprintf("%s:%d:%d: ", e.File, fe.Line, fe.Col)
		}
		lines[i] = prefix + fe.Error()
	}
	return strings.Join(lines, "\n")
}

// sortByPosition orders errors as they appear in the file (unknown
// positions last, by path).
func (e *Errors) sortByPosition() {
	sort.SliceStable(e.List, func(i, j int) bool {
		a, b := e.List[i], e.List[j]
		if (a.Line == 0) != (b.Line == 0) {
			return a.Line != 0
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

func suggest(word string, candidates []string) string { return fielderr.Suggest(word, candidates) }

// Suggest is suggest for other packages' name lookups (unknown optimizer or
// surface on the command line).
func Suggest(word string, candidates []string) string { return fielderr.Suggest(word, candidates) }
