package plotting

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"math"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/optlab/optlab/internal/plotting/encode"
	"github.com/optlab/optlab/internal/trace"
)

// fiveSpirals are five runs of n steps spiralling from (-1.2, 1) towards (1, 1).
func fiveSpirals(n int) []trace.Run {
	var runs []trace.Run
	for k := range 5 {
		r := trace.Run{Label: string(rune('a' + k)), Optimizer: "sgd", Status: trace.MaxSteps}
		for s := 0; s <= n; s++ {
			f := math.Exp(-4 * float64(s) / float64(n))
			a := float64(s) * 0.02 * float64(k+1)
			x := 1 + (-2.2)*f*math.Cos(a)
			y := 1 + 0.8*f*math.Sin(a)*float64(k-2)/2
			r.Points = append(r.Points, trace.Point{Step: s, X: []float64{x, y}, Loss: f})
		}
		runs = append(runs, r)
	}
	return runs
}

func rosenbrockLandscape() Landscape {
	return Landscape{Name: "rosenbrock", F: FuncOf(func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }),
		Lo: [2]float64{-2, -1}, Hi: [2]float64{2, 3}, Points: []Landmark{{Name: "global", X: 1, Y: 1}}}
}

// A 100-frame GIF of five 2000-step paths: frame count, size, duration,
// time, and the last frame draws every point the PNG draws.
func TestTrajectoryGIF(t *testing.T) {
	runs := fiveSpirals(2000)
	l := rosenbrockLandscape()
	var buf bytes.Buffer
	start := time.Now()
	frames, err := TrajectoryGIF(&buf, l, runs, GIFOptions{Frames: 100, FPS: 20, LogSteps: true})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100 frames, five paths: %d bytes in %v", buf.Len(), took)
	if buf.Len() >= 5<<20 {
		t.Errorf("GIF is %d bytes, want < 5 MB", buf.Len())
	}
	if took > 2*time.Second && !raceEnabled {
		t.Errorf("GIF took %v, want < 2 s", took)
	}
	g, err := gif.DecodeAll(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 100 || len(frames) != 100 {
		t.Fatalf("%d frames decoded, %d reported, want 100", len(g.Image), len(frames))
	}
	total := 0
	for _, d := range g.Delay {
		total += d
	}
	if total != 500 { // 100 frames at 20 fps: 5 s in centiseconds
		t.Errorf("duration %d cs, want 500", total)
	}
	for k := 1; k < len(frames); k++ {
		if frames[k].Step < frames[k-1].Step {
			t.Fatalf("frame steps decrease: %d then %d", frames[k-1].Step, frames[k].Step)
		}
	}
	// Log spacing shows the start: the tenth frame is still in the first 5% of steps.
	if frames[9].Step > 100 {
		t.Errorf("log-spaced frame 10 at step %d", frames[9].Step)
	}
	last := frames[len(frames)-1]
	for i, r := range runs {
		if last.Points[i] != len(finitePath(r)) {
			t.Errorf("last frame draws %d points of run %d, it has %d", last.Points[i], i, len(r.Points))
		}
	}
	// Composite the frames and check the path points' pixels against the PNG
	// of the same runs at the same size: both show a run colour there.
	comp := image.NewPaletted(g.Image[0].Bounds(), g.Image[0].Palette)
	for _, fr := range g.Image {
		for y := fr.Rect.Min.Y; y < fr.Rect.Max.Y; y++ {
			for x := fr.Rect.Min.X; x < fr.Rect.Max.X; x++ {
				comp.SetColorIndex(x, y, fr.ColorIndexAt(x, y))
			}
		}
	}
	// The PNG's pixels, with the paths and without (each run's start alone,
	// carrying its final loss, as the GIF's background is drawn).
	render := func(rs []trace.Run) (image.Image, func(x, y float64) image.Point, image.Rectangle) {
		p, err := Trajectory(l.Cached(), rs, TrajectoryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		c := vgimg.NewWith(vgimg.UseWH(encode.DefaultWidth, encode.DefaultHeight), vgimg.UseDPI(defaultGIFDPI))
		dc := encode.Inset(draw.New(c))
		p.Draw(dc)
		da := p.DataCanvas(dc)
		trX, trY := p.Transforms(&da)
		H := float64(c.Image().Bounds().Dy())
		d := func(v vg.Length) int { return int(v.Dots(defaultGIFDPI)) }
		return c.Image(), func(x, y float64) image.Point { return image.Pt(d(trX(x)), int(H-trY(y).Dots(defaultGIFDPI))) },
			image.Rect(d(da.Min.X)+2, int(H)-d(da.Max.Y)+2, d(da.Max.X)-2, int(H)-d(da.Min.Y)-2)
	}
	png, at, inside := render(runs)
	starts := make([]trace.Run, len(runs))
	for i, r := range runs {
		starts[i] = r
		p0 := r.Points[0]
		p0.Loss = r.Points[len(r.Points)-1].Loss
		starts[i].Points = []trace.Point{p0}
	}
	bare, _, _ := render(starts)
	isRun := func(col color.Color) bool {
		r, g, b, _ := col.RGBA()
		for _, rc := range runColors {
			dr, dg, db := float64(r>>8)-float64(rc.R), float64(g>>8)-float64(rc.G), float64(b>>8)-float64(rc.B)
			if dr*dr+dg*dg+db*db < 30*30 {
				return true
			}
		}
		return false
	}
	checked, miss := 0, 0
	for _, r := range runs {
		for k := 0; k < len(r.Points); k += 37 {
			pt := at(r.Points[k].X[0], r.Points[k].X[1])
			if !pt.In(inside) {
				continue
			}
			checked++
			// Drawn in the PNG: the pixel differs from the bare figure's; in
			// the GIF: a run colour, or a mark of the bare figure left on top.
			// Under a mark (start, star), both keep the mark on top.
			inPNG := png.At(pt.X, pt.Y) != bare.At(pt.X, pt.Y)
			gifMark := comp.ColorIndexAt(pt.X, pt.Y) < gifRuns0
			ok := (inPNG && (isRun(comp.At(pt.X, pt.Y)) || gifMark)) || (!inPNG && gifMark)
			if !ok {
				miss++
				if miss < 6 {
					t.Logf("at %v step %d: GIF %v, PNG %v, bare %v", pt, k, comp.At(pt.X, pt.Y), png.At(pt.X, pt.Y), bare.At(pt.X, pt.Y))
				}
			}
		}
	}
	// One in a hundred may fall on a mark's anti-aliased edge, which the
	// GIF's palette rounds to a grey it protects or to the path.
	if checked < 100 || miss > checked/100 {
		t.Errorf("of %d path points, %d are not drawn in both the GIF's last frame and the PNG", checked, miss)
	}
}

func TestFrameSteps(t *testing.T) {
	for _, log := range []bool{false, true} {
		s := FrameSteps(1000, 100, log)
		if len(s) != 100 || s[99] != 1000 || s[0] < 0 {
			t.Fatalf("log=%v: %v", log, s)
		}
	}
	if s := FrameSteps(1000, 100, false); s[49] != 500 {
		t.Errorf("linear frame 50 at %d", s[49])
	}
	if s := FrameSteps(3, 10, true); s[9] != 3 {
		t.Errorf("short run: %v", s)
	}
}
