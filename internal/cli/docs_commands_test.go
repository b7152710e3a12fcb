package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestDocumentedCommands runs every command that README.md and docs/*.md
// show in a code block (fenced or indented): each line that starts with
// `optlab `, `bin/optlab ` or `./bin/optlab `, and `make demo` (run as the
// optlab lines of the Makefile's demo recipe). Each document runs in a
// scratch folder of its own holding a copy of configs/, its commands in
// document order, so a document whose `plot --from DIR` comes before the
// run that writes DIR fails, as it would for a reader. A trailing
// `# comment` is dropped; a comment containing "exit N" makes N the
// expected exit code (for documented errors); otherwise a command must
// exit 0. A line that is not one plain command (a pipe, `;`, a
// redirection) fails: a reader pasting it would not get what it says.
//
// New commands in the docs are picked up with no change here. The few that
// cannot run in a test are in docsSkip with the reason; the test fails if
// that list grows past docsSkipMax or names a command no document shows.
func TestDocumentedCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every documented command")
	}
	if raceEnabled {
		// make test runs it without the detector; under it the same
		// commands take minutes and cover no code the other tests miss.
		t.Skip("skipped under -race: run by make test")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	docs := []string{filepath.Join(repo, "README.md")}
	more, _ := filepath.Glob(filepath.Join(repo, "docs", "*.md"))
	sort.Strings(more)
	docs = append(docs, more...)
	demo := makeRecipe(t, filepath.Join(repo, "Makefile"), "demo")

	if len(docsSkip) > docsSkipMax {
		t.Errorf("docsSkip has %d entries, at most %d: make the commands runnable instead", len(docsSkip), docsSkipMax)
	}
	skipped := map[string]bool{}
	total := 0
	for _, doc := range docs {
		cmds := documentedCommands(t, doc)
		if len(cmds) == 0 {
			continue
		}
		rel, _ := filepath.Rel(repo, doc)
		scratch := t.TempDir()
		copyDir(t, filepath.Join(repo, "configs"), filepath.Join(scratch, "configs"))
		for _, c := range cmds {
			if reason, ok := docsSkip[c.text]; ok {
				skipped[c.text] = true
				t.Logf("%s:%d: skipped (%s): %s", rel, c.line, reason, c.text)
				continue
			}
			runs := [][]string{c.args}
			if c.make {
				if c.args[1] != "demo" {
					continue // only `make demo` is a documented optlab run; make test etc. are not run here
				}
				runs = demo
			}
			for _, args := range runs {
				if len(args) > 0 && args[0] == "play" {
					// The playground needs a terminal (TestPlayInTmux drives it
					// there); here the documented setup is played headless
					// from its own key script, so it is really built and run.
					args = append(append([]string(nil), args...), "--record", filepath.Join(scratch, "play.gif"))
				}
				total++
				code, stderr := runIn(t, scratch, args)
				if code != c.want {
					t.Errorf("%s:%d: %s\n  exit %d, want %d; stderr:\n%s", rel, c.line, c.text, code, c.want, indent(stderr))
				}
			}
		}
	}
	for k := range docsSkip {
		if !skipped[k] {
			t.Errorf("docsSkip names %q, which no document shows any more: remove it", k)
		}
	}
	if total < 30 {
		t.Errorf("ran only %d documented commands: is the extraction broken?", total)
	}
	t.Logf("ran %d documented commands", total)
}

// docsSkip: documented commands that cannot run in a test, with why. Keep
// it short (docsSkipMax): a command a reader cannot run is a bug.
var docsSkip = map[string]string{}

const docsSkipMax = 3

type docCommand struct {
	text string   // the line as shown, without its comment
	args []string // optlab's arguments (or make's, when make)
	make bool
	want int // expected exit code
	line int
}

// documentedCommands extracts the commands of one Markdown file's code
// blocks; a line that is a command but not a plain one fails the test.
func documentedCommands(t *testing.T, path string) []docCommand {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []docCommand
	fenced := false
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	pending := ""
	for sc.Scan() {
		n++
		raw := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(raw), "```") {
			fenced = !fenced
			continue
		}
		if !fenced && !strings.HasPrefix(raw, "    ") && !strings.HasPrefix(raw, "\t") && pending == "" {
			continue
		}
		line := strings.TrimSpace(raw)
		if pending != "" {
			line = pending + " " + line
			pending = ""
		}
		if strings.HasSuffix(line, "\\") {
			pending = strings.TrimSuffix(line, "\\")
			continue
		}
		text, comment := splitComment(line)
		var prog string
		for _, p := range []string{"optlab ", "bin/optlab ", "./bin/optlab ", "make demo"} {
			if strings.HasPrefix(text, p) {
				prog = p
			}
		}
		if prog == "" {
			continue
		}
		words, err := shellWords(text)
		if err != nil {
			t.Errorf("%s:%d: %q is not one plain command a reader can paste: %v", filepath.Base(path), n, text, err)
			continue
		}
		c := docCommand{text: text, line: n, args: words[1:], make: prog == "make demo"}
		if c.make {
			c.args = words
		}
		if i := strings.Index(comment, "exit "); i >= 0 {
			fmt.Sscanf(comment[i:], "exit %d", &c.want)
		}
		out = append(out, c)
	}
	return out
}

// splitComment cuts a trailing shell comment: a # after a space, outside
// quotes.
func splitComment(line string) (string, string) {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return strings.TrimSpace(line[:i]), line[i:]
		}
	}
	return line, ""
}

// shellWords splits a command line as a POSIX shell would for a plain
// command: words, single and double quotes, backslashes. Pipes, lists,
// redirections, substitutions and globs are errors.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote == '\'':
			if r == '\'' {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case quote == '"':
			switch r {
			case '"':
				quote = 0
			case '$', '`':
				return nil, fmt.Errorf("substitution %q", r)
			default:
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '\\' && i+1 < len(rs):
			i++
			cur.WriteRune(rs[i])
			inWord = true
		case r == ' ' || r == '\t':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case strings.ContainsRune("|;&<>$`*?()", r):
			return nil, fmt.Errorf("the shell reads %q as an operator", r)
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed quote")
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// makeRecipe returns the optlab commands of a Makefile target's recipe
// (lines `./$(BIN) …`).
func makeRecipe(t *testing.T, path, target string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	in := false
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, target+":"):
			in = true
		case in && strings.HasPrefix(l, "\t"):
			if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "./$(BIN) "); ok {
				w, err := shellWords(rest)
				if err != nil {
					t.Fatalf("Makefile %s: %v", target, err)
				}
				out = append(out, w)
			}
		case in:
			in = false
		}
	}
	if len(out) == 0 {
		t.Fatalf("Makefile target %s runs no optlab command", target)
	}
	return out
}

// runIn runs optlab with args in dir, as a reader's shell would from there.
func runIn(t *testing.T, dir string, args []string) (int, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := Execute(context.Background(), args, &IOStreams{Out: &out, Err: &errb})
	return code, errb.String()
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

// The extraction itself: indented and fenced blocks, comments, expected
// exit codes, and what a pasted line would do that the test cannot.
func TestDocumentedCommandsExtraction(t *testing.T) {
	md := filepath.Join(t.TempDir(), "x.md")
	os.WriteFile(md, []byte("Text `optlab inline` is not a block.\n\n    bin/optlab run configs/a.yaml   # a comment\n    make demo\n    make test\n\n```\noptlab compare adam --lr adam=-1   # exit 2: the error shown\n```\n\n    optlab plot loss --from 'out/my run' --smooth ewma:0.9\n"), 0o644)
	got := documentedCommands(t, md)
	want := []struct {
		args string
		make bool
		code int
	}{
		{"run configs/a.yaml", false, 0},
		{"make demo", true, 0},
		{"compare adam --lr adam=-1", false, 2},
		{"plot|loss|--from|out/my run|--smooth|ewma:0.9", false, 0},
	}
	if len(got) != len(want) {
		t.Fatalf("extracted %d commands: %+v", len(got), got)
	}
	for i, w := range want {
		sep := " "
		if strings.Contains(w.args, "|") {
			sep = "|"
		}
		if a := strings.Join(got[i].args, sep); a != w.args || got[i].make != w.make || got[i].want != w.code {
			t.Errorf("command %d: %q make=%v exit %d, want %q make=%v exit %d", i, a, got[i].make, got[i].want, w.args, w.make, w.code)
		}
	}
	for _, bad := range []string{"optlab list optimizers | surfaces", "optlab run a.yaml > log", "optlab run $(ls configs/*.yaml)", "optlab a; optlab b"} {
		if _, err := shellWords(bad); err == nil {
			t.Errorf("shellWords(%q) accepted a line the shell would not run as one command", bad)
		}
	}
}
