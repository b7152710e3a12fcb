package expr

// The tape of a parsed expression is a tree: every instruction's result
// is used exactly once. Interpreting it with one switch costs a
// mispredicted indirect branch per instruction, which makes a gradient of
// Rosenbrock ten times slower than the hand-written one; so Loss and
// Grad run a tree of closures compiled from the tape instead, where every
// call site always calls the same child and the branch predictor learns
// it. Grad is still reverse mode: fwd stores each node's value in v
// (whose first n slots hold x), rev pushes the adjoint w from the root to
// the leaves.
type (
	fwdFunc func(x, v []float64) float64
	revFunc func(v, g []float64, w float64)
)

// compiled is the closure form of a tape.
type compiled struct {
	fwd fwdFunc
	rev revFunc
}

func (t *Tape) compile() compiled {
	f, r := t.node(t.out)
	return compiled{fwd: f, rev: r}
}

// node compiles slot s. A variable child is read from x directly and
// receives its adjoint in g directly, saving a call per leaf.
func (t *Tape) node(s int32) (fwdFunc, revFunc) {
	n := int32(t.n)
	if s < n {
		i := s
		return func(x, _ []float64) float64 { return x[i] },
			func(_, g []float64, w float64) { g[i] += w }
	}
	in := t.code[s-n]
	a, b := in.a, in.b
	c := in.c
	switch in.op {
	case opConst:
		return func(_, v []float64) float64 { v[s] = c; return c }, func([]float64, []float64, float64) {}
	case opSq:
		if a < n {
			return func(x, v []float64) float64 { y := x[a] * x[a]; v[s] = y; return y },
				func(v, g []float64, w float64) { g[a] += w * 2 * v[a] }
		}
		fa, ra := t.node(a)
		return func(x, v []float64) float64 { va := fa(x, v); y := va * va; v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, w*2*v[a]) }
	case opAddC:
		fa, ra := t.node(a)
		return func(x, v []float64) float64 { y := fa(x, v) + c; v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, w) }
	case opRSubC:
		fa, ra := t.node(a)
		return func(x, v []float64) float64 { y := c - fa(x, v); v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, -w) }
	case opMulC:
		fa, ra := t.node(a)
		return func(x, v []float64) float64 { y := c * fa(x, v); v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, w*c) }
	case opAdd:
		fa, ra := t.node(a)
		fb, rb := t.node(b)
		return func(x, v []float64) float64 { y := fa(x, v) + fb(x, v); v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, w); rb(v, g, w) }
	case opSub:
		fa, ra := t.node(a)
		fb, rb := t.node(b)
		return func(x, v []float64) float64 { y := fa(x, v) - fb(x, v); v[s] = y; return y },
			func(v, g []float64, w float64) { ra(v, g, w); rb(v, g, -w) }
	case opMul:
		fa, ra := t.node(a)
		fb, rb := t.node(b)
		return func(x, v []float64) float64 {
				y := fa(x, v) * fb(x, v)
				v[s] = y
				return y
			},
			func(v, g []float64, w float64) { ra(v, g, w*v[b]); rb(v, g, w*v[a]) }
	}
	// Everything else: the generic value and partials of the tape, with the
	// operands' values kept in their slots.
	fa, ra := t.node(a)
	if !in.readsB() {
		return func(x, v []float64) float64 {
				y := apply(in, fa(x, v), 0)
				v[s] = y
				return y
			},
			func(v, g []float64, w float64) {
				da, _, _, _, _ := partials(in, v[a], 0, v[s])
				ra(v, g, w*da)
			}
	}
	fb, rb := t.node(b)
	return func(x, v []float64) float64 {
			va := fa(x, v)
			y := apply(in, va, fb(x, v))
			v[s] = y
			return y
		},
		func(v, g []float64, w float64) {
			da, db, _, _, _ := partials(in, v[a], v[b], v[s])
			ra(v, g, w*da)
			rb(v, g, w*db)
		}
}
