package play

import (
	"fmt"
	"math"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/optlab/optlab/internal/config"
	"github.com/optlab/optlab/internal/optimizers"
	"github.com/optlab/optlab/internal/presets"
	"github.com/optlab/optlab/internal/surfaces"
)

// FrameInterval is the time between two ticks (40 frames/s, above the
// 30 the playground promises).
const FrameInterval = 25 * time.Millisecond

// speeds are the updates per run per frame the speed keys step through.
var speeds = []int{1, 2, 5, 10, 20, 50, 100, 200}

// Minimum size of the full screen; below it the view says so.
const (
	MinWidth  = 40
	MinHeight = 12
	panelW    = 34 // side panel width, shown when the terminal is wide enough
)

// Options configure a Model.
type Options struct {
	// SavePath is where `s` writes the YAML config.
	SavePath string
	// Save writes data to path all or nothing; nil saves nowhere (tests).
	Save func(path string, data []byte) error
	// Paused starts the playground paused.
	Paused bool
}

// tickMsg advances the runs by one frame.
type tickMsg struct{}

// Model is the Bubble Tea model of the playground. Its state changes
// only in Update; View is a pure function of it.
type Model struct {
	opt       Options
	s         *session
	origStart []float64 // the config's start ("r" restarts from it)
	w, h      int       // terminal size
	sel       int
	paused    bool
	speed     int // index into speeds
	zoom      float64
	pan       [2]float64 // view centre offset, in window widths
	logScale  bool
	showHelp  bool
	plain     bool // no colours
	cursor    [2]float64
	status    string
	field     *field // contours sampled for the current map and window
	win       window
	frames    int
	quitting  bool
}

// New builds the playground's model from a config, as `optlab run` would
// build it (config.File → Validate → Build → one lab.Stepper per run).
func New(f config.File, o Options) (*Model, error) {
	s, err := newSession(f)
	if err != nil {
		return nil, err
	}
	m := &Model{opt: o, s: s, origStart: append([]float64(nil), f.Start...), paused: o.Paused,
		speed: 2, zoom: 1, logScale: true, w: 80, h: 24}
	m.cursor = [2]float64{s.exp.Start[0], s.exp.Start[1]}
	m.refield()
	return m, nil
}

// Init starts the frame clock.
func (m *Model) Init() tea.Cmd { return tick() }

func tick() tea.Cmd {
	return tea.Tick(FrameInterval, func(time.Time) tea.Msg { return tickMsg{} })
}

// Update handles a message: a tick steps the runs, keys change the setup.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tickMsg:
		m.frames++
		if !m.paused {
			m.s.step(speeds[m.speed])
		}
		return m, tick()
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.refield()
	case tea.ColorProfileMsg:
		m.plain = msg.Profile == colorprofile.Ascii || msg.Profile == colorprofile.NoTTY
	case tea.MouseClickMsg:
		mw, mh := m.mapSize()
		mo := msg.Mouse()
		if mo.X >= 0 && mo.Y >= 0 && mo.X < mw && mo.Y < mh {
			x := m.win.x0 + (float64(mo.X)+0.5)/float64(mw)*(m.win.x1-m.win.x0)
			y := m.win.y1 - (float64(mo.Y)+0.5)/float64(mh)*(m.win.y1-m.win.y0)
			m.cursor = [2]float64{x, y}
			m.restartAt(m.cursor[:])
		}
	case tea.KeyPressMsg:
		return m, m.key(msg.String())
	}
	return m, nil
}

// key applies one key; it returns tea.Quit for q and ctrl+c.
func (m *Model) key(k string) tea.Cmd {
	if m.showHelp {
		m.showHelp = false
		if k != "q" && k != "ctrl+c" {
			return nil
		}
	}
	m.status = ""
	n := len(m.s.runs)
	switch k {
	case "q", "ctrl+c":
		m.quitting = true
		return tea.Quit
	case "?":
		m.showHelp = true
	case "tab":
		m.sel = (m.sel + 1) % n
	case "shift+tab":
		m.sel = (m.sel + n - 1) % n
	case "+", "=":
		m.scaleLR(math.Sqrt2)
	case "-", "_":
		m.scaleLR(1 / math.Sqrt2)
	case "m":
		m.nudgeHyper(+1)
	case "M":
		m.nudgeHyper(-1)
	case "b":
		m.scaleBatch(2)
	case "B":
		m.scaleBatch(0.5)
	case "n":
		m.scaleNoise(2)
	case "N":
		m.scaleNoise(0.5)
	case "c":
		m.toggleSchedule()
	case "space", " ":
		m.paused = !m.paused
	case ".":
		m.paused = true
		m.s.step(1)
	case ">":
		m.speed = min(m.speed+1, len(speeds)-1)
	case "<":
		m.speed = max(m.speed-1, 0)
	case "r":
		m.restartAt(m.origStart)
		if len(m.s.exp.Start) >= 2 {
			m.cursor = [2]float64{m.s.exp.Start[0], m.s.exp.Start[1]}
		}
	case "up", "down", "left", "right":
		m.moveCursor(k)
	case "enter":
		m.restartAt(m.cursor[:])
	case "z":
		m.zoom *= 1.5
		m.refield()
	case "Z":
		m.zoom /= 1.5
		m.refield()
	case "h", "l", "j", "k":
		d := map[string][2]float64{"h": {-0.1, 0}, "l": {0.1, 0}, "j": {0, -0.1}, "k": {0, 0.1}}[k]
		m.pan[0] += d[0] / m.zoom
		m.pan[1] += d[1] / m.zoom
		m.refield()
	case "0":
		m.zoom, m.pan = 1, [2]float64{}
		m.refield()
	case "f":
		m.switchSurface(+1)
	case "F":
		m.switchSurface(-1)
	case "a":
		m.addOptimizer()
	case "x":
		m.removeOptimizer()
	case "L":
		m.logScale = !m.logScale
		m.refield()
	case "s":
		m.save()
	}
	return nil
}

// rebuild restarts the playground from f (a modified copy of the setup);
// on an invalid setup it keeps the current one and says why.
func (m *Model) rebuild(f config.File, why string) bool {
	s, err := newSession(f)
	if err != nil {
		m.status = why + ": " + oneLine(err.Error())
		return false
	}
	surfaceChanged := s.file.Surface.Name != m.s.file.Surface.Name || !maps2Equal(s.file.Surface.Params, m.s.file.Surface.Params)
	m.s = s
	m.sel = min(m.sel, len(s.runs)-1)
	if surfaceChanged {
		m.zoom, m.pan = 1, [2]float64{}
		m.cursor = [2]float64{s.exp.Start[0], s.exp.Start[1]}
	}
	m.refield()
	return true
}

func maps2Equal(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func (m *Model) restartAt(start []float64) {
	f := cloneFile(m.s.file)
	f.Start = append([]float64(nil), start...)
	if len(start) == 0 {
		f.Start = nil
	}
	if m.rebuild(f, "restart") {
		m.status = fmt.Sprintf("restarted from (%.4g, %.4g)", m.s.exp.Start[0], m.s.exp.Start[1])
	}
}

// selRun is the selected run.
func (m *Model) selRun() *liveRun { return m.s.runs[m.sel] }

// currentHyper resolves the selected run's optimizer config to its values
// with defaults filled in.
func (m *Model) currentHyper(r *liveRun) (optimizers.Hyper, error) {
	return optimizers.Resolve(optConfig(m.s.file.Optimizers[r.spec]))
}

// optConfig is an entry of the file as the optimizers package takes it.
func optConfig(o config.OptimizerSpec) optimizers.Config {
	c := optimizers.Config{Name: o.Name, Values: o.Values, Choices: o.Choices, Flags: o.Flags}
	if o.Base != nil {
		b := optConfig(*o.Base)
		c.Base = &b
	}
	return c
}

// scaleLR multiplies the selected run's lr. Before any update, the setup
// is rebuilt with the new value (so a saved config is exact); during a
// run the stepper's lr changes in place (Stepper.SetLR), keeping its state.
func (m *Model) scaleLR(k float64) {
	r := m.selRun()
	h, err := m.currentHyper(r)
	if err != nil {
		m.status = err.Error()
		return
	}
	lr := h.LR() * k
	f := cloneFile(m.s.file)
	vals := lrMap(&f.Optimizers[r.spec])
	vals["lr"] = lr
	if !m.s.started() {
		if m.rebuild(f, "lr") {
			m.status = fmt.Sprintf("%s: lr %.4g", r.label, lr)
		}
		return
	}
	// The run's lr as run would compute it (with lr_scaling) from the new file.
	e, err := f.Build()
	if err != nil {
		m.status = "lr: " + oneLine(err.Error())
		return
	}
	for _, lr2 := range m.s.runs {
		if lr2.spec == r.spec {
			if err := lr2.st.SetLR(e.Runs[r.spec].LR); err != nil {
				m.status = err.Error()
				return
			}
		}
	}
	m.s.file = f
	m.s.changed = true
	m.status = fmt.Sprintf("%s: lr %.4g (from step %d)", r.label, lr, r.point().Step)
}

// lrMap is where an entry's lr lives: its own values, or its base's.
func lrMap(o *config.OptimizerSpec) map[string]float64 {
	if o.Base != nil {
		o = o.Base
	}
	if o.Values == nil {
		o.Values = map[string]float64{}
	}
	return o.Values
}

// momentumKeys are the hyperparameters the m/M keys change, first found.
var momentumKeys = []string{"momentum", "beta1", "rho"}

// nudgeHyper moves the selected run's momentum-like hyperparameter: in
// [0, 1) by ±0.05 (0.99 at most), sam's ρ ×/÷ 2.
func (m *Model) nudgeHyper(dir int) {
	r := m.selRun()
	h, err := m.currentHyper(r)
	if err != nil {
		m.status = err.Error()
		return
	}
	name := ""
	for _, k := range momentumKeys {
		if _, ok := h.Values[k]; ok {
			name = k
			break
		}
	}
	if name == "" {
		m.status = r.label + " has no momentum, β1 or ρ"
		return
	}
	v := h.Values[name]
	spec, _ := optimizers.Lookup(m.s.file.Optimizers[r.spec].Name)
	if spec.HasBase { // sam's ρ is a radius
		v *= math.Pow(2, float64(dir))
	} else {
		v = math.Round((v+0.05*float64(dir))*100) / 100
		v = min(max(v, 0), 0.99)
	}
	f := cloneFile(m.s.file)
	o := &f.Optimizers[r.spec]
	if o.Values == nil {
		o.Values = map[string]float64{}
	}
	o.Values[name] = v
	if !m.s.started() {
		if m.rebuild(f, name) {
			m.status = fmt.Sprintf("%s: %s %.4g", r.label, name, v)
		}
		return
	}
	for _, lr := range m.s.runs {
		if lr.spec == r.spec {
			if err := lr.st.SetHyper(name, v); err != nil {
				m.status = oneLine(err.Error())
				return
			}
		}
	}
	m.s.file = f
	m.s.changed = true
	m.status = fmt.Sprintf("%s: %s %.4g (from step %d)", r.label, name, v, r.point().Step)
}

// scaleBatch changes the selected run's mini-batch size and restarts.
func (m *Model) scaleBatch(k float64) {
	f := cloneFile(m.s.file)
	if f.Noise == nil {
		m.status = "batch: no noise (press n to add gradient noise)"
		return
	}
	r := m.selRun()
	o := &f.Optimizers[r.spec]
	b := 1
	if f.Noise.Batch != nil {
		b = *f.Noise.Batch
	}
	if o.Batch != nil {
		b = *o.Batch
	}
	nb := max(int(math.Round(float64(b)*k)), 1)
	if f.Noise.Model == "finite_sum" && f.Noise.Examples != nil {
		nb = min(nb, *f.Noise.Examples)
	}
	o.Batch = &nb
	if m.rebuild(f, "batch") {
		m.status = fmt.Sprintf("%s: batch %d (restarted)", r.label, nb)
	}
}

// scaleNoise changes σ (or a finite sum's spread), adds gaussian noise
// when there is none, and turns it off below 0.01.
func (m *Model) scaleNoise(k float64) {
	f := cloneFile(m.s.file)
	switch {
	case f.Noise == nil && k > 1:
		sigma, batch := 0.5, 1
		f.Noise = &config.NoiseSpec{Model: "gaussian", Sigma: &sigma, Batch: &batch}
	case f.Noise == nil:
		m.status = "noise is off"
		return
	default:
		p := &f.Noise.Sigma
		if f.Noise.Model == "finite_sum" {
			p = &f.Noise.Spread
		}
		v := 1.0
		if *p != nil {
			v = **p
		}
		v *= k
		*p = &v
		if v < 0.01 {
			f.Noise = nil
			for i := range f.Optimizers {
				f.Optimizers[i].Batch = nil
			}
		}
	}
	if m.rebuild(f, "noise") {
		m.status = "noise off (restarted)"
		if n := f.Noise; n != nil {
			if n.Model == "finite_sum" {
				m.status = fmt.Sprintf("noise finite_sum spread %.4g (restarted)", *n.Spread)
			} else {
				m.status = fmt.Sprintf("noise σ %.4g (restarted)", *n.Sigma)
			}
		}
	}
}

// toggleSchedule turns a cosine decay on or off for the selected run.
func (m *Model) toggleSchedule() {
	f := cloneFile(m.s.file)
	r := m.selRun()
	o := &f.Optimizers[r.spec]
	on := o.Schedule == nil && (o.Base == nil || o.Base.Schedule == nil)
	o.Schedule = nil
	if o.Base != nil {
		o.Base.Schedule = nil
	}
	if on {
		o.Schedule = &config.ScheduleSpec{Decay: &config.DecaySpec{Kind: "cosine"}}
	}
	if m.rebuild(f, "schedule") {
		m.status = fmt.Sprintf("%s: schedule %s (restarted)", r.label, map[bool]string{true: "cosine", false: "off"}[on])
	}
}

// twoD are the surfaces the playground can draw.
func twoD() []string {
	var names []string
	for _, s := range surfaces.Specs() {
		names = append(names, s.Name)
	}
	return names
}

// switchSurface moves to the next 2-D surface with every optimizer at the
// rate compare would give it there, from the surface's standard start.
func (m *Model) switchSurface(dir int) {
	names := twoD()
	i := slices.Index(names, m.s.file.Surface.Name)
	for tries := 0; tries < len(names); tries++ {
		i = (i + dir + len(names)) % len(names)
		f := cloneFile(m.s.file)
		f.Surface = config.SurfaceSpec{Name: names[i]}
		f.Start = nil
		s, err := surfaces.New(names[i], nil, 2)
		if err != nil {
			continue
		}
		p := presets.For(s)
		f.Steps = p.Steps
		if f.Stop != nil && f.Stop.LossGap > 0 && len(s.Minima()) == 0 {
			f.Stop.LossGap = 0
		}
		for k := range f.Optimizers {
			o := &f.Optimizers[k]
			if lr, ok := p.LR[o.Name]; ok && lr > 0 {
				lrMap(o)["lr"] = lr
			}
		}
		m.origStart = nil
		if m.rebuild(f, "surface "+names[i]) {
			m.status = "surface " + names[i]
			return
		}
	}
}

// addOptimizer adds the first registered optimizer not yet running, at
// the surface's preset rate.
func (m *Model) addOptimizer() {
	have := map[string]bool{}
	for _, o := range m.s.file.Optimizers {
		have[o.Name] = true
	}
	s, err := surfaces.New(m.s.file.Surface.Name, m.s.file.Surface.Params, 2)
	if err != nil {
		m.status = err.Error()
		return
	}
	p := presets.For(s)
	for _, spec := range optimizers.Specs() {
		if have[spec.Name] {
			continue
		}
		lr := p.LR[spec.Name]
		entry := config.OptimizerSpec{Name: spec.Name}
		switch {
		case spec.HasBase:
			entry.Base = &config.OptimizerSpec{Name: spec.DefaultBase, Values: map[string]float64{"lr": p.LR[spec.DefaultBase]}}
		case lr > 0:
			entry.Values = map[string]float64{"lr": lr}
		}
		f := cloneFile(m.s.file)
		f.Optimizers = append(f.Optimizers, entry)
		if m.rebuild(f, "add "+spec.Name) {
			m.sel = len(m.s.runs) - 1
			m.status = "added " + spec.Name + " (restarted)"
		}
		return
	}
	m.status = "every optimizer is running"
}

func (m *Model) removeOptimizer() {
	if len(m.s.file.Optimizers) <= 1 {
		m.status = "the last optimizer stays"
		return
	}
	r := m.selRun()
	f := cloneFile(m.s.file)
	f.Optimizers = slices.Delete(f.Optimizers, r.spec, r.spec+1)
	if m.rebuild(f, "remove") {
		m.status = "removed " + r.label + " (restarted)"
	}
}

// moveCursor moves the start cursor by a cell of the map.
func (m *Model) moveCursor(k string) {
	mw, mh := m.mapSize()
	dx := (m.win.x1 - m.win.x0) / float64(max(mw, 1))
	dy := (m.win.y1 - m.win.y0) / float64(max(mh, 1))
	switch k {
	case "up":
		m.cursor[1] += dy
	case "down":
		m.cursor[1] -= dy
	case "left":
		m.cursor[0] -= dx
	case "right":
		m.cursor[0] += dx
	}
	m.status = fmt.Sprintf("cursor (%.4g, %.4g) — enter restarts from it", m.cursor[0], m.cursor[1])
}

// save writes the current setup as YAML. A setting changed mid-run cannot
// be written as a config, so the file then describes a fresh start with
// the current settings, and the status line says so.
func (m *Model) save() {
	data, err := MarshalYAML(m.s.file)
	if err != nil {
		m.status = "save: " + err.Error()
		return
	}
	if m.opt.Save == nil {
		m.status = "save: nowhere to save"
		return
	}
	if err := m.opt.Save(m.opt.SavePath, data); err != nil {
		m.status = "save: " + oneLine(err.Error())
		return
	}
	m.status = "saved " + m.opt.SavePath
	if m.s.changed {
		m.status += " (as a fresh start: settings changed mid-run cannot be written in YAML)"
	}
}

// mapSize is the map's size in cells for the current terminal.
func (m *Model) mapSize() (int, int) {
	w := m.w
	if m.w >= MinWidth+panelW {
		w = m.w - panelW
	}
	return max(w, 0), max(m.h-2, 0)
}

// refield recomputes the window and samples the contours for the current
// map size; only Update calls it.
func (m *Model) refield() {
	mw, mh := m.mapSize()
	if m.w < MinWidth || m.h < MinHeight || mw <= 0 || mh <= 0 {
		m.field = nil
		return
	}
	m.win = m.window(mw, mh)
	m.field = sampleField(m.s.land.F, mw, mh, m.win, m.logScale)
}

// window is the view of the plane: the landscape's window enlarged to
// show the start, zoomed and panned, with equal scales on both axes (a
// cell is about twice as tall as wide).
func (m *Model) window(mw, mh int) window {
	l := m.s.land
	x0, x1, y0, y1 := l.Lo[0], l.Hi[0], l.Lo[1], l.Hi[1]
	if st := m.s.exp.Start; len(st) >= 2 && finite(st[0]) && finite(st[1]) {
		x0, x1 = math.Min(x0, st[0]), math.Max(x1, st[0])
		y0, y1 = math.Min(y0, st[1]), math.Max(y1, st[1])
	}
	cx, cy := (x0+x1)/2, (y0+y1)/2
	wx, wy := (x1-x0)*1.05, (y1-y0)*1.05
	aspect := float64(mw) / float64(2*mh) // width / height of the map, physically
	if wx/wy < aspect {
		wx = wy * aspect
	} else {
		wy = wx / aspect
	}
	wx, wy = wx/m.zoom, wy/m.zoom
	cx += m.pan[0] * wx * m.zoom
	cy += m.pan[1] * wy * m.zoom
	return window{cx - wx/2, cx + wx/2, cy - wy/2, cy + wy/2}
}

func oneLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i] + " …"
		}
	}
	return s
}

// A Final is where one run stands, for the table printed after the
// playground exits (full precision, as trace.csv writes numbers).
type Final struct {
	Label, Status string
	Step          int
	X             []float64
	Loss          float64
}

// Finals lists every run's current point.
func (m *Model) Finals() []Final {
	var out []Final
	for _, r := range m.s.runs {
		p := r.point()
		out = append(out, Final{Label: r.label, Status: r.status(), Step: p.Step, X: append([]float64(nil), p.X...), Loss: p.Loss})
	}
	return out
}

// Paths returns, per run (in RunID order), the points drawn so far: x
// and loss at every step from 0. Tests compare them with trace.csv.
func (m *Model) Paths() (labels []string, xs [][][2]float64, losses [][]float64) {
	for _, r := range m.s.runs {
		labels = append(labels, r.label)
		xs = append(xs, r.path)
		losses = append(losses, r.loss)
	}
	return labels, xs, losses
}

// RunToEnd steps every run until it ends (what the ticks would do).
func (m *Model) RunToEnd() {
	for !m.s.allDone() {
		m.s.step(speeds[len(speeds)-1])
	}
}
