package play

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/lab"
)

func loadConfig(t testing.TB, name string) config.File {
	t.Helper()
	f, err := config.Load(filepath.Join("..", "..", "configs", name+".yaml"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return *f
}

func key(s string) tea.KeyPressMsg {
	switch s {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "ctrl+c":
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "right":
		return tea.KeyPressMsg{Code: tea.KeyRight}
	}
	r := []rune(s)[0]
	return tea.KeyPressMsg{Code: r, Text: s}
}

func send(m *Model, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = m.Update(msg)
	}
	return cmd
}

// runToEnd ticks until every run has ended.
func runToEnd(t *testing.T, m *Model) {
	t.Helper()
	for i := 0; !m.s.allDone(); i++ {
		if i > 1e6 {
			t.Fatal("runs never end")
		}
		send(m, tickMsg{})
	}
}

// The playground's runs are the lab's: every point of every run equals
// lab.Run's on the same config, bit for bit.
func TestPlayEqualsRun(t *testing.T) {
	for _, name := range []string{"rosenbrock", "noise-batch", "sharpflat-sam"} {
		f := loadConfig(t, name)
		m, err := New(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		runToEnd(t, m)
		e, err := f.Build()
		if err != nil {
			t.Fatal(err)
		}
		runs, err := lab.Run(context.Background(), e, lab.Options{KeepPoints: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) != len(m.s.runs) {
			t.Fatalf("%s: %d runs, lab has %d", name, len(m.s.runs), len(runs))
		}
		for i, r := range runs {
			pr := m.s.runs[i]
			if len(r.Points) != len(pr.path) {
				t.Fatalf("%s %s: %d points, lab has %d", name, r.Label, len(pr.path), len(r.Points))
			}
			for k, p := range r.Points {
				if p.X[0] != pr.path[k][0] || p.X[1] != pr.path[k][1] || p.Loss != pr.loss[k] {
					t.Fatalf("%s %s step %d: play (%v, %v) loss %v, lab %v loss %v", name, r.Label, k, pr.path[k][0], pr.path[k][1], pr.loss[k], p.X, p.Loss)
				}
			}
			if st, _ := pr.st.Status(); st != r.Status {
				t.Errorf("%s %s: status %s, lab %s", name, r.Label, st, r.Status)
			}
		}
	}
}

func TestViewShowsContoursPathsAndPanel(t *testing.T) {
	f := loadConfig(t, "rosenbrock")
	m, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	send(m, tea.WindowSizeMsg{Width: 200, Height: 60})
	for range 5 {
		send(m, key("tab"))
	}
	if v := m.Render(); !strings.Contains(v, "★") {
		t.Error("the minimum is not marked")
	}
	for range 20 {
		send(m, tickMsg{})
	}
	v := m.Render()
	step := fmt.Sprintf("step %d", 20*speeds[m.speed])
	for _, want := range []string{"▀", "adam", "sgd", step, "loss", "‖g‖", "running", "●", "? keys", "adam at (", "lr/√r̂", "ŝ"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q", want)
		}
	}
	if !strings.ContainsFunc(v, func(r rune) bool { return r > 0x2800 && r <= 0x28ff }) {
		t.Error("no braille path dots")
	}
	if n := strings.Count(v, "\n") + 1; n != 60 {
		t.Errorf("view has %d lines, want 60", n)
	}
	// View changes nothing.
	if v2 := m.Render(); v2 != v {
		t.Error("two renders of one model differ")
	}
}

func TestKeysChangeLRAndPath(t *testing.T) {
	f := loadConfig(t, "rosenbrock")
	m, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	send(m, tea.WindowSizeMsg{Width: 120, Height: 40})
	// Select adam (run 5) and raise its lr before any update: a rebuild.
	for range 5 {
		send(m, key("tab"))
	}
	if m.selRun().label != "adam" {
		t.Fatalf("selected %s", m.selRun().label)
	}
	before := m.Render()
	send(m, key("+"))
	lr0 := 0.05
	want := lr0 * math.Sqrt2
	if got := m.selRun().st.LR(); got != want {
		t.Fatalf("lr %v after +, want %v", got, want)
	}
	if !strings.Contains(m.Render(), "lr 0.0707") || before == m.Render() {
		t.Error("the panel does not show the new lr")
	}
	// Mid-run: SetLR keeps the state, the path changes from there.
	for range 10 {
		send(m, tickMsg{})
	}
	ref, _ := New(f, Options{})
	ref.s.step(20)
	send(m, key("-"), key("-"))
	for range 10 {
		send(m, tickMsg{})
	}
	ref.s.step(20)
	if a, b := m.s.runs[5].path[40], ref.s.runs[5].path[40]; a == b {
		t.Errorf("adam's path at step 40 did not change with its lr: %v", a)
	}
	if a, b := m.s.runs[0].path[40], ref.s.runs[0].path[40]; a != b {
		t.Errorf("sgd's path changed with adam's lr: %v vs %v", a, b)
	}
	if !m.s.changed {
		t.Error("a mid-run change is not marked")
	}
}

func TestResizeAndQuit(t *testing.T) {
	f := loadConfig(t, "rosenbrock")
	m, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sz := range [][2]int{{80, 24}, {20, 10}, {1, 1}, {0, 0}, {39, 30}, {200, 60}, {80, 24}} {
		send(m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]}, tickMsg{})
		v := m.Render()
		small := sz[0] < MinWidth || sz[1] < MinHeight
		if got := strings.Contains(v, "too small"); got != small && sz[0] >= 20 {
			t.Errorf("%v: too small shown %v, want %v:\n%s", sz, got, small, v)
		}
		if !small && strings.Count(v, "\n")+1 != sz[1] {
			t.Errorf("%v: %d lines", sz, strings.Count(v, "\n")+1)
		}
	}
	// Every key once, at 80×24, without a panic.
	for _, k := range []string{"?", "x", "tab", "m", "M", "b", "n", "b", "B", "N", "N", "N", "N", "c", "space", ".", ">", "<", "r", "up", "right", "enter", "z", "Z", "h", "j", "k", "l", "0", "f", "F", "a", "x", "L", "s"} {
		send(m, key(k), tickMsg{})
		_ = m.Render()
	}
	if cmd := send(m, key("q")); cmd == nil {
		t.Fatal("q returns no command")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("q does not quit")
	}
	m2, _ := New(f, Options{})
	if cmd := send(m2, key("ctrl+c")); cmd == nil {
		t.Fatal("ctrl+c returns no command")
	} else if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Error("ctrl+c does not quit")
	}
}

// A saved config, loaded as optlab run loads it, ends where the
// playground's runs end.
func TestSaveReproduces(t *testing.T) {
	f := loadConfig(t, "rosenbrock")
	var saved []byte
	m, err := New(f, Options{SavePath: "x.yaml", Save: func(_ string, b []byte) error { saved = b; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	send(m, key("tab"), key("m"), key("tab"), key("+"), key("+"), key("right"), key("up"), key("enter"), key("s"))
	if saved == nil || !strings.HasPrefix(m.status, "saved") || strings.Contains(m.status, "fresh") {
		t.Fatalf("status %q", m.status)
	}
	runToEnd(t, m)
	g, err := config.LoadBytes("x.yaml", saved, nil, nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, saved)
	}
	e, err := g.Build()
	if err != nil {
		t.Fatal(err)
	}
	runs, err := lab.Run(context.Background(), e, lab.Options{KeepPoints: 4})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runs {
		last := r.Points[len(r.Points)-1]
		p := m.s.runs[i].point()
		if last.X[0] != p.X[0] || last.X[1] != p.X[1] || last.Step != p.Step {
			t.Errorf("%s: run ends at %v step %d, play at %v step %d", r.Label, last.X, last.Step, p.X, p.Step)
		}
	}
	// A change mid-run is saved as a fresh start, and says so.
	send(m, key("r"), tickMsg{}, key("+"), key("s"))
	if !strings.Contains(m.status, "fresh start") {
		t.Errorf("status %q", m.status)
	}
}

// Every shipped config survives MarshalYAML and Load unchanged.
func TestYAMLRoundTrip(t *testing.T) {
	paths, _ := filepath.Glob("../../configs/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no configs")
	}
	for _, p := range paths {
		f, err := config.Load(p, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		data, err := MarshalYAML(*f)
		if f.Problem != nil || f.Starts != nil { // a network on data, a basin experiment: no playground experiments
			if err == nil {
				t.Errorf("%s: a problem block or starts block was saved as a playground experiment", p)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		g, err := config.LoadBytes(p, data, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v\n%s", p, err, data)
		}
		if !reflect.DeepEqual(f, g) {
			t.Errorf("%s: round trip changed the config:\n%+v\n%+v\n%s", p, *f, *g, data)
		}
	}
}
