package expr

// A sum of terms: most typed surfaces are a sum of squared residuals,
// such as Rosenbrock's (1−x)² + 100·(y−x²)². When the whole expression is
// a chain of additions T1 + T2 + … whose terms each have one of the
// shapes below over variables and constants only, Loss and Grad skip the
// program and its scratch slots: each term's value and derivatives are
// written out in closed form, one dispatch per term and no reverse sweep.
//
// The results are the tape's bit for bit. Every operation the tape does
// is done here in the same order with the same operands: a term's value
// as its instructions compute it, the sum left to right, and the
// gradient as the reverse sweep accumulates it. Through the additions
// every term's adjoint is exactly 1, and the sweep visits the terms from
// the last to the first (a term's instructions come after those of the
// terms to its left), adding each term's contributions to its variables
// in the order of its own instructions, last first. Grad does the same.
type termKind uint8

const (
	tSq          termKind = iota // a²
	tMulC                        // c·a
	tMulCSq                      // c·a²
	tSqAddC                      // (a + c)²
	tSqRSubC                     // (c − a)²
	tSqAdd                       // (a + b)²
	tSqSub                       // (a − b)²
	tMulCSqSub                   // c·(a − b)²
	tSqSubSq                     // (a − b²)²
	tMulCSqSubSq                 // c·(a − b²)², Rosenbrock's valley
)

// A term is one summand over the variables a and b (indices into x).
type term struct {
	kind termKind
	a, b int32
	c    float64
}

// sumOfTerms returns the terms of t's expression when it has that shape.
// uses counts the readers of every slot.
func (t *Tape) sumOfTerms(uses []int) ([]term, bool) {
	n := int32(t.n)
	var rev []term // last term first
	last := len(t.code)
	s := t.out
	for {
		if s < n {
			return nil, false
		}
		in := t.code[s-n]
		if in.op != opAdd || in.b < n || uses[in.b] != 1 {
			break // s itself is the first term
		}
		tm, first, ok := t.matchTerm(in.b, uses)
		if !ok || int(in.b-n) >= last {
			return nil, false
		}
		rev = append(rev, tm)
		last = first
		s = in.a
	}
	tm, first, ok := t.matchTerm(s, uses)
	if !ok || int(s-n) >= last || first < 0 {
		return nil, false
	}
	rev = append(rev, tm)
	// Every instruction is a term's or an addition's: nothing else runs
	// in the tape's sweeps.
	count := len(rev) - 1
	terms := make([]term, len(rev))
	for i, tm := range rev {
		terms[len(rev)-1-i] = tm
		count += tm.kind.instrs()
	}
	if count != len(t.code) {
		return nil, false
	}
	return terms, true
}

// instrs is the number of tape instructions a term of kind k stands for.
func (k termKind) instrs() int {
	switch k {
	case tSq, tMulC:
		return 1
	case tMulCSqSub, tSqSubSq:
		return 3
	case tMulCSqSubSq:
		return 4
	}
	return 2
}

// uses counts the instructions reading each slot.
func (t *Tape) uses() []int {
	uses := make([]int, t.slots())
	for _, in := range t.code {
		uses[in.a]++
		if in.readsB() {
			uses[in.b]++
		}
	}
	return uses
}

// matchTerm matches the instruction writing slot s (and the single-use
// temporaries it reads) against the term shapes, and returns the index of
// its first instruction; the others lie between it and s.
func (t *Tape) matchTerm(s int32, uses []int) (term, int, bool) {
	n := int32(t.n)
	// inner is the instruction writing a temporary read only by the
	// term, or false when slot a is a variable or shared.
	inner := func(a int32) (instr, int32, bool) {
		if a < n || uses[a] != 1 {
			return instr{}, 0, false
		}
		return t.code[a-n], a - n, true
	}
	in, i, ok := inner(s)
	if !ok && s >= n {
		in, i, ok = t.code[s-n], s-n, true // the first term may be read only by its addition
	}
	if !ok {
		return term{}, 0, false
	}
	isVar := func(a int32) bool { return a < n }
	switch in.op {
	case opSq:
		if isVar(in.a) {
			return term{kind: tSq, a: in.a}, int(i), true
		}
		sq, j, ok := inner(in.a)
		if !ok {
			break
		}
		switch {
		case sq.op == opAddC && isVar(sq.a):
			return term{kind: tSqAddC, a: sq.a, c: sq.c}, int(j), true
		case sq.op == opRSubC && isVar(sq.a):
			return term{kind: tSqRSubC, a: sq.a, c: sq.c}, int(j), true
		case sq.op == opAdd && isVar(sq.a) && isVar(sq.b):
			return term{kind: tSqAdd, a: sq.a, b: sq.b}, int(j), true
		case sq.op == opSub && isVar(sq.a) && isVar(sq.b):
			return term{kind: tSqSub, a: sq.a, b: sq.b}, int(j), true
		case sq.op == opSub && isVar(sq.a):
			if b2, k, ok := inner(sq.b); ok && b2.op == opSq && isVar(b2.a) {
				return term{kind: tSqSubSq, a: sq.a, b: b2.a}, int(k), true
			}
		}
	case opMulC:
		if isVar(in.a) {
			return term{kind: tMulC, a: in.a, c: in.c}, int(i), true
		}
		sq, j, ok := inner(in.a)
		if !ok || sq.op != opSq {
			break
		}
		if isVar(sq.a) {
			return term{kind: tMulCSq, a: sq.a, c: in.c}, int(j), true
		}
		inTerm, f, ok := t.matchTerm(in.a, uses)
		if !ok {
			break
		}
		switch inTerm.kind {
		case tSqSub:
			return term{kind: tMulCSqSub, a: inTerm.a, b: inTerm.b, c: in.c}, f, true
		case tSqSubSq:
			return term{kind: tMulCSqSubSq, a: inTerm.a, b: inTerm.b, c: in.c}, f, true
		}
	}
	return term{}, 0, false
}

// sumLoss is the sum's value at x, added left to right as the tape's
// chain of additions does.
func sumLoss(terms []term, x []float64) float64 {
	y := terms[0].value(x)
	for i := 1; i < len(terms); i++ {
		y += terms[i].value(x)
	}
	return y
}

func (tm *term) value(x []float64) float64 {
	a := x[tm.a]
	switch tm.kind {
	case tSq:
		return a * a
	case tMulC:
		return tm.c * a
	case tMulCSq:
		return tm.c * (a * a)
	case tSqAddC:
		m := a + tm.c
		return m * m
	case tSqRSubC:
		m := tm.c - a
		return m * m
	case tSqAdd:
		m := a + x[tm.b]
		return m * m
	case tSqSub:
		m := a - x[tm.b]
		return m * m
	case tMulCSqSub:
		m := a - x[tm.b]
		return tm.c * (m * m)
	case tSqSubSq:
		b := x[tm.b]
		m := a - b*b
		return m * m
	default: // tMulCSqSubSq
		b := x[tm.b]
		m := a - b*b
		return tm.c * (m * m)
	}
}

// sumGrad writes the sum's gradient at x into dst[:n]. Each line is the
// reverse sweep's product of partials for that variable: through (·)² a
// factor 2m, through c· a factor c, through a subtraction −1.
func sumGrad(terms []term, dst, x []float64, n int) {
	dst = dst[:n]
	for i := range dst {
		dst[i] = 0
	}
	for i := len(terms) - 1; i >= 0; i-- {
		tm := &terms[i]
		a := x[tm.a]
		switch tm.kind {
		case tSq:
			dst[tm.a] += 2 * a
		case tMulC:
			dst[tm.a] += tm.c
		case tMulCSq:
			dst[tm.a] += tm.c * (2 * a)
		case tSqAddC:
			dst[tm.a] += 2 * (a + tm.c)
		case tSqRSubC:
			dst[tm.a] += -(2 * (tm.c - a))
		case tSqAdd:
			d := 2 * (a + x[tm.b])
			dst[tm.a] += d
			dst[tm.b] += d
		case tSqSub:
			d := 2 * (a - x[tm.b])
			dst[tm.a] += d
			dst[tm.b] += -d
		case tMulCSqSub:
			d := tm.c * (2 * (a - x[tm.b]))
			dst[tm.a] += d
			dst[tm.b] += -d
		case tSqSubSq:
			b := x[tm.b]
			d := 2 * (a - b*b)
			dst[tm.a] += d
			dst[tm.b] += -d * (2 * b)
		default: // tMulCSqSubSq
			b := x[tm.b]
			d := tm.c * (2 * (a - b*b))
			dst[tm.a] += d
			dst[tm.b] += -d * (2 * b)
		}
	}
}
