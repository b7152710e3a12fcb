// Package fielderr is the field error shared by every layer that checks
// user input: the config loader and the registries below it (optimizers,
// surfaces, noise). Each layer reports every problem it finds as a List
// with paths relative to its own root ("lr", "base.lr", "params.kappa"),
// so the layer above composes them by prefixing its own path
// ("optimizers[1]") instead of re-running a check that stopped at the
// first problem. It imports nothing of the project, so numerical packages
// can use it without pulling in the config stack.
package fielderr

import (
	"fmt"
	"sort"
	"strings"
)

// An Error is one problem with one field.
type Error struct {
	Path string // e.g. "optimizers[1].lr"; relative to the reporting layer
	Msg  string // e.g. "must be > 0, got -0.1"
	// Unknown marks a key the schema does not have (as opposed to a bad
	// value), so a layer that knows the candidates can add a suggestion.
	Unknown bool
	// Line and Col locate the field in a source file when known (1-based);
	// zero when the value came from elsewhere (a default, a flag).
	Line, Col int
}

// Error reads "path: msg", or msg alone when there is no path.
func (e Error) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// List is every problem found, in the order found.
type List []Error

// Add appends a problem at path.
func (l *List) Add(path, format string, args ...any) {
	*l = append(*l, Error{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// AddUnknown appends an unknown-key problem at path.
func (l *List) AddUnknown(path, format string, args ...any) {
	*l = append(*l, Error{Path: path, Msg: fmt.Sprintf(format, args...), Unknown: true})
}

// Under appends the problems of a part of the input, whose paths are
// relative to that part, under prefix ("optimizers[1]", "noise"). An
// empty path is a problem with the part as a whole, and takes the prefix
// itself — unless it is an unknown key, whose path is the key as written,
// even an empty one ("optimizers[1].").
func (l *List) Under(prefix string, part List) {
	for _, e := range part {
		if e.Path == "" && !e.Unknown {
			e.Path = prefix
		} else {
			e.Path = Join(prefix, e.Path)
		}
		*l = append(*l, e)
	}
}

// Err returns the list as an error, or nil when it is empty, so that a
// checker can end with `return problems.Err()` without returning a
// non-nil error holding an empty list.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error lists the problems one a line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Join appends key to path with a dot ("surface" + "params" is
// "surface.params"); at the root the path is the key itself.
func Join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// SortedKeys returns the keys of m in order, for deterministic messages.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Suggest returns " (did you mean \"x\"?)" for the closest candidate within
// a small edit distance, or "".
func Suggest(word string, candidates []string) string {
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
