package config

import (
	"fmt"
	"sort"
	"strings"
)

// A FieldError is one problem with one field of a config.
type FieldError struct {
	Path string // e.g. "optimizers[1].lr"
	Msg  string // e.g. "must be > 0, got -0.1"
	// Line and Col locate the field in the YAML file when known (1-based).
	Line, Col int
	// fromOverride: the value came from a flag or an environment
	// variable, so the file's position of the key would mislead.
	fromOverride bool
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// Errors is every problem found in a config, in file order.
type Errors struct {
	File string // the config file, for positions; may be empty
	List []FieldError
}

func (e *Errors) add(path, format string, args ...any) {
	e.List = append(e.List, FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

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

// suggest returns " (did you mean \"x\"?)" for the closest candidate within
// a small edit distance, or "".
func suggest(word string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(word, c); d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(word) > 6 {
		limit = 3
	}
	if best == "" || bestD > limit || bestD >= len(word) {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Suggest is suggest for other packages' name lookups (unknown optimizer or
// surface on the command line).
func Suggest(word string, candidates []string) string { return suggest(word, candidates) }
