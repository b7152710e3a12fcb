package expr

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
)

type opcode uint8

// The tape's operations. Constants are folded into the instruction that
// uses them (addc, mulc, …) so that a typical surface is a handful of
// instructions over variable and temporary slots.
const (
	opConst opcode = iota // c
	opAdd                 // a + b
	opSub                 // a − b
	opMul                 // a · b
	opDiv                 // a / b
	opPow                 // a ^ b
	opMin                 // min(a, b)
	opMax                 // max(a, b)
	opAddC                // a + c
	opMulC                // c · a
	opDivC                // a / c
	opRSubC               // c − a
	opRDivC               // c / a
	opSq                  // a²  (a^2)
	opPowC                // a ^ c
	opCPow                // c ^ a
	opNeg
	opSin
	opCos
	opTan
	opExp
	opLog
	opSqrt
	opAbs
	opTanh
	opSinh
	opCosh
	opAtan
)

func unaryOp(name string) (opcode, bool) {
	switch name {
	case "sin":
		return opSin, true
	case "cos":
		return opCos, true
	case "tan":
		return opTan, true
	case "exp":
		return opExp, true
	case "log":
		return opLog, true
	case "sqrt":
		return opSqrt, true
	case "abs":
		return opAbs, true
	case "tanh":
		return opTanh, true
	case "sinh":
		return opSinh, true
	case "cosh":
		return opCosh, true
	case "atan":
		return opAtan, true
	}
	return 0, false
}

func mustUnary(name string) opcode {
	op, ok := unaryOp(name)
	if !ok {
		panic("expr: not a unary function: " + name)
	}
	return op
}

// An instr writes slot n+i (n variables come first) from slots a, b and
// the folded constant c.
type instr struct {
	op   opcode
	a, b int32
	c    float64
}

// A Tape is a parsed expression: a straight-line program. It is
// immutable after Parse and safe for concurrent use; the scratch slots of
// an evaluation are arrays on the stack for small tapes (Loss, Grad) and
// come from a pool otherwise, so evaluations allocate nothing.
type Tape struct {
	n     int
	src   string
	code  []instr
	pos   []int // source offset of each instruction, for domain errors
	konst bool  // the whole expression is the constant c0
	c0    float64
	out   int32 // slot of the result
	prog  prog
	terms []term // the expression as a sum of closed-form terms, if it is one (terms.go)
	pool  sync.Pool
}

// Dim is the number of variables.
func (t *Tape) Dim() int { return t.n }

// Source is the expression text.
func (t *Tape) Source() string { return t.src }

// Len is the number of instructions.
func (t *Tape) Len() int { return len(t.code) }

func (t *Tape) emit(in instr, pos int) node {
	t.code = append(t.code, in)
	t.pos = append(t.pos, pos)
	return node{slot: int32(t.n + len(t.code) - 1)}
}

func (t *Tape) finish(r node) {
	if r.konst {
		t.konst, t.c0 = true, r.val
		return
	}
	t.out = r.slot
	t.prog = t.compile()
	if terms, ok := t.sumOfTerms(t.uses()); ok {
		t.terms = terms
	}
}

func (t *Tape) unary(op opcode, a node, pos int) node {
	if a.konst {
		return node{konst: true, val: apply(instr{op: op}, a.val, 0)}
	}
	return t.emit(instr{op: op, a: a.slot}, pos)
}

func (t *Tape) binary(op opcode, a, b node, pos int) node {
	switch {
	case a.konst && b.konst:
		return node{konst: true, val: apply2(op, a.val, b.val)}
	case b.konst:
		switch op {
		case opAdd:
			return t.emit(instr{op: opAddC, a: a.slot, c: b.val}, pos)
		case opSub:
			return t.emit(instr{op: opAddC, a: a.slot, c: -b.val}, pos) // a − c = a + (−c) exactly
		case opMul:
			return t.emit(instr{op: opMulC, a: a.slot, c: b.val}, pos)
		case opDiv:
			return t.emit(instr{op: opDivC, a: a.slot, c: b.val}, pos)
		case opPow:
			if b.val == 2 {
				return t.emit(instr{op: opSq, a: a.slot}, pos)
			}
			return t.emit(instr{op: opPowC, a: a.slot, c: b.val}, pos)
		}
		cn := t.emit(instr{op: opConst, c: b.val}, pos)
		return t.emit(instr{op: op, a: a.slot, b: cn.slot}, pos)
	case a.konst:
		switch op {
		case opAdd:
			return t.emit(instr{op: opAddC, a: b.slot, c: a.val}, pos)
		case opSub:
			return t.emit(instr{op: opRSubC, a: b.slot, c: a.val}, pos)
		case opMul:
			return t.emit(instr{op: opMulC, a: b.slot, c: a.val}, pos)
		case opDiv:
			return t.emit(instr{op: opRDivC, a: b.slot, c: a.val}, pos)
		case opPow:
			return t.emit(instr{op: opCPow, a: b.slot, c: a.val}, pos)
		}
		cn := t.emit(instr{op: opConst, c: a.val}, pos)
		return t.emit(instr{op: op, a: cn.slot, b: b.slot}, pos)
	}
	return t.emit(instr{op: op, a: a.slot, b: b.slot}, pos)
}

func apply2(op opcode, a, b float64) float64 {
	switch op {
	case opAdd:
		return a + b
	case opSub:
		return a - b
	case opMul:
		return a * b
	case opDiv:
		return a / b
	case opPow:
		return math.Pow(a, b)
	case opMin:
		return math.Min(a, b)
	case opMax:
		return math.Max(a, b)
	}
	panic("expr: not a binary op")
}

// apply is the value of one instruction from its operands' values.
func apply(in instr, a, b float64) float64 {
	switch in.op {
	case opConst:
		return in.c
	case opAdd, opSub, opMul, opDiv, opPow, opMin, opMax:
		return apply2(in.op, a, b)
	case opAddC:
		return a + in.c
	case opMulC:
		return in.c * a
	case opDivC:
		return a / in.c
	case opRSubC:
		return in.c - a
	case opRDivC:
		return in.c / a
	case opSq:
		return a * a
	case opPowC:
		return math.Pow(a, in.c)
	case opCPow:
		return math.Pow(in.c, a)
	case opNeg:
		return -a
	case opSin:
		return math.Sin(a)
	case opCos:
		return math.Cos(a)
	case opTan:
		return math.Tan(a)
	case opExp:
		return math.Exp(a)
	case opLog:
		return math.Log(a)
	case opSqrt:
		return math.Sqrt(a)
	case opAbs:
		return math.Abs(a)
	case opTanh:
		return math.Tanh(a)
	case opSinh:
		return math.Sinh(a)
	case opCosh:
		return math.Cosh(a)
	case opAtan:
		return math.Atan(a)
	}
	panic("expr: unknown op")
}

// partials are an instruction's first and second partial derivatives
// with respect to its operands a and b, given their values and the
// result y.
func partials(in instr, a, b, y float64) (fa, fb, faa, fab, fbb float64) {
	switch in.op {
	case opConst:
		return
	case opAdd:
		return 1, 1, 0, 0, 0
	case opSub:
		return 1, -1, 0, 0, 0
	case opMul:
		return b, a, 0, 1, 0
	case opDiv:
		return 1 / b, -a / (b * b), 0, -1 / (b * b), 2 * a / (b * b * b)
	case opPow:
		fa = b * math.Pow(a, b-1)
		faa = b * (b - 1) * math.Pow(a, b-2)
		if y != 0 { // at a = 0 the b-derivatives vanish instead of 0·log 0
			l := math.Log(a)
			fb = y * l
			fab = math.Pow(a, b-1) * (1 + b*l)
			fbb = y * l * l
		}
		return
	case opMin:
		if a <= b {
			return 1, 0, 0, 0, 0
		}
		return 0, 1, 0, 0, 0
	case opMax:
		if a >= b {
			return 1, 0, 0, 0, 0
		}
		return 0, 1, 0, 0, 0
	case opAddC:
		return 1, 0, 0, 0, 0
	case opMulC:
		return in.c, 0, 0, 0, 0
	case opDivC:
		return 1 / in.c, 0, 0, 0, 0
	case opRSubC:
		return -1, 0, 0, 0, 0
	case opRDivC:
		return -in.c / (a * a), 0, 2 * in.c / (a * a * a), 0, 0
	case opSq:
		return 2 * a, 0, 2, 0, 0
	case opPowC:
		return in.c * math.Pow(a, in.c-1), 0, in.c * (in.c - 1) * math.Pow(a, in.c-2), 0, 0
	case opCPow:
		l := math.Log(in.c)
		return y * l, 0, y * l * l, 0, 0
	case opNeg:
		return -1, 0, 0, 0, 0
	case opSin:
		return math.Cos(a), 0, -y, 0, 0
	case opCos:
		return -math.Sin(a), 0, -y, 0, 0
	case opTan:
		d := 1 + y*y
		return d, 0, 2 * y * d, 0, 0
	case opExp:
		return y, 0, y, 0, 0
	case opLog:
		return 1 / a, 0, -1 / (a * a), 0, 0
	case opSqrt:
		return 0.5 / y, 0, -0.25 / (a * y), 0, 0
	case opAbs:
		switch {
		case a > 0:
			return 1, 0, 0, 0, 0
		case a < 0:
			return -1, 0, 0, 0, 0
		}
		return 0, 0, 0, 0, 0
	case opTanh:
		d := 1 - y*y
		return d, 0, -2 * y * d, 0, 0
	case opSinh:
		return math.Cosh(a), 0, y, 0, 0
	case opCosh:
		return math.Sinh(a), 0, y, 0, 0
	case opAtan:
		d := 1 + a*a
		return 1 / d, 0, -2 * a / (d * d), 0, 0
	}
	panic("expr: unknown op")
}

// binaryOperand reports whether the instruction reads slot b.
func (in instr) readsB() bool {
	switch in.op {
	case opAdd, opSub, opMul, opDiv, opPow, opMin, opMax:
		return true
	}
	return false
}

func (t *Tape) slots() int { return t.n + len(t.code) }

// forward evaluates every slot into v (len ≥ slots), each instruction by
// apply: the definition that the compiled program (compile.go) and the
// sum of terms (terms.go) reproduce faster for Loss and Grad. The Hessian
// and Check, which run it, spend their time elsewhere.
func (t *Tape) forward(v, x []float64) {
	copy(v, x[:t.n])
	for i, in := range t.code {
		v[t.n+i] = apply(in, v[in.a], v[in.b])
	}
}

// Evaluations of tapes with at most smallSlots (midSlots) slots keep
// their values and adjoints in arrays on the stack: no pool round trip,
// nothing shared between goroutines. Larger tapes take their scratch from
// the pool. Go zeroes the arrays on every call, so the sizes are kept
// small (typed surfaces have tens of slots).
const (
	smallSlots = 16
	midSlots   = 64
)

// Loss is the value of the expression at x.
func (t *Tape) Loss(x []float64) float64 {
	if t.terms != nil {
		return sumLoss(t.terms, x)
	}
	if t.konst {
		return t.c0
	}
	p := &t.prog
	switch {
	case p.slots <= smallSlots:
		var v [smallSlots]float64
		return p.forward(v[:], x)
	case p.slots <= midSlots:
		var v [midSlots]float64
		return p.forward(v[:], x)
	}
	w := t.work()
	y := p.forward(w.v, x)
	t.pool.Put(w)
	return y
}

// Grad writes the gradient at x into dst by one forward and one reverse
// sweep over the program, or in closed form for a sum of terms.
func (t *Tape) Grad(dst, x []float64) {
	if t.terms != nil {
		sumGrad(t.terms, dst, x, t.n)
		return
	}
	if t.konst {
		clear(dst[:t.n])
		return
	}
	p := &t.prog
	switch {
	case p.slots <= smallSlots:
		var v, adj [smallSlots]float64
		p.grad(v[:], adj[:], dst, x)
		return
	case p.slots <= midSlots:
		var v, adj [midSlots]float64
		p.grad(v[:], adj[:], dst, x)
		return
	}
	w := t.work()
	clear(w.adj)
	p.grad(w.v, w.adj, dst, x)
	t.pool.Put(w)
}

// grad needs adj zeroed.
func (p *prog) grad(v, adj, dst, x []float64) {
	p.forward(v, x)
	p.reverse(v, adj)
	//lint:ignore S1001 copy calls memmove, which costs more than moving two or three values
	for i, g := range adj[:p.n] {
		dst[i] = g
	}
}

type work struct {
	v, adj, dot, adot []float64
	p                 [][5]float64
}

func (t *Tape) work() *work {
	if w, ok := t.pool.Get().(*work); ok {
		return w
	}
	s := t.slots()
	return &work{v: make([]float64, s), adj: make([]float64, s), dot: make([]float64, s), adot: make([]float64, s), p: make([][5]float64, len(t.code))}
}

// Hessian writes ∇²f(x) into dst by forward-over-reverse differentiation:
// for each coordinate direction e_j, a forward sweep of tangents and a
// reverse sweep of adjoints and their tangents gives column j exactly.
func (t *Tape) Hessian(dst *mat.SymDense, x []float64) {
	n := t.n
	if t.konst {
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				dst.SetSym(i, j, 0)
			}
		}
		return
	}
	w := t.work()
	defer t.pool.Put(w)
	v := w.v
	t.forward(v, x)
	for i, in := range t.code {
		fa, fb, faa, fab, fbb := partials(in, v[in.a], v[in.b], v[n+i])
		if !in.readsB() {
			fb, fab, fbb = 0, 0, 0
		}
		w.p[i] = [5]float64{fa, fb, faa, fab, fbb}
	}
	dot, adj, adot := w.dot, w.adj, w.adot
	for j := 0; j < n; j++ {
		clear(dot)
		dot[j] = 1
		for i, in := range t.code {
			p := &w.p[i]
			dot[n+i] = p[0]*dot[in.a] + p[1]*dot[in.b]
		}
		clear(adj)
		clear(adot)
		adj[t.out] = 1
		for i := len(t.code) - 1; i >= 0; i-- {
			in, p := t.code[i], &w.p[i]
			g, gd := adj[n+i], adot[n+i]
			da, db := dot[in.a], dot[in.b]
			adj[in.a] += g * p[0]
			adot[in.a] += gd*p[0] + g*(p[2]*da+p[3]*db)
			if in.readsB() {
				adj[in.b] += g * p[1]
				adot[in.b] += gd*p[1] + g*(p[3]*da+p[4]*db)
			}
		}
		for i := 0; i <= j; i++ {
			dst.SetSym(i, j, adot[i])
		}
	}
}

// Check evaluates the expression at x and reports the first operation
// whose value is not a finite number although its operands are (log of a
// negative number, division by zero, …) as an *Error at its position.
func (t *Tape) Check(x []float64) error {
	if t.konst {
		if math.IsNaN(t.c0) || math.IsInf(t.c0, 0) {
			return &Error{Src: t.src, Msg: fmt.Sprintf("the expression is the constant %g", t.c0)}
		}
		return nil
	}
	v := make([]float64, t.slots())
	t.forward(v, x)
	for i, in := range t.code {
		y := v[t.n+i]
		if !bad(y) {
			continue
		}
		a, b := v[in.a], 0.0
		if in.readsB() {
			b = v[in.b]
		}
		if bad(a) || bad(b) {
			continue
		}
		return &Error{Src: t.src, Pos: t.pos[i], Msg: domainMsg(in, a, b, x)}
	}
	return nil
}

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

func domainMsg(in instr, a, b float64, x []float64) string {
	at := " at the start ("
	for i, v := range x {
		if i > 0 {
			at += ", "
		}
		at += fmt.Sprintf("%.6g", v)
	}
	at += ")"
	switch in.op {
	case opLog:
		return fmt.Sprintf("domain error: log of %g%s", a, at)
	case opSqrt:
		return fmt.Sprintf("domain error: sqrt of %g%s", a, at)
	case opDiv, opDivC, opRDivC:
		return "domain error: division by zero" + at
	case opPow:
		return fmt.Sprintf("domain error: %g^%g is not a real number%s", a, b, at)
	case opPowC:
		return fmt.Sprintf("domain error: %g^%g is not a real number%s", a, in.c, at)
	case opCPow:
		return fmt.Sprintf("domain error: %g^%g is not a real number%s", in.c, a, at)
	}
	return "domain error: the value is not a finite number" + at
}
