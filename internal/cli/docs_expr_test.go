package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every `optlab …` command shown in docs/expressions.md and docs/theory.md
// runs, in order, from a scratch folder per page (so that default outputs,
// out/…, land there and later commands find them), and exits as
// documented: 0, or 2 for the documented bad expression.
func TestDocsExprTheoryCommands(t *testing.T) {
	root, _ := filepath.Abs("../..")
	line := regexp.MustCompile(`(?m)^\s*(?:\$ )?optlab (.+)$`)
	ran := 0
	for _, page := range []string{"docs/expressions.md", "docs/theory.md"} {
		src, err := os.ReadFile(filepath.Join(root, page))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir() // one folder per page: later commands read what earlier ones wrote
		for _, m := range line.FindAllStringSubmatch(string(src), -1) {
			args := splitArgs(m[1])
			for i, a := range args {
				if strings.HasPrefix(a, "configs/") {
					args[i] = filepath.Join(root, a)
				}
			}
			want := ExitOK
			if strings.Contains(m[1], "x^^2") {
				want = ExitUsage
			}
			t.Run(m[1], func(t *testing.T) {
				t.Chdir(dir) // default outputs (out/…) land in the scratch folder
				var stdout, stderr bytes.Buffer
				if code := Execute(context.Background(), args, &IOStreams{Out: &stdout, Err: &stderr}); code != want {
					t.Errorf("%s: optlab %s: exit %d, want %d: %s", page, m[1], code, want, stderr.String())
				}
			})
			ran++
		}
	}
	if ran < 12 {
		t.Fatalf("only %d documented commands found", ran)
	}
}

// splitArgs splits a shell line on spaces outside double quotes.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	quoted, any := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, any = !quoted, true
		case r == ' ' && !quoted:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(r)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}
