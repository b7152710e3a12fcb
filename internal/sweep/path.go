package sweep

import (
	"fmt"
	"strconv"
	"strings"
)

// A Path names a value in a config: keys joined by dots, with a list
// entry picked by index ("optimizers[0].lr"), every entry ("[*]") or by
// label ("optimizers.adam.lr": the entries whose label, or name when it
// has none, is adam).
type Path struct {
	Text  string
	Steps []Step
}

// A Step is one part of a Path.
type Step struct {
	Key string // a mapping key, or (under a list) an entry's label
	// Index picks a list entry after Key when HasIndex; All picks them all.
	Index    int
	HasIndex bool
	All      bool
}

// ParsePath parses text (see Path); the error names the text and what is
// wrong with it.
func ParsePath(text string) (Path, error) {
	p := Path{Text: text}
	if strings.TrimSpace(text) == "" {
		return p, fmt.Errorf("sweep: empty path")
	}
	for _, part := range strings.Split(text, ".") {
		st := Step{Key: part}
		if i := strings.IndexByte(part, '['); i >= 0 {
			if !strings.HasSuffix(part, "]") || i == 0 {
				return p, fmt.Errorf("sweep: path %q: %q must be key[index] or key[*]", text, part)
			}
			st.Key = part[:i]
			idx := part[i+1 : len(part)-1]
			switch n, err := strconv.Atoi(idx); {
			case idx == "*":
				st.All = true
			case err == nil && n >= 0:
				st.Index, st.HasIndex = n, true
			default:
				return p, fmt.Errorf("sweep: path %q: index %q must be a number ≥ 0 or *", text, idx)
			}
		}
		if st.Key == "" || strings.ContainsAny(st.Key, "[]") {
			return p, fmt.Errorf("sweep: path %q: empty or malformed key %q", text, part)
		}
		p.Steps = append(p.Steps, st)
	}
	return p, nil
}

// String is the path as written.
func (p Path) String() string { return p.Text }

// Last is the final key of the path ("lr" for "optimizers[*].lr").
func (p Path) Last() string { return p.Steps[len(p.Steps)-1].Key }
