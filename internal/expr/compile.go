package expr

// Loss and Grad run a program compiled from the tape: the same
// instructions, with common pairs fused into one step (the square of a
// difference, a constant times a square, …) so that the interpreter
// dispatches on fewer opcodes, and every step naming its result slot. One
// loop with a switch runs the steps forward, one runs them backward
// pushing adjoints from the result to the variables (reverse mode). There
// are no closures and no interface calls; the switch compiles to a jump
// table. The Hessian keeps the tape itself (tape.go).

// A prog's opcodes are numbered densely, so that its switches compile to
// jump tables (one indirect branch per step, which the predictor learns for
// a fixed program) rather than trees of comparisons. Every op without a
// case of its own runs as pGeneric through the tape's apply and partials.
type pop uint8

const (
	pGeneric   pop = iota
	pAdd           // a + b
	pSub           // a − b
	pMul           // a · b
	pAddC          // a + c
	pMulC          // c · a
	pRSubC         // c − a
	pSq            // a²
	pNeg           // −a
	pSqAddC        // (a + c)², inner a + c in slot m
	pSqRSubC       // (c − a)², inner c − a in slot m
	pSqAdd         // (a + b)², inner a + b in slot m
	pSqSub         // (a − b)², inner a − b in slot m
	pMulCSq        // c·a², inner a² in slot m
	pMulCSqSub     // c·(a − b)², inner a − b in slot m, its square in slot q
)

// direct maps the tape's opcodes that have a case of their own.
func direct(op opcode) pop {
	switch op {
	case opAdd:
		return pAdd
	case opSub:
		return pSub
	case opMul:
		return pMul
	case opAddC:
		return pAddC
	case opMulC:
		return pMulC
	case opRSubC:
		return pRSubC
	case opSq:
		return pSq
	case opNeg:
		return pNeg
	}
	return pGeneric
}

// A step writes slot s (and, when fused, the inner result to slot m) from
// slots a and b and the constant c.
type step struct {
	op      pop
	a, b    int32
	s, m, q int32
	c       float64
	generic instr // the tape's instruction, for the ops without a case
}

// prog is the compiled form of a tape with at least one instruction.
type prog struct {
	n     int
	slots int // values and adjoints each need this many
	out   int32
	steps []step
}

func (t *Tape) compile() prog {
	n := int32(t.n)
	uses := t.uses()
	p := prog{n: t.n, slots: t.slots(), out: t.out}
	steps := make([]step, len(t.code))
	dead := make([]bool, len(t.code)) // fused into its only user
	for i, in := range t.code {
		s := n + int32(i)
		st := step{op: direct(in.op), a: in.a, b: in.b, s: s, m: s, c: in.c, generic: in}
		if !in.readsB() {
			st.b = in.a // a valid slot, never read
		}
		// The operand a is a temporary used by this instruction only: fold
		// its instruction into this step.
		if in.a >= n && uses[in.a] == 1 {
			inner := steps[in.a-n] // possibly fused itself: then no case matches
			fused := true
			switch {
			case st.op == pSq && inner.op == pAddC:
				st = step{op: pSqAddC, a: inner.a, b: inner.a, c: inner.c, m: inner.s}
			case st.op == pSq && inner.op == pRSubC:
				st = step{op: pSqRSubC, a: inner.a, b: inner.a, c: inner.c, m: inner.s}
			case st.op == pSq && inner.op == pAdd:
				st = step{op: pSqAdd, a: inner.a, b: inner.b, m: inner.s}
			case st.op == pSq && inner.op == pSub:
				st = step{op: pSqSub, a: inner.a, b: inner.b, m: inner.s}
			case st.op == pMulC && inner.op == pSq:
				st = step{op: pMulCSq, a: inner.a, b: inner.a, c: in.c, m: inner.s}
			case st.op == pMulC && inner.op == pSqSub:
				st = step{op: pMulCSqSub, a: inner.a, b: inner.b, c: in.c, m: inner.m, q: inner.s}
			default:
				fused = false
			}
			if fused {
				dead[inner.s-n] = true
				st.s = s
			}
		}
		steps[i] = st
	}
	for i, st := range steps {
		if !dead[i] {
			p.steps = append(p.steps, st)
		}
	}
	return p
}

// forward evaluates every step into v (len ≥ p.slots) and returns the
// result.
func (p *prog) forward(v, x []float64) float64 {
	//lint:ignore S1001 copy calls memmove, which costs more than moving two or three values
	for i, xi := range x[:p.n] {
		v[i] = xi
	}
	for i := range p.steps {
		st := &p.steps[i]
		var r float64
		switch st.op {
		case pAdd:
			r = v[st.a] + v[st.b]
		case pSub:
			r = v[st.a] - v[st.b]
		case pMul:
			r = v[st.a] * v[st.b]
		case pAddC:
			r = v[st.a] + st.c
		case pMulC:
			r = st.c * v[st.a]
		case pRSubC:
			r = st.c - v[st.a]
		case pSq:
			a := v[st.a]
			r = a * a
		case pNeg:
			r = -v[st.a]
		case pSqAddC:
			m := v[st.a] + st.c
			v[st.m] = m
			r = m * m
		case pSqRSubC:
			m := st.c - v[st.a]
			v[st.m] = m
			r = m * m
		case pSqAdd:
			m := v[st.a] + v[st.b]
			v[st.m] = m
			r = m * m
		case pSqSub:
			m := v[st.a] - v[st.b]
			v[st.m] = m
			r = m * m
		case pMulCSq:
			a := v[st.a]
			m := a * a
			v[st.m] = m
			r = st.c * m
		case pMulCSqSub:
			m := v[st.a] - v[st.b]
			v[st.m] = m
			q := m * m
			v[st.q] = q
			r = st.c * q
		default:
			r = apply(st.generic, v[st.a], v[st.b])
		}
		v[st.s] = r
	}
	return v[p.out]
}

// reverse pushes the adjoint 1 of the result back through the steps,
// given the values of forward in v, and adds the gradient into g[:n].
// adj (len ≥ p.slots) must be zero.
func (p *prog) reverse(v, adj []float64) {
	adj[p.out] = 1
	for i := len(p.steps) - 1; i >= 0; i-- {
		st := &p.steps[i]
		w := adj[st.s]
		switch st.op {
		case pAdd:
			adj[st.a] += w
			adj[st.b] += w
		case pSub:
			adj[st.a] += w
			adj[st.b] -= w
		case pMul:
			adj[st.a] += w * v[st.b]
			adj[st.b] += w * v[st.a]
		case pAddC:
			adj[st.a] += w
		case pMulC:
			adj[st.a] += w * st.c
		case pRSubC:
			adj[st.a] -= w
		case pSq:
			adj[st.a] += w * 2 * v[st.a]
		case pNeg:
			adj[st.a] -= w
		case pSqAddC:
			adj[st.a] += w * 2 * v[st.m]
		case pSqRSubC:
			adj[st.a] -= w * 2 * v[st.m]
		case pSqAdd:
			d := w * 2 * v[st.m]
			adj[st.a] += d
			adj[st.b] += d
		case pSqSub:
			d := w * 2 * v[st.m]
			adj[st.a] += d
			adj[st.b] -= d
		case pMulCSq:
			adj[st.a] += w * st.c * 2 * v[st.a]
		case pMulCSqSub:
			d := w * st.c * 2 * v[st.m]
			adj[st.a] += d
			adj[st.b] -= d
		default:
			da, db, _, _, _ := partials(st.generic, v[st.a], v[st.b], v[st.s])
			adj[st.a] += w * da
			if st.generic.readsB() {
				adj[st.b] += w * db
			}
		}
	}
}
