package plotting

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"io"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// GIFOptions configure TrajectoryGIF.
type GIFOptions struct {
	Frames int     // frames; default 100
	FPS    float64 // frames per second; default 20
	// LogSteps spaces the frames' steps on a log scale, so both the fast
	// start and the slow end are seen; otherwise linearly.
	LogSteps bool
	// DPI of the frames (the figure is 12in × 9in); default 64.
	DPI float64
}

// GIF defaults.
const (
	DefaultGIFFrames = 100
	DefaultGIFFPS    = 20
	defaultGIFDPI    = 64
)

// FrameSteps are the last steps each of n frames shows for runs of T
// steps: increasing, the last one T; on a log scale when log is set.
func FrameSteps(T, n int, log bool) []int {
	steps := make([]int, n)
	for k := range steps {
		f := float64(k+1) / float64(n)
		s := f * float64(T)
		if log {
			s = math.Expm1(f * math.Log1p(float64(T)))
		}
		steps[k] = int(math.Round(s))
		if k > 0 && steps[k] < steps[k-1] {
			steps[k] = steps[k-1]
		}
	}
	if n > 0 {
		steps[n-1] = T
	}
	return steps
}

// A GIFFrame says what one frame of a trajectory GIF shows.
type GIFFrame struct {
	Step   int   // the last step drawn
	Points []int // points drawn per run (finite points with Step ≤ Step)
}

// TrajectoryGIF writes an animated GIF of runs over l: the trajectory
// figure without paths is drawn once (same window, contours, legend as
// Trajectory's PNG), then each frame adds the paths up to its step, with a
// step counter. The palette is built from the heat map's colours (plain
// and under contour lines), the run colours and greys, so that the
// contours keep their colours; frames after the first store only the
// rectangle that changed. It returns what each frame drew.
func TrajectoryGIF(w io.Writer, l Landscape, runs []trace.Run, o GIFOptions) ([]GIFFrame, error) {
	if o.Frames <= 0 {
		o.Frames = DefaultGIFFrames
	}
	if !(o.FPS > 0) {
		o.FPS = DefaultGIFFPS
	}
	if o.DPI <= 0 {
		o.DPI = defaultGIFDPI
	}
	if len(runs) == 0 {
		return nil, errors.New("plotting: a GIF needs runs")
	}
	if l.grids == nil {
		l = l.Cached()
	}
	// The background: the figure with each run reduced to its start, so the
	// window (set by the starts), legend and marks are the PNG's.
	starts := make([]trace.Run, len(runs))
	T := 0
	for i, r := range runs {
		starts[i] = r
		if len(r.Points) > 0 {
			// The start alone, carrying the run's final loss for the legend.
			p0 := r.Points[0]
			if f, ok := lastLoss(r); ok {
				p0.Loss = f
			}
			starts[i].Points = []trace.Point{p0}
			// A stop mark would land on the start: the GIF's runs end unmarked.
			starts[i].Status = trace.MaxSteps
			T = max(T, r.Points[len(r.Points)-1].Step)
		}
	}
	p, err := Trajectory(l, starts, TrajectoryOptions{Overlay: true}) // the frames draw over one data area
	if err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(encode.DefaultWidth, encode.DefaultHeight), vgimg.UseDPI(int(o.DPI)))
	dc := encode.Inset(draw.New(c))
	p.Draw(dc)
	da := p.DataCanvas(dc)
	trX, trY := p.Transforms(&da)
	bg := c.Image()
	bounds := bg.Bounds()
	H := float64(bounds.Dy())
	toPix := func(x, y float64) (float64, float64) {
		return trX(x).Dots(o.DPI), H - trY(y).Dots(o.DPI)
	}
	clip := image.Rect(int(da.Min.X.Dots(o.DPI)), int(H-da.Max.Y.Dots(o.DPI)), int(da.Max.X.Dots(o.DPI)), int(H-da.Min.Y.Dots(o.DPI)))

	groups := groupRuns(runs)
	pal := gifPalette(len(groups))
	cur := image.NewPaletted(bounds, pal)
	q := newQuantizer(pal)
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			cur.Pix[cur.PixOffset(x, y)] = q.index(bg.At(x, y))
		}
	}
	// The marks (start, minima: black, white and grey pixels) stay on top
	// of the paths, as in the PNG.
	protect := make([]bool, len(cur.Pix))
	for y := clip.Min.Y; y < clip.Max.Y; y++ {
		for x := clip.Min.X; x < clip.Max.X; x++ {
			i := cur.PixOffset(x, y)
			protect[i] = cur.Pix[i] < gifRuns0
		}
	}
	type path struct {
		px, py []float64
		steps  []int
		col    uint8
		width  float64
	}
	var paths []path
	for gi, g := range groups {
		for _, r := range g.Runs {
			pts := finitePath(r)
			pa := path{col: uint8(gifRunIndex(gi % len(runColors))), width: 1.6}
			if len(g.Runs) > 1 {
				pa.width = 0.8
			}
			for k, q := range pts {
				x, y := toPix(q.X, q.Y)
				pa.px, pa.py = append(pa.px, x), append(pa.py, y)
				pa.steps = append(pa.steps, r.Points[k].Step)
			}
			paths = append(paths, pa)
		}
	}
	frameSteps := FrameSteps(T, o.Frames, o.LogSteps)
	delay := int(math.Round(100 / o.FPS))
	anim := &gif.GIF{Config: image.Config{ColorModel: pal, Width: bounds.Dx(), Height: bounds.Dy()}}
	drawn := make([]int, len(paths)) // points drawn per path so far
	frames := make([]GIFFrame, 0, o.Frames)
	// The step counter goes in the free top-left corner, above the data area.
	label := image.Rect(4, 4, 4+7*12, 4+16)
	for fi, step := range frameSteps {
		dirty := image.Rectangle{}
		for i := range paths {
			pa := &paths[i]
			n := drawn[i]
			for n < len(pa.steps) && pa.steps[n] <= step {
				a := max(n-1, 0)
				r := thickLine(cur, protect, clip, pa.px[a], pa.py[a], pa.px[n], pa.py[n], pa.width, pa.col)
				dirty = dirty.Union(r)
				n++
			}
			drawn[i] = n
		}
		for y := label.Min.Y; y < label.Max.Y; y++ {
			for x := label.Min.X; x < label.Max.X; x++ {
				cur.SetColorIndex(x, y, gifWhite)
			}
		}
		d := font.Drawer{Dst: cur, Src: image.NewUniform(pal[gifBlack]), Face: basicfont.Face7x13,
			Dot: fixed.P(label.Min.X+3, label.Max.Y-4)}
		d.DrawString(fmt.Sprintf("step %d", step))
		dirty = dirty.Union(label)
		frame := cur
		if fi > 0 {
			dirty = dirty.Intersect(bounds)
			frame = image.NewPaletted(dirty, pal)
			for y := dirty.Min.Y; y < dirty.Max.Y; y++ {
				copy(frame.Pix[frame.PixOffset(dirty.Min.X, y):frame.PixOffset(dirty.Max.X, y)], cur.Pix[cur.PixOffset(dirty.Min.X, y):cur.PixOffset(dirty.Max.X, y)])
			}
		} else {
			frame = image.NewPaletted(bounds, pal)
			copy(frame.Pix, cur.Pix)
		}
		anim.Image = append(anim.Image, frame)
		anim.Delay = append(anim.Delay, delay)
		anim.Disposal = append(anim.Disposal, gif.DisposalNone)
		frames = append(frames, GIFFrame{Step: step, Points: append([]int(nil), drawn...)})
	}
	if err := gif.EncodeAll(w, anim); err != nil {
		return nil, fmt.Errorf("plotting: gif: %w", err)
	}
	return frames, nil
}

// thickLine draws a segment of half-width hw (pixels) in colour ci, clipped
// to clip; it returns the rectangle it touched.
func thickLine(img *image.Paletted, protect []bool, clip image.Rectangle, x0, y0, x1, y1, hw float64, ci uint8) image.Rectangle {
	if !finite(x0, y0, x1, y1) {
		return image.Rectangle{}
	}
	// Segments far outside are cut to the clip box's reach first.
	minX, maxX := math.Min(x0, x1)-hw, math.Max(x0, x1)+hw
	minY, maxY := math.Min(y0, y1)-hw, math.Max(y0, y1)+hw
	r := image.Rect(int(math.Floor(math.Max(minX, float64(clip.Min.X)))), int(math.Floor(math.Max(minY, float64(clip.Min.Y)))),
		int(math.Ceil(math.Min(maxX, float64(clip.Max.X)))), int(math.Ceil(math.Min(maxY, float64(clip.Max.Y)))))
	r = r.Intersect(clip)
	if r.Empty() {
		return image.Rectangle{}
	}
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			t := 0.0
			if l2 > 0 {
				t = math.Min(math.Max(((px-x0)*dx+(py-y0)*dy)/l2, 0), 1)
			}
			ex, ey := px-(x0+t*dx), py-(y0+t*dy)
			if i := img.PixOffset(x, y); ex*ex+ey*ey <= hw*hw && !protect[i] {
				img.Pix[i] = ci
			}
		}
	}
	return r
}

// Palette layout of the GIFs.
const (
	gifWhite = 0
	gifBlack = 1
	gifGreys = 16                   // greys from index 2
	gifRuns0 = 2 + gifGreys         // run colours
	gifLand0 = gifRuns0 + 15        // heat-map colours, then the same under contour lines
	gifLandN = (256 - gifLand0) / 2 // heat-map colours sampled
)

func gifRunIndex(i int) int { return gifRuns0 + i }

// gifPalette is white, black, greys, the run colours and the heat map's
// colours plain and darkened as under the contour lines (#202020 at 0x60).
func gifPalette(int) color.Palette {
	pal := color.Palette{color.White, color.Black}
	for i := 1; i <= gifGreys; i++ {
		v := uint8(255 * i / (gifGreys + 1))
		pal = append(pal, color.NRGBA{v, v, v, 255})
	}
	for _, c := range runColors {
		pal = append(pal, c)
	}
	const a = 0x60 / 255.0
	var dark []color.Color
	for i := 0; i < gifLandN; i++ {
		c := figurePalette().at(float64(i) / float64(gifLandN-1))
		pal = append(pal, c)
		mix := func(v uint8) uint8 { return uint8(float64(v)*(1-a) + 0x20*a + 0.5) }
		dark = append(dark, color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 255})
	}
	pal = append(pal, dark...)
	for len(pal) < 256 {
		pal = append(pal, color.Black)
	}
	return pal
}

// A quantizer maps colours to the nearest palette entry, memoised on
// 15-bit RGB (the background has few distinct colours but many pixels).
type quantizer struct {
	pal  color.Palette
	memo []int16
}

func newQuantizer(pal color.Palette) *quantizer {
	q := &quantizer{pal: pal, memo: make([]int16, 1<<15)}
	for i := range q.memo {
		q.memo[i] = -1
	}
	return q
}

func (q *quantizer) index(c color.Color) uint8 {
	r, g, b, _ := c.RGBA()
	k := (r>>11)<<10 | (g>>11)<<5 | b>>11
	if q.memo[k] < 0 {
		q.memo[k] = int16(q.pal.Index(color.RGBA64{uint16(r), uint16(g), uint16(b), 0xffff}))
	}
	return uint8(q.memo[k])
}

// GIFSize is the size in pixels of the GIF frames at dpi (0: default).
func GIFSize(dpi float64) (int, int) {
	if dpi <= 0 {
		dpi = defaultGIFDPI
	}
	px := func(l vg.Length) int { return int(l/vg.Inch*vg.Length(dpi) + 0.5) }
	return px(encode.DefaultWidth), px(encode.DefaultHeight)
}
