package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// positions fills Line and Col of every error whose path names a node of
// the YAML document (the key for unknown keys, else the value); paths the
// file does not contain (defaults) and keys whose value came from a flag
// or an environment variable (overridden), where the file's position
// would mislead, keep no position.
func positions(root *yaml.Node, errs *Errors, overridden map[string]string) {
	if root == nil || len(root.Content) == 0 {
		return
	}
	index := map[string]*yaml.Node{}
	keys := map[string]*yaml.Node{}
	var walk func(path string, n *yaml.Node)
	walk = func(path string, n *yaml.Node) {
		index[path] = n
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := strings.ToLower(n.Content[i].Value)
				p := join(path, k)
				keys[p] = n.Content[i]
				walk(p, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(fmt.Sprintf("%s[%d]", path, i), c)
			}
		case yaml.AliasNode:
			if n.Alias != nil {
				walk(path, n.Alias)
			}
		}
	}
	walk("", root.Content[0])
	for i := range errs.List {
		fe := &errs.List[i]
		if _, ok := overridden[fe.Path]; ok {
			continue
		}
		n := index[fe.Path]
		if strings.HasPrefix(fe.Msg, "unknown key") || n == nil {
			if k := keys[fe.Path]; k != nil {
				n = k
			}
		}
		if n == nil {
			// The nearest enclosing node that exists (a missing field
			// is reported at its parent).
			for p := fe.Path; p != "" && n == nil; {
				j := strings.LastIndexAny(p, ".[")
				if j < 0 {
					break
				}
				p = p[:j]
				n = index[p]
			}
		}
		if n != nil {
			fe.Line, fe.Col = n.Line, n.Column
		}
	}
}

// duplicateKeys reports every key given twice in one mapping (keys are
// case-insensitive, as Viper reads them), or returns nil. Aliases are not
// followed: their target is checked where it is written.
func duplicateKeys(file string, root *yaml.Node) *Errors {
	errs := &Errors{File: file}
	var walk func(path string, n *yaml.Node)
	walk = func(path string, n *yaml.Node) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(path, c)
			}
		case yaml.MappingNode:
			seen := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				key := strings.ToLower(k.Value)
				p := join(path, key)
				if first, dup := seen[key]; dup && k.Kind == yaml.ScalarNode && key != "<<" {
					errs.List = append(errs.List, FieldError{Path: p,
						Msg: fmt.Sprintf("given twice (first at line %d)", first.Line), Line: k.Line, Col: k.Column})
				} else {
					seen[key] = k
				}
				walk(p, n.Content[i+1])
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(fmt.Sprintf("%s[%d]", path, i), c)
			}
		}
	}
	walk("", root)
	if len(errs.List) == 0 {
		return nil
	}
	errs.sortByPosition()
	return errs
}
