// Package expr turns a formula typed by a user, such as
// "(1-x)^2 + 100*(y-x^2)^2", into a problem with exact derivatives: the
// text is parsed once into a tape (a straight-line program over slots),
// evaluated without allocation, differentiated in reverse mode for the
// gradient and forward-over-reverse for the Hessian. A Surface wraps a
// tape with its window, start and minima so that it stands behind
// problem's seam wherever a built-in surface does.
//
// Grammar (docs/expressions.md):
//
//	sum   = term { ("+" | "-") term }
//	term  = unary { ("*" | "/") unary }
//	unary = ("-" | "+") unary | power
//	power = atom [ "^" unary ]          right-associative; -x^2 = −(x²)
//	atom  = number | name | name "(" sum { "," sum } ")" | "(" sum ")"
//
// Names are the variables, then the parameters, then pi and e.
package expr

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An Error is a bad expression: what is wrong and where (Pos is a byte
// offset into Src). Its message shows the text with a caret under Pos.
type Error struct {
	Src string
	Pos int
	Msg string
}

// Column is the 1-based column of Pos, counted in characters.
func (e *Error) Column() int { return utf8.RuneCountInString(e.Src[:min(e.Pos, len(e.Src))]) + 1 }

func (e *Error) Error() string {
	col := e.Column()
	return fmt.Sprintf("%s at column %d\n    %s\n    %s^", e.Msg, col, e.Src, strings.Repeat(" ", col-1))
}

// arity is the number of arguments of a grammar function (0: two or
// more), and whether name is one.
func arity(name string) (int, bool) {
	switch name {
	case "min", "max":
		return 0, true
	}
	if _, ok := unaryOp(name); ok {
		return 1, true
	}
	return 0, false
}

// Funcs lists the grammar's functions, for documentation and tests.
func Funcs() []string {
	return []string{"sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "sinh", "cosh", "atan", "min", "max"}
}

// IsFunc reports whether name is a function of the grammar.
func IsFunc(name string) bool { _, ok := arity(name); return ok }

// Parse compiles src over the variables vars (in order: x[i] is vars[i])
// with the named constant parameters. Errors are *Error.
func Parse(src string, vars []string, params map[string]float64) (*Tape, error) {
	seen := map[string]bool{}
	for _, v := range vars {
		if !isName(v) {
			return nil, &Error{Src: src, Msg: fmt.Sprintf("variable name %q is not a name", v)}
		}
		if IsFunc(v) {
			return nil, &Error{Src: src, Msg: fmt.Sprintf("variable %q is the name of a function", v)}
		}
		if seen[v] {
			return nil, &Error{Src: src, Msg: fmt.Sprintf("variable %q listed twice", v)}
		}
		seen[v] = true
	}
	for k := range params {
		if seen[k] {
			return nil, &Error{Src: src, Msg: fmt.Sprintf("parameter %q is also a variable", k)}
		}
		if !isName(k) || IsFunc(k) {
			return nil, &Error{Src: src, Msg: fmt.Sprintf("parameter name %q is not usable", k)}
		}
	}
	p := &parser{src: src, vars: vars, params: params, t: &Tape{n: len(vars), src: src}}
	p.next()
	if p.tok.kind == tEOF {
		return nil, p.errAt(0, "empty expression")
	}
	r, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		if p.tok.kind == tRParen {
			return nil, p.errAt(p.tok.pos, "unbalanced parenthesis: ')' without '('")
		}
		return nil, p.errAt(p.tok.pos, fmt.Sprintf("unexpected %s", p.tok.describe()))
	}
	p.t.finish(r)
	return p.t, nil
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

type tokKind int

const (
	tEOF tokKind = iota
	tNum
	tName
	tOp // + - * / ^
	tLParen
	tRParen
	tComma
	tBad
)

type token struct {
	kind tokKind
	pos  int
	text string
	num  float64
}

func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "end of expression"
	case tNum:
		return "number " + t.text
	case tName:
		return "name " + t.text
	case tComma:
		return "','"
	}
	return "'" + t.text + "'"
}

type parser struct {
	src    string
	i      int
	tok    token
	vars   []string
	params map[string]float64
	t      *Tape
	depth  int
}

func (p *parser) errAt(pos int, msg string) *Error { return &Error{Src: p.src, Pos: pos, Msg: msg} }

func (p *parser) next() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t' || p.src[p.i] == '\n' || p.src[p.i] == '\r') {
		p.i++
	}
	start := p.i
	if p.i >= len(p.src) {
		p.tok = token{kind: tEOF, pos: start}
		return
	}
	c := p.src[p.i]
	switch {
	case c >= '0' && c <= '9' || c == '.':
		j := p.i
		for j < len(p.src) && (p.src[j] >= '0' && p.src[j] <= '9' || p.src[j] == '.') {
			j++
		}
		if j < len(p.src) && (p.src[j] == 'e' || p.src[j] == 'E') {
			k := j + 1
			if k < len(p.src) && (p.src[k] == '+' || p.src[k] == '-') {
				k++
			}
			if k < len(p.src) && p.src[k] >= '0' && p.src[k] <= '9' {
				for k < len(p.src) && p.src[k] >= '0' && p.src[k] <= '9' {
					k++
				}
				j = k
			}
		}
		text := p.src[p.i:j]
		v, err := strconv.ParseFloat(text, 64)
		p.i = j
		if err != nil {
			p.tok = token{kind: tBad, pos: start, text: text}
			return
		}
		p.tok = token{kind: tNum, pos: start, text: text, num: v}
	case strings.IndexByte("+-*/^", c) >= 0:
		p.i++
		p.tok = token{kind: tOp, pos: start, text: string(c)}
	case c == '(':
		p.i++
		p.tok = token{kind: tLParen, pos: start, text: "("}
	case c == ')':
		p.i++
		p.tok = token{kind: tRParen, pos: start, text: ")"}
	case c == ',':
		p.i++
		p.tok = token{kind: tComma, pos: start, text: ","}
	default:
		r, size := utf8.DecodeRuneInString(p.src[p.i:])
		if r == '_' || unicode.IsLetter(r) {
			j := p.i + size
			for j < len(p.src) {
				r2, s2 := utf8.DecodeRuneInString(p.src[j:])
				if !(r2 == '_' || unicode.IsLetter(r2) || unicode.IsDigit(r2)) {
					break
				}
				j += s2
			}
			p.tok = token{kind: tName, pos: start, text: p.src[p.i:j]}
			p.i = j
			return
		}
		p.i += size
		p.tok = token{kind: tBad, pos: start, text: string(r)}
	}
}

// A node is a parsed subexpression: a constant (folded at parse time) or
// the slot of the tape that holds its value.
type node struct {
	konst bool
	val   float64
	slot  int32
}

func (p *parser) sum() (node, error) {
	a, err := p.term()
	if err != nil {
		return a, err
	}
	for p.tok.kind == tOp && (p.tok.text == "+" || p.tok.text == "-") {
		op, pos := p.tok.text, p.tok.pos
		p.next()
		b, err := p.term()
		if err != nil {
			return b, err
		}
		if op == "+" {
			a = p.t.binary(opAdd, a, b, pos)
		} else {
			a = p.t.binary(opSub, a, b, pos)
		}
	}
	return a, nil
}

func (p *parser) term() (node, error) {
	a, err := p.unary()
	if err != nil {
		return a, err
	}
	for p.tok.kind == tOp && (p.tok.text == "*" || p.tok.text == "/") {
		op, pos := p.tok.text, p.tok.pos
		p.next()
		b, err := p.unary()
		if err != nil {
			return b, err
		}
		if op == "*" {
			a = p.t.binary(opMul, a, b, pos)
		} else {
			a = p.t.binary(opDiv, a, b, pos)
		}
	}
	return a, nil
}

// maxDepth bounds nesting so that a hostile expression cannot exhaust
// the stack of the recursive descent.
const maxDepth = 200

func (p *parser) unary() (node, error) {
	if p.tok.kind == tOp && (p.tok.text == "-" || p.tok.text == "+") {
		op, pos := p.tok.text, p.tok.pos
		p.depth++
		if p.depth > maxDepth {
			return node{}, p.errAt(pos, "expression nested too deeply")
		}
		p.next()
		a, err := p.unary()
		p.depth--
		if err != nil || op == "+" {
			return a, err
		}
		return p.t.unary(opNeg, a, pos), nil
	}
	return p.power()
}

func (p *parser) power() (node, error) {
	a, err := p.atom()
	if err != nil {
		return a, err
	}
	if p.tok.kind == tOp && p.tok.text == "^" {
		pos := p.tok.pos
		p.next()
		p.depth++
		if p.depth > maxDepth {
			return node{}, p.errAt(pos, "expression nested too deeply")
		}
		b, err := p.unary() // right-associative, and 2^-x is allowed
		p.depth--
		if err != nil {
			return b, err
		}
		return p.t.binary(opPow, a, b, pos), nil
	}
	return a, nil
}

func (p *parser) missing(what string) *Error {
	switch p.tok.kind {
	case tEOF:
		return p.errAt(p.tok.pos, "expression ends where "+what+" was expected (trailing operator?)")
	case tRParen:
		return p.errAt(p.tok.pos, "')' where "+what+" was expected")
	case tBad:
		return p.errAt(p.tok.pos, fmt.Sprintf("unexpected character or bad number %q", p.tok.text))
	}
	return p.errAt(p.tok.pos, fmt.Sprintf("%s where %s was expected", p.tok.describe(), what))
}

func (p *parser) atom() (node, error) {
	tok := p.tok
	switch tok.kind {
	case tNum:
		p.next()
		return node{konst: true, val: tok.num}, nil
	case tLParen:
		p.depth++
		if p.depth > maxDepth {
			return node{}, p.errAt(tok.pos, "expression nested too deeply")
		}
		p.next()
		a, err := p.sum()
		p.depth--
		if err != nil {
			return a, err
		}
		if p.tok.kind != tRParen {
			if p.tok.kind == tEOF {
				return a, p.errAt(tok.pos, "unbalanced parenthesis: '(' is never closed")
			}
			return a, p.errAt(p.tok.pos, fmt.Sprintf("expected ')' to close the '(' at column %d, got %s", utf8.RuneCountInString(p.src[:tok.pos])+1, p.tok.describe()))
		}
		p.next()
		return a, nil
	case tName:
		p.next()
		if p.tok.kind == tLParen {
			return p.call(tok)
		}
		for i, v := range p.vars {
			if v == tok.text {
				return node{slot: int32(i)}, nil
			}
		}
		if v, ok := p.params[tok.text]; ok {
			return node{konst: true, val: v}, nil
		}
		switch tok.text {
		case "pi":
			return node{konst: true, val: math.Pi}, nil
		case "e":
			return node{konst: true, val: math.E}, nil
		}
		if IsFunc(tok.text) {
			return node{}, p.errAt(tok.pos, fmt.Sprintf("function %s needs its argument in parentheses", tok.text))
		}
		return node{}, p.errAt(tok.pos, fmt.Sprintf("unknown variable %q (variables: %s)", tok.text, strings.Join(p.vars, ", ")))
	}
	return node{}, p.missing("a number, a name or '('")
}

func (p *parser) call(name token) (node, error) {
	n, ok := arity(name.text)
	if !ok {
		return node{}, p.errAt(name.pos, fmt.Sprintf("unknown function %q (functions: %s)", name.text, strings.Join(Funcs(), " ")))
	}
	open := p.tok.pos
	p.depth++
	if p.depth > maxDepth {
		return node{}, p.errAt(open, "expression nested too deeply")
	}
	defer func() { p.depth-- }()
	p.next()
	var args []node
	for {
		a, err := p.sum()
		if err != nil {
			return a, err
		}
		args = append(args, a)
		if p.tok.kind == tComma {
			p.next()
			continue
		}
		if p.tok.kind != tRParen {
			if p.tok.kind == tEOF {
				return a, p.errAt(open, "unbalanced parenthesis: '(' is never closed")
			}
			return a, p.errAt(p.tok.pos, fmt.Sprintf("expected ',' or ')' in %s(…), got %s", name.text, p.tok.describe()))
		}
		p.next()
		break
	}
	if n == 1 && len(args) != 1 {
		return node{}, p.errAt(name.pos, fmt.Sprintf("%s takes one argument, got %d", name.text, len(args)))
	}
	if n == 0 && len(args) < 2 {
		return node{}, p.errAt(name.pos, fmt.Sprintf("%s takes two or more arguments, got %d", name.text, len(args)))
	}
	if n == 0 {
		op := opMin
		if name.text == "max" {
			op = opMax
		}
		a := args[0]
		for _, b := range args[1:] {
			a = p.t.binary(op, a, b, name.pos)
		}
		return a, nil
	}
	return p.t.unary(mustUnary(name.text), args[0], name.pos), nil
}
