package problem

import "gonum.org/v1/gonum/mat"

// A Frame is how a problem is presented: its name, default window and
// standard start.
type Frame interface {
	Windowed
	Starter
	Name() string
}

// A View presents an objective's landscape in another problem's frame with
// its own marks: a finite sum's averaged loss drawn in its surface's window,
// with the minima the averaging moved. The figures draw View.Loss.
type View struct {
	Objective
	Frame Frame
	Marks []Point
}

// Bounds, Start and Name are the frame's; Minima are the view's marks.
func (v View) Bounds() (lo, hi []float64) { return v.Frame.Bounds() }
func (v View) Start() []float64           { return v.Frame.Start() }
func (v View) Name() string               { return v.Frame.Name() }
func (v View) Minima() []Point            { return v.Marks }

// Hessian is the objective's; a View is only made of objectives that have
// one (see Polishable).
func (v View) Hessian(dst *mat.SymDense, x []float64) { v.Objective.(Hessianer).Hessian(dst, x) }
