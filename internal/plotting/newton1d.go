package plotting

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A Newton1DIterate is one point of a path on a function of one variable
// with the derivatives the figure draws its local models from.
type Newton1DIterate struct{ X, F, D1, D2 float64 }

// A Newton1DPath is the iterates from one start.
type Newton1DPath struct {
	Label    string
	Iterates []Newton1DIterate
}

// Newton1DOptions is the lecture's first figure: f(x) with the iterates of
// Newton's method on it and, at each iterate, the local model the next
// step comes from — the parabola f + f′t + ½f″t² whose vertex is the next
// iterate (Newton for minima: 1/f″ acts as the learning rate), or with
// Root the tangent f + f′t whose zero is (Newton for zeros, x ← x − f/f′).
type Newton1DOptions struct {
	Title  string
	F      func(x float64) float64
	Lo, Hi float64
	Paths  []Newton1DPath
	Root   bool
}

// Newton1D draws the figure. The y range spans f over the window (with a
// margin), and the local models are cut where they leave it.
func Newton1D(o Newton1DOptions) (*plot.Plot, error) {
	if o.F == nil || !(o.Lo < o.Hi) || !finite(o.Lo, o.Hi) {
		return nil, fmt.Errorf("plotting: newton 1-D: need f and a window lo < hi, got [%g, %g]", o.Lo, o.Hi)
	}
	const samples = 600
	curve := make(plotter.XYs, 0, samples+1)
	ylo, yhi := math.Inf(1), math.Inf(-1)
	for i := 0; i <= samples; i++ {
		x := o.Lo + (o.Hi-o.Lo)*float64(i)/samples
		y := o.F(x)
		if !finite(y) {
			continue
		}
		curve = append(curve, plotter.XY{X: x, Y: y})
		ylo, yhi = math.Min(ylo, y), math.Max(yhi, y)
	}
	if len(curve) < 2 {
		return nil, fmt.Errorf("plotting: newton 1-D: f is not finite on [%g, %g]", o.Lo, o.Hi)
	}
	if o.Root {
		ylo, yhi = math.Min(ylo, 0), math.Max(yhi, 0)
	}
	pad := 0.08 * math.Max(yhi-ylo, 1e-12)
	ylo, yhi = ylo-pad, yhi+pad
	title := o.Title
	if title == "" {
		title = "Newton's method"
	}
	p, leg := newSmoothingPlot(title, "x", "f(x)")
	if o.Root {
		zero, err := plotter.NewLine(plotter.XYs{{X: o.Lo, Y: 0}, {X: o.Hi, Y: 0}})
		if err != nil {
			return nil, err
		}
		zero.Color, zero.Width = color.Gray{0x99}, vg.Points(1)
		p.Add(zero)
	}
	fl, err := plotter.NewLine(curve)
	if err != nil {
		return nil, err
	}
	fl.Color, fl.Width = color.Black, vg.Points(2.5)
	p.Add(fl)
	leg.Add("f(x)", fl)
	model := "local parabola f + f′t + ½f″t²"
	if o.Root {
		model = "tangent f + f′t (its zero is the next x)"
	}
	for k, path := range o.Paths {
		col := RunColor(k)
		pts := make(plotter.XYs, 0, len(path.Iterates))
		for j, it := range path.Iterates {
			if !finite(it.X, it.F) {
				break
			}
			pts = append(pts, plotter.XY{X: it.X, Y: it.F})
			if j == len(path.Iterates)-1 || !finite(it.D1, it.D2) {
				continue
			}
			segs := localModel(it, o, ylo, yhi)
			for _, seg := range segs {
				l, err := plotter.NewLine(seg)
				if err != nil {
					return nil, err
				}
				l.Color, l.Width, l.Dashes = withAlpha(col, 0.75), vg.Points(1.3), []vg.Length{vg.Points(5), vg.Points(3)}
				p.Add(l)
			}
		}
		if len(pts) == 0 {
			continue
		}
		path2, err := plotter.NewLine(pts)
		if err != nil {
			return nil, err
		}
		path2.Color, path2.Width = withAlpha(col, 0.5), vg.Points(1)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(4), Shape: draw.CircleGlyph{}}
		first, err := plotter.NewScatter(pts[:1])
		if err != nil {
			return nil, err
		}
		first.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(6), Shape: draw.RingGlyph{}}
		p.Add(path2, sc, first)
		last := path.Iterates[len(pts)-1]
		what := ""
		if !o.Root && last.D2 < 0 {
			what = " (a maximum)"
		}
		leg.Add(fmt.Sprintf("%s: %d steps → x = %.4g%s", path.Label, len(pts)-1, last.X, what), sc)
	}
	dash, _ := plotter.NewLine(plotter.XYs{{}, {X: 1}})
	dash.Color, dash.Width, dash.Dashes = color.Gray{0x55}, vg.Points(1.3), []vg.Length{vg.Points(5), vg.Points(3)}
	leg.Add(model, dash)
	// Last: p.Add widens the axes to all data, and iterates that jump out
	// of the window would shrink the function to a corner. Lines are
	// clipped to the window, glyphs outside it not drawn.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = o.Lo, o.Hi, ylo, yhi
	return p, nil
}

// localModel samples the model at an iterate between it and a bit beyond
// the next iterate it predicts, cut into the pieces inside [ylo, yhi].
func localModel(it Newton1DIterate, o Newton1DOptions, ylo, yhi float64) []plotter.XYs {
	q := func(t float64) float64 { return it.F + it.D1*t + 0.5*it.D2*t*t }
	next := -it.D1 / it.D2
	if o.Root {
		q = func(t float64) float64 { return it.F + it.D1*t }
		next = -it.F / it.D1
	}
	half := math.Abs(next) * 1.3
	if !finite(half) || half == 0 {
		half = 0.15 * (o.Hi - o.Lo)
	}
	half = math.Max(math.Min(half, o.Hi-o.Lo), 0.05*(o.Hi-o.Lo))
	var segs []plotter.XYs
	var cur plotter.XYs
	const n = 120
	for i := 0; i <= n; i++ {
		x := it.X - half + 2*half*float64(i)/n
		y := q(x - it.X)
		if x < o.Lo || x > o.Hi || !(y >= ylo && y <= yhi) {
			if len(cur) > 1 {
				segs = append(segs, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, plotter.XY{X: x, Y: y})
	}
	if len(cur) > 1 {
		segs = append(segs, cur)
	}
	return segs
}
