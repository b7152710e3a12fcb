package play

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/plotting"
)

// View draws the screen from the model; it changes nothing.
func (m *Model) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "optlab play"
	return v
}

// Render is the screen as a string (View's content).
func (m *Model) Render() string {
	if m.quitting {
		return ""
	}
	if m.w < MinWidth || m.h < MinHeight {
		msg := fmt.Sprintf("terminal too small: %d×%d, optlab play needs %d×%d", m.w, m.h, MinWidth, MinHeight)
		return wrap(msg, max(m.w, 1), max(m.h, 1))
	}
	if m.showHelp {
		return clip(helpScreen(), m.w, m.h)
	}
	mw, mh := m.mapSize()
	body := m.renderMap(mw, mh)
	if mw < m.w {
		// Every map line is mw cells wide: join line by line, without
		// measuring the map's escape-laden lines again.
		ml, pl := strings.Split(body, "\n"), strings.Split(m.panel(panelW-1, mh), "\n")
		var b strings.Builder
		b.Grow(len(body) + len(pl)*4*panelW)
		for i, l := range ml {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(l)
			b.WriteByte(' ')
			if i < len(pl) {
				b.WriteString(pl[i])
			}
		}
		body = b.String()
	}
	status := m.status
	if status == "" {
		state := "running"
		if m.paused {
			state = "paused"
		}
		if m.s.allDone() {
			state = "all runs ended"
		}
		status = fmt.Sprintf("%s · %s · %d updates/frame · %s contours", m.s.file.Surface.Name, state, speeds[m.speed], map[bool]string{true: "log", false: "linear"}[m.logScale])
	}
	return body + "\n" + clipLine(status, m.w) + "\n" + clipLine(helpLine(), m.w)
}

// renderMap draws the contours, paths, marks and the selected run's
// inner state.
func (m *Model) renderMap(mw, mh int) string {
	cv := newCanvas(mw, mh)
	win := m.win
	// Paths; the selected one last, so it is on top.
	order := make([]int, 0, len(m.s.runs))
	for i := range m.s.runs {
		if i != m.sel {
			order = append(order, i)
		}
	}
	order = append(order, m.sel)
	for _, i := range order {
		r := m.s.runs[i]
		cv.path(win, r.path, r.color)
	}
	// The selected run's inner state: −g in white, the last step in its colour.
	if r := m.selRun(); len(r.path) > 0 {
		p := r.path[len(r.path)-1]
		if g := r.st.OptimizerState()["g"]; len(g) >= 2 {
			cv.arrow(win, p[0], p[1], -g[0], -g[1], 0.12, color.NRGBA{255, 255, 255, 255})
		}
	}
	for _, pt := range m.s.land.Points {
		g := '★'
		if pt.Kind == plotting.Saddle {
			g = '◆'
		}
		cv.mark(win, pt.X, pt.Y, g, color.NRGBA{255, 255, 255, 255})
	}
	if st := m.s.exp.Start; len(st) >= 2 {
		cv.mark(win, st[0], st[1], '●', color.NRGBA{0, 0, 0, 255})
	}
	if m.cursor != [2]float64{m.s.exp.Start[0], m.s.exp.Start[1]} {
		cv.mark(win, m.cursor[0], m.cursor[1], '+', color.NRGBA{255, 0, 0, 255})
	}
	for i, r := range m.s.runs {
		if len(r.path) > 1 { // at step 0 the start's mark is the run's
			p := r.path[len(r.path)-1]
			g := rune('1' + i%9)
			if r.st.Done() && r.status() != "converged" && r.status() != "max_steps" {
				g = '✕'
			}
			cv.mark(win, p[0], p[1], g, r.color)
		}
	}
	return cv.String(m.field, m.plain)
}

// panel is the side panel: one block per run and the selected run's state.
func (m *Model) panel(w, h int) string {
	state := m.stateLines(w)
	// Four lines per run when they fit beside the state, else two.
	compact := 4*len(m.s.runs)+1+len(state) > h
	var lines []string
	for i, r := range m.s.runs {
		p := r.point()
		mark := "  "
		if i == m.sel {
			mark = "▶ "
		}
		style := lipgloss.NewStyle().Foreground(r.color)
		sw := style.Render("■")
		if compact {
			lines = append(lines,
				mark+sw+" "+clipLine(fmt.Sprintf("%s lr %.3g %s", r.label, r.st.LR(), r.status()), w-4),
				"   "+clipLine(fmt.Sprintf("%d %.2e ", p.Step, p.Loss), w-3)+style.Render(sparkline(r.loss, max(w-3-lipgloss.Width(fmt.Sprintf("%d %.2e ", p.Step, p.Loss)), 0))))
			continue
		}
		lines = append(lines,
			mark+sw+" "+clipLine(fmt.Sprintf("%s  lr %.3g", r.label, r.st.LR()), w-4),
			clipLine(fmt.Sprintf("   step %d  loss %.3e", p.Step, p.Loss), w),
			clipLine(fmt.Sprintf("   ‖g‖ %.2e  %s", p.GradNorm, r.status()), w),
			"   "+style.Render(sparkline(r.loss, w-4)))
	}
	per := 4
	if compact {
		per = 2
	}
	if room := h - 1 - len(state); len(lines) > room {
		// Keep the selected run's block in view above the state.
		room = max(room, 0)
		start := min(m.sel*per, max(len(lines)-room, 0))
		start = max(min(start, len(lines)-room), 0)
		lines = lines[start:min(start+room, len(lines))]
	}
	lines = append(lines, "")
	lines = append(lines, state...)
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i := range lines {
		lines[i] = padRight(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// stateLines show what the selected method does at its point: the
// gradient, the velocity, Adam's bias-corrected ŝ and the per-coordinate
// effective step lr/√r̂.
func (m *Model) stateLines(w int) []string {
	r := m.selRun()
	p := r.point()
	st := r.st.OptimizerState()
	out := []string{clipLine(fmt.Sprintf("%s at (%.4g, %.4g)", r.label, p.X[0], p.X[1]), w)}
	vec := func(name string, v []float64) {
		if len(v) >= 2 {
			out = append(out, clipLine(fmt.Sprintf("%-6s (%9.3e, %9.3e)", name, v[0], v[1]), w))
		}
	}
	vec("g", st["g"])
	vec("v", st["v"])
	h, _ := optimizers.Resolve(optConfig(m.s.file.Optimizers[r.spec]))
	t := float64(p.Step)
	if s := st["s"]; len(s) >= 2 && t > 0 {
		bc := 1 - math.Pow(h.Values["beta1"], t)
		vec("ŝ", []float64{s[0] / bc, s[1] / bc})
	}
	if rr := st["r"]; len(rr) >= 2 {
		bc := 1.0
		if b2, ok := h.Values["beta2"]; ok && t > 0 {
			bc = 1 - math.Pow(b2, t)
		}
		lr := r.st.LR()
		e := make([]float64, 2)
		for k := range e {
			e[k] = lr / math.Sqrt(rr[k]/bc)
		}
		vec("lr/√r̂", e)
	}
	if len(out) == 2 {
		out = append(out, "(no inner state)")
	}
	out = append(out, clipLine("white arrow: −g", w))
	return out
}

// padRight pads s with spaces to w cells.
func padRight(s string, w int) string {
	if d := w - lipgloss.Width(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// clipLine cuts s to w cells.
func clipLine(s string, w int) string {
	if lipgloss.Width(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 0 && lipgloss.Width(string(rs)) > w {
		rs = rs[:len(rs)-1]
	}
	return string(rs)
}

// clip cuts a block of lines to w×h.
func clip(s string, w, h int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i := range lines {
		lines[i] = clipLine(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

// wrap breaks s into lines of at most w cells, at most h of them.
func wrap(s string, w, h int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case lipgloss.Width(line)+1+lipgloss.Width(word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	lines = append(lines, line)
	return clip(strings.Join(lines, "\n"), w, h)
}
