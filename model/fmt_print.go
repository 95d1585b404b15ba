package model

import (
	"fmt"
	"go/types"
	"strconv"
	"unicode/utf8"
)

// This file is the formatting core of the fmt model: a port of fmt's
// printer (fmt/print.go) to the interpreter's values. It walks composite
// values itself, following the same steps as fmt does with reflect, and
// delegates the formatting of each basic value to the real fmt with an
// equivalent verb and flags, so that numbers, quoting and padding are
// exactly Go's.

// fmtEnv gives the formatter access to the interpreted program.
type fmtEnv interface {
	// callMethod calls the method name of the dynamic type t with
	// receiver recv and the given arguments, and returns its result. A
	// panic of the method propagates as a Go panic, which panicValue
	// recognises.
	callMethod(t types.Type, name string, recv Value, args ...Value) Value
	// panicValue returns the panic value (an Iface) of a Go panic r
	// recovered from callMethod, or ok false if r is not a panic of the
	// interpreted program (an exit, an unsupported construct, a bug) and
	// must propagate.
	panicValue(r any) (v Iface, ok bool)
	// formatState returns the fmt.State value (an Iface) handed to the
	// Format method of a fmt.Formatter: its methods act on p.
	formatState(p *fmtPrinter) Iface
}

// fmtFlagSet holds the flags of the directive being formatted, as fmt's
// fmtFlags does.
type fmtFlagSet struct {
	widPresent  bool
	precPresent bool
	minus       bool
	plus        bool
	sharp       bool
	space       bool
	zero        bool
	// For %+v and %#v, plusV and sharpV are set and plus and sharp
	// cleared, as fmt does.
	plusV  bool
	sharpV bool
}

// fmtPrinter formats interpreted values as fmt's pp does.
type fmtPrinter struct {
	env fmtEnv
	buf []byte

	fmtFlagSet
	wid  int
	prec int

	// reordered records whether the format used argument indexes.
	reordered bool
	// goodArgNum records whether the last argument index was valid.
	goodArgNum bool
	// panicking is set while printing the value of a panic raised by a
	// String, Error, GoString or Format method.
	panicking bool
	// erroring is set while printing a bad verb's operand: methods are
	// not called then.
	erroring bool
	// wrapErrs is set for Errorf, where %w is allowed.
	wrapErrs bool
	// wrappedErrs holds the argument numbers of the %w operands.
	wrappedErrs []int
}

func newFmtPrinter(env fmtEnv) *fmtPrinter {
	return &fmtPrinter{env: env}
}

func (p *fmtPrinter) clearFlags() {
	p.fmtFlagSet = fmtFlagSet{}
	p.wid = 0
	p.prec = 0
}

// fmtMaxDepth bounds the nesting of the values printed.
const fmtMaxDepth = 10000

// Text of fmt's error and nil annotations.
const (
	fmtNilAngle    = "<nil>"
	fmtNilParen    = "(nil)"
	fmtPercentBang = "%!"
)

// --- writing -------------------------------------------------------------

func (p *fmtPrinter) writeString(s string) { p.buf = append(p.buf, s...) }

func (p *fmtPrinter) writeByte(c byte) { p.buf = append(p.buf, c) }

func (p *fmtPrinter) writeRune(r rune) { p.buf = utf8.AppendRune(p.buf, r) }

// writePadding writes n bytes of padding: zeros with the 0 flag unless
// padding on the right.
func (p *fmtPrinter) writePadding(n int) {
	pad := byte(' ')
	if p.zero && !p.minus {
		pad = '0'
	}
	for ; n > 0; n-- {
		p.buf = append(p.buf, pad)
	}
}

// padString writes s padded to the width, as fmt's padString.
func (p *fmtPrinter) padString(s string) {
	if !p.widPresent || p.wid == 0 {
		p.writeString(s)
		return
	}
	width := p.wid - utf8.RuneCountInString(s)
	if !p.minus {
		p.writePadding(width)
		p.writeString(s)
	} else {
		p.writeString(s)
		p.writePadding(width)
	}
}

// leaf writes x, a Go value of a basic type or a []byte, formatted by the
// real fmt with verb, the current width, precision, minus, space and zero
// flags, and the given sharp and plus flags.
func (p *fmtPrinter) leaf(verb rune, sharp, plus bool, x any) {
	spec := make([]byte, 1, 24)
	spec[0] = '%'
	if sharp {
		spec = append(spec, '#')
	}
	if plus {
		spec = append(spec, '+')
	}
	if p.minus {
		spec = append(spec, '-')
	}
	if p.space {
		spec = append(spec, ' ')
	}
	if p.zero {
		spec = append(spec, '0')
	}
	if p.widPresent && p.wid > 0 {
		spec = strconv.AppendInt(spec, int64(p.wid), 10)
	}
	if p.precPresent {
		spec = append(spec, '.')
		spec = strconv.AppendInt(spec, int64(p.prec), 10)
	}
	spec = utf8.AppendRune(spec, verb)
	p.buf = fmt.Appendf(p.buf, string(spec), x)
}

// leafVerb writes the basic value x for verb. For %v without the # flag
// it uses plain, the verb %v stands for with x's kind (t, d, g or s):
// equivalent, and unlike %v it keeps the meaning of raw # and + flags,
// which fmt leaves set when it prints a bad verb's operand.
func (p *fmtPrinter) leafVerb(verb, plain rune, x any) {
	if verb == 'v' {
		if p.sharpV {
			p.leaf('v', true, false, x)
			return
		}
		verb = plain
	}
	p.leaf(verb, p.sharp, p.plus, x)
}

// fmtS writes s as %s does.
func (p *fmtPrinter) fmtS(s string) { p.leaf('s', false, false, s) }

// fmt0x64 writes u in hexadecimal, with or without a leading 0x.
func (p *fmtPrinter) fmt0x64(u uint64, leading0x bool) { p.leaf('x', leading0x, p.plus, u) }

// --- printf --------------------------------------------------------------

// fmtTooLarge reports whether x is too large to be a width or precision.
func fmtTooLarge(x int) bool {
	const max int = 1e6
	return x > max || x < -max
}

// fmtParseNum parses a decimal number in s[start:end].
func fmtParseNum(s string, start, end int) (num int, isNum bool, newi int) {
	if start >= end {
		return 0, false, end
	}
	for newi = start; newi < end && '0' <= s[newi] && s[newi] <= '9'; newi++ {
		if fmtTooLarge(num) {
			return 0, false, end
		}
		num = num*10 + int(s[newi]-'0')
		isNum = true
	}
	return
}

// fmtIntFromArg returns a[argNum] as an int for a * width or precision.
func fmtIntFromArg(a []Iface, argNum int) (num int, isInt bool, newArgNum int) {
	newArgNum = argNum
	if argNum >= len(a) {
		return
	}
	arg := a[argNum]
	if b, ok := arg.T.(*types.Basic); ok && b.Kind() == types.Int {
		num, isInt = arg.V.(int), true
	} else if arg.T != nil {
		if b, ok := arg.T.Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
			n := toUint64(arg.V)
			if b.Info()&types.IsUnsigned == 0 {
				num, isInt = int(int64(n)), true
			} else if int64(n) >= 0 && uint64(int(n)) == n {
				num, isInt = int(n), true
			}
		}
	}
	newArgNum = argNum + 1
	if fmtTooLarge(num) {
		num, isInt = 0, false
	}
	return
}

// fmtParseArgNumber parses a bracketed argument number at format[0].
func fmtParseArgNumber(format string) (index int, wid int, ok bool) {
	if len(format) < 3 {
		return 0, 1, false
	}
	for i := 1; i < len(format); i++ {
		if format[i] == ']' {
			width, ok, newi := fmtParseNum(format, 1, i)
			if !ok || newi != i {
				return 0, i + 1, false
			}
			return width - 1, i + 1, true
		}
	}
	return 0, 1, false
}

// argNumber returns the next argument to use: argNum, or the argument
// index at format[i:] if there is one.
func (p *fmtPrinter) argNumber(argNum int, format string, i int, numArgs int) (newArgNum, newi int, found bool) {
	if len(format) <= i || format[i] != '[' {
		return argNum, i, false
	}
	p.reordered = true
	index, wid, ok := fmtParseArgNumber(format[i:])
	if ok && 0 <= index && index < numArgs {
		return index, i + wid, true
	}
	p.goodArgNum = false
	return argNum, i + wid, ok
}

// setV converts the # and + flags for the verbs v and w, as fmt does.
func (p *fmtPrinter) setV() {
	p.sharpV = p.sharp
	p.sharp = false
	p.plusV = p.plus
	p.plus = false
}

// doPrintf formats a according to format, as fmt.Sprintf.
func (p *fmtPrinter) doPrintf(format string, a []Iface) {
	end := len(format)
	argNum := 0
	afterIndex := false
	p.reordered = false
formatLoop:
	for i := 0; i < end; {
		p.goodArgNum = true
		lasti := i
		for i < end && format[i] != '%' {
			i++
		}
		if i > lasti {
			p.writeString(format[lasti:i])
		}
		if i >= end {
			break
		}
		i++ // skip %

		p.clearFlags()
	simpleFormat:
		for ; i < end; i++ {
			c := format[i]
			switch c {
			case '#':
				p.sharp = true
			case '0':
				p.zero = true
			case '+':
				p.plus = true
			case '-':
				p.minus = true
			case ' ':
				p.space = true
			default:
				// Fast path: a lower-case verb right after the flags.
				if 'a' <= c && c <= 'z' && argNum < len(a) {
					switch c {
					case 'w':
						p.wrappedErrs = append(p.wrappedErrs, argNum)
						p.setV()
					case 'v':
						p.setV()
					}
					p.printArg(a[argNum], rune(c))
					argNum++
					i++
					continue formatLoop
				}
				break simpleFormat
			}
		}

		argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))

		// Width.
		if i < end && format[i] == '*' {
			i++
			p.wid, p.widPresent, argNum = fmtIntFromArg(a, argNum)
			if !p.widPresent {
				p.writeString("%!(BADWIDTH)")
			}
			if p.wid < 0 {
				p.wid = -p.wid
				p.minus = true
				p.zero = false
			}
			afterIndex = false
		} else {
			p.wid, p.widPresent, i = fmtParseNum(format, i, end)
			if afterIndex && p.widPresent { // "%[3]2d"
				p.goodArgNum = false
			}
		}

		// Precision.
		if i+1 < end && format[i] == '.' {
			i++
			if afterIndex { // "%[3].2d"
				p.goodArgNum = false
			}
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
			if i < end && format[i] == '*' {
				i++
				p.prec, p.precPresent, argNum = fmtIntFromArg(a, argNum)
				if p.prec < 0 {
					p.prec = 0
					p.precPresent = false
				}
				if !p.precPresent {
					p.writeString("%!(BADPREC)")
				}
				afterIndex = false
			} else {
				p.prec, p.precPresent, i = fmtParseNum(format, i, end)
				if !p.precPresent {
					p.prec = 0
					p.precPresent = true
				}
			}
		}

		if !afterIndex {
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
		}

		if i >= end {
			p.writeString("%!(NOVERB)")
			break
		}

		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size

		switch {
		case verb == '%':
			p.writeByte('%')
		case !p.goodArgNum:
			p.writeString(fmtPercentBang)
			p.writeRune(verb)
			p.writeString("(BADINDEX)")
		case argNum >= len(a):
			p.writeString(fmtPercentBang)
			p.writeRune(verb)
			p.writeString("(MISSING)")
		default:
			switch verb {
			case 'w':
				p.wrappedErrs = append(p.wrappedErrs, argNum)
				p.setV()
			case 'v':
				p.setV()
			}
			p.printArg(a[argNum], verb)
			argNum++
		}
	}

	// Extra arguments, unless the format used argument indexes.
	if !p.reordered && argNum < len(a) {
		p.clearFlags()
		p.writeString("%!(EXTRA ")
		for i, arg := range a[argNum:] {
			if i > 0 {
				p.writeString(", ")
			}
			if arg.T == nil {
				p.writeString(fmtNilAngle)
			} else {
				p.writeString(fmtTypeString(arg.T))
				p.writeByte('=')
				p.printArg(arg, 'v')
			}
		}
		p.writeByte(')')
	}
}

// doPrint formats a as fmt.Sprint: spaces between operands when neither
// is a string.
func (p *fmtPrinter) doPrint(a []Iface) {
	prevString := false
	for argNum, arg := range a {
		isString := arg.T != nil && fmtIsString(arg.T)
		if argNum > 0 && !isString && !prevString {
			p.writeByte(' ')
		}
		p.printArg(arg, 'v')
		prevString = isString
	}
}

// doPrintln formats a as fmt.Sprintln.
func (p *fmtPrinter) doPrintln(a []Iface) {
	for argNum, arg := range a {
		if argNum > 0 {
			p.writeByte(' ')
		}
		p.printArg(arg, 'v')
	}
	p.writeByte('\n')
}

func fmtIsString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// --- operands ------------------------------------------------------------

// printArg formats one operand for verb.
func (p *fmtPrinter) printArg(arg Iface, verb rune) {
	if arg.T == nil {
		switch verb {
		case 'T', 'v':
			p.padString(fmtNilAngle)
		default:
			p.badVerb(verb, nil, nil, true)
		}
		return
	}
	t := types.Unalias(arg.T)
	switch verb {
	case 'T':
		p.fmtS(fmtTypeString(t))
		return
	case 'p':
		p.fmtPointer(t, arg.V, 'p', true)
		return
	}
	if fmtIsByteSlice(t) {
		// fmt's fast path for []byte, which names the type []byte.
		p.fmtBytes(t, arg.V, verb, "[]byte")
		return
	}
	if !p.handleMethods(t, arg.V, verb) {
		p.printValue(t, arg.V, verb, 0, false)
	}
}

// badVerb writes %!verb(type=value). fromArg says whether the operand is
// the argument of printArg (rather than a value reached by printValue).
func (p *fmtPrinter) badVerb(verb rune, t types.Type, v Value, fromArg bool) {
	p.erroring = true
	p.writeString(fmtPercentBang)
	p.writeRune(verb)
	p.writeByte('(')
	if t == nil {
		p.writeString(fmtNilAngle)
	} else {
		p.writeString(fmtTypeString(t))
		p.writeByte('=')
		if fromArg {
			p.printArg(Iface{T: t, V: v}, 'v')
		} else {
			p.printValue(t, v, 'v', 0, false)
		}
	}
	p.writeByte(')')
	p.erroring = false
}

// handleMethods formats a value of dynamic type t through its Format,
// GoString, Error or String method, as fmt does, and reports whether it
// did.
func (p *fmtPrinter) handleMethods(t types.Type, v Value, verb rune) bool {
	if p.erroring {
		return false
	}
	if verb == 'w' {
		// %w is only valid in Errorf, with an error operand.
		if !p.wrapErrs || !fmtHasStringMethod(t, "Error") {
			p.badVerb(verb, t, v, true)
			return true
		}
		verb = 'v'
	}
	if !fmtMayHaveMethods(t) {
		return false
	}
	if fmtIsFormatter(t) {
		p.callFormat(t, v, verb)
		return true
	}
	if p.sharpV {
		if fmtHasStringMethod(t, "GoString") {
			if s, ok := p.callString(t, v, verb, "GoString"); ok {
				p.fmtS(s)
			}
			return true
		}
		return false
	}
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		for _, m := range [...]string{"Error", "String"} {
			if fmtHasStringMethod(t, m) {
				if s, ok := p.callString(t, v, verb, m); ok {
					p.fmtString(t, s, verb)
				}
				return true
			}
		}
	}
	return false
}

// callString calls the method (of type func() string) of v and returns
// its result; if it panics, it writes what fmt writes then and returns
// false.
func (p *fmtPrinter) callString(t types.Type, v Value, verb rune, method string) (s string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p.catchPanic(r, t, v, verb, method)
			ok = false
		}
	}()
	s, _ = p.env.callMethod(t, method, v).(string)
	return s, true
}

// callFormat calls the Format method of v.
func (p *fmtPrinter) callFormat(t types.Type, v Value, verb rune) {
	defer func() {
		if r := recover(); r != nil {
			p.catchPanic(r, t, v, verb, "Format")
		}
	}()
	p.env.callMethod(t, "Format", v, p.env.formatState(p), verb)
}

// catchPanic handles a panic r raised by method of v, as fmt's catchPanic:
// a nil pointer receiver prints <nil>, anything else %!verb(PANIC=...).
func (p *fmtPrinter) catchPanic(r any, t types.Type, v Value, verb rune, method string) {
	val, ok := p.env.panicValue(r)
	if !ok {
		panic(r)
	}
	if _, isPtr := t.Underlying().(*types.Pointer); isPtr {
		if pv, _ := v.(*Value); pv == nil {
			p.writeString(fmtNilAngle)
			return
		}
	}
	if p.panicking {
		panic(r) // nested panics: printing cannot succeed
	}
	oldFlags := p.fmtFlagSet
	p.clearFlags()
	p.writeString(fmtPercentBang)
	p.writeRune(verb)
	p.writeString("(PANIC=")
	p.writeString(method)
	p.writeString(" method: ")
	p.panicking = true
	p.printArg(val, 'v')
	p.panicking = false
	p.writeByte(')')
	p.fmtFlagSet = oldFlags
}

// printValue formats v of type t for verb; depth is 0 for an operand and
// grows inside composite values. ro says that v was reached through an
// unexported struct field: reflect cannot turn it back into an interface,
// so fmt does not call its methods.
func (p *fmtPrinter) printValue(t types.Type, v Value, verb rune, depth int, ro bool) {
	if depth > fmtMaxDepth {
		// A value that contains itself (not through a pointer): Go
		// recurses until its stack overflows.
		panic(&fatalError{msg: "stack overflow"})
	}
	t = types.Unalias(t)
	u := t.Underlying()
	if _, isIface := u.(*types.Interface); depth > 0 && !ro && !isIface {
		if p.handleMethods(t, v, verb) {
			return
		}
	}
	switch u := u.(type) {
	case *types.Basic:
		p.printBasic(t, u, v, verb)
	case *types.Interface:
		iv, _ := v.(Iface)
		switch {
		case iv.T != nil:
			p.printValue(iv.T, iv.V, verb, depth+1, ro)
		case p.sharpV:
			p.writeString(fmtTypeString(t))
			p.writeString(fmtNilParen)
		default:
			p.writeString(fmtNilAngle)
		}
	case *types.Map:
		p.printMap(t, u, v, verb, depth, ro)
	case *types.Struct:
		p.printStruct(t, u, v, verb, depth, ro)
	case *types.Array:
		elems, _ := v.(Array)
		p.printList(t, u.Elem(), []Value(elems), false, verb, depth, ro)
	case *types.Slice:
		elems, _ := v.(Slice)
		p.printList(t, u.Elem(), []Value(elems), elems == nil, verb, depth, ro)
	case *types.Pointer:
		// A pointer to an array, slice, struct or map is printed as &value
		// at the top level only (to avoid loops).
		if pv, _ := v.(*Value); depth == 0 && pv != nil {
			switch u.Elem().Underlying().(type) {
			case *types.Array, *types.Slice, *types.Struct, *types.Map:
				p.writeByte('&')
				p.printValue(u.Elem(), *pv, verb, depth+1, ro)
				return
			}
		}
		p.fmtPointer(t, v, verb, false)
	case *types.Chan, *types.Signature:
		p.fmtPointer(t, v, verb, false)
	default:
		p.writeByte('?')
		p.writeString(fmtTypeString(t))
		p.writeByte('?')
	}
}

func (p *fmtPrinter) printBasic(t types.Type, b *types.Basic, v Value, verb rune) {
	info := b.Info()
	switch {
	case info&types.IsBoolean != 0:
		switch verb {
		case 't', 'v':
			p.leafVerb(verb, 't', v)
			return
		}
	case info&types.IsInteger != 0:
		switch verb {
		case 'v', 'd', 'b', 'o', 'O', 'x', 'X', 'c', 'q', 'U':
			p.leafVerb(verb, 'd', v)
			return
		}
	case info&(types.IsFloat|types.IsComplex) != 0:
		switch verb {
		case 'v', 'b', 'g', 'G', 'x', 'X', 'f', 'F', 'e', 'E':
			p.leafVerb(verb, 'g', v)
			return
		}
	case info&types.IsString != 0:
		p.fmtString(t, v, verb)
		return
	case b.Kind() == types.UnsafePointer:
		p.fmtPointer(t, v, verb, false)
		return
	}
	p.badVerb(verb, t, v, false)
}

// fmtString formats the string s (a string Value) for verb.
func (p *fmtPrinter) fmtString(t types.Type, s Value, verb rune) {
	switch verb {
	case 'v', 's', 'x', 'X', 'q':
		p.leafVerb(verb, 's', s)
	default:
		p.badVerb(verb, t, s, false)
	}
}

// fmtBytes formats a []byte or [N]byte value v of type t, as fmt's
// fmtBytes; typeString names the type for %#v.
func (p *fmtPrinter) fmtBytes(t types.Type, v Value, verb rune, typeString string) {
	b, isNil := fmtByteValues(v)
	switch verb {
	case 'v', 'd':
		if p.sharpV {
			p.writeString(typeString)
			if isNil {
				p.writeString(fmtNilParen)
				return
			}
			p.writeByte('{')
			for i, c := range b {
				if i > 0 {
					p.writeString(", ")
				}
				p.fmt0x64(uint64(c), true)
			}
			p.writeByte('}')
			return
		}
		p.writeByte('[')
		for i, c := range b {
			if i > 0 {
				p.writeByte(' ')
			}
			p.leaf('d', p.sharp, p.plus, c)
		}
		p.writeByte(']')
	case 's', 'x', 'X', 'q':
		p.leaf(verb, p.sharp, p.plus, b)
	default:
		p.printValue(t, v, verb, 0, false)
	}
}

// fmtByteValues returns the bytes of a Slice or Array of uint8 values,
// and whether it is a nil slice.
func fmtByteValues(v Value) (b []byte, isNil bool) {
	var elems []Value
	switch v := v.(type) {
	case Slice:
		if v == nil {
			return nil, true
		}
		elems = v
	case Array:
		elems = v
	}
	b = make([]byte, len(elems))
	for i, x := range elems {
		b[i], _ = x.(uint8)
	}
	return b, false
}

// fmtPointer formats a value of a pointer-like type (pointer, channel,
// func, map, slice, unsafe.Pointer) as an address.
func (p *fmtPrinter) fmtPointer(t types.Type, v Value, verb rune, fromArg bool) {
	switch u := t.Underlying().(type) {
	case *types.Chan, *types.Signature, *types.Map, *types.Pointer, *types.Slice:
	case *types.Basic:
		if u.Kind() != types.UnsafePointer {
			p.badVerb(verb, t, v, fromArg)
			return
		}
	default:
		p.badVerb(verb, t, v, fromArg)
		return
	}
	u := uint64(fmtAddr(v))
	switch verb {
	case 'v':
		switch {
		case p.sharpV:
			p.writeByte('(')
			p.writeString(fmtTypeString(t))
			p.writeString(")(")
			if u == 0 {
				p.writeString("nil")
			} else {
				p.fmt0x64(u, true)
			}
			p.writeByte(')')
		case u == 0:
			p.padString(fmtNilAngle)
		default:
			p.fmt0x64(u, !p.sharp)
		}
	case 'p':
		p.fmt0x64(u, !p.sharp)
	case 'b', 'o', 'd', 'x', 'X':
		p.leaf(verb, p.sharp, p.plus, u)
	default:
		p.badVerb(verb, t, v, fromArg)
	}
}

func (p *fmtPrinter) printMap(t types.Type, mt *types.Map, v Value, verb rune, depth int, ro bool) {
	m, _ := v.(*Map)
	if p.sharpV {
		p.writeString(fmtTypeString(t))
		if m == nil {
			p.writeString(fmtNilParen)
			return
		}
		p.writeByte('{')
	} else {
		p.writeString("map[")
	}
	keys, vals := fmtSortedMap(mt, m)
	for i := range keys {
		if i > 0 {
			if p.sharpV {
				p.writeString(", ")
			} else {
				p.writeByte(' ')
			}
		}
		p.printValue(mt.Key(), keys[i], verb, depth+1, ro)
		p.writeByte(':')
		p.printValue(mt.Elem(), vals[i], verb, depth+1, ro)
	}
	if p.sharpV {
		p.writeByte('}')
	} else {
		p.writeByte(']')
	}
}

func (p *fmtPrinter) printStruct(t types.Type, st *types.Struct, v Value, verb rune, depth int, ro bool) {
	fields, _ := v.(Struct)
	if p.sharpV {
		p.writeString(fmtTypeString(t))
	}
	p.writeByte('{')
	for i := 0; i < st.NumFields() && i < len(fields); i++ {
		if i > 0 {
			if p.sharpV {
				p.writeString(", ")
			} else {
				p.writeByte(' ')
			}
		}
		f := st.Field(i)
		if p.plusV || p.sharpV {
			p.writeString(f.Name())
			p.writeByte(':')
		}
		p.printValue(f.Type(), fields[i], verb, depth+1, ro || !f.Exported())
	}
	p.writeByte('}')
}

// printList formats the elements of an array or slice of type t.
func (p *fmtPrinter) printList(t, elem types.Type, elems []Value, isNil bool, verb rune, depth int, ro bool) {
	switch verb {
	case 's', 'q', 'x', 'X':
		if b, ok := elem.Underlying().(*types.Basic); ok && b.Kind() == types.Uint8 {
			var v Value = Array(elems)
			if _, isSlice := t.Underlying().(*types.Slice); isSlice {
				v = Slice(elems)
			}
			p.fmtBytes(t, v, verb, fmtTypeString(t))
			return
		}
	}
	if p.sharpV {
		p.writeString(fmtTypeString(t))
		if isNil {
			p.writeString(fmtNilParen)
			return
		}
		p.writeByte('{')
		for i, x := range elems {
			if i > 0 {
				p.writeString(", ")
			}
			p.printValue(elem, x, verb, depth+1, ro)
		}
		p.writeByte('}')
		return
	}
	p.writeByte('[')
	for i, x := range elems {
		if i > 0 {
			p.writeByte(' ')
		}
		p.printValue(elem, x, verb, depth+1, ro)
	}
	p.writeByte(']')
}

// --- method sets ---------------------------------------------------------

// fmtIsByteSlice reports whether t is []byte (an unnamed slice of uint8).
func fmtIsByteSlice(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	if !ok {
		return false
	}
	b, ok := types.Unalias(s.Elem()).(*types.Basic)
	return ok && b.Kind() == types.Uint8
}

// fmtMayHaveMethods reports whether values of type t may have methods:
// only named types and structs (with embedded fields), or pointers to
// them, do.
func fmtMayHaveMethods(t types.Type) bool {
	switch t := types.Unalias(t).(type) {
	case *types.Named, *types.Struct:
		return true
	case *types.Pointer:
		switch types.Unalias(t.Elem()).(type) {
		case *types.Named, *types.Struct:
			return true
		}
	}
	return false
}

// fmtMethodSig returns the signature of the method name in the method set
// of t, or nil.
func fmtMethodSig(t types.Type, name string) *types.Signature {
	if !fmtMayHaveMethods(t) {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	return fn.Type().(*types.Signature)
}

// fmtHasStringMethod reports whether t's method set has the method name
// of type func() string (Error, String, GoString).
func fmtHasStringMethod(t types.Type, name string) bool {
	sig := fmtMethodSig(t, name)
	if sig == nil || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	return types.Identical(sig.Results().At(0).Type(), types.Typ[types.String])
}

// fmtIsFormatter reports whether t implements fmt.Formatter:
// Format(fmt.State, rune).
func fmtIsFormatter(t types.Type) bool {
	sig := fmtMethodSig(t, "Format")
	if sig == nil || sig.Params().Len() != 2 || sig.Results().Len() != 0 || sig.Variadic() {
		return false
	}
	st, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Named)
	if !ok || st.Obj().Pkg() == nil || st.Obj().Pkg().Path() != "fmt" || st.Obj().Name() != "State" {
		return false
	}
	return types.Identical(sig.Params().At(1).Type(), types.Typ[types.Int32])
}
