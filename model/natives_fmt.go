package model

import (
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// fmtNatives implements package fmt natively: the Print, Sprint, Fprint
// and Append families, Errorf and its error types, and the fmt.State
// handed to Format methods. The formatting itself is fmtPrinter's.
func fmtNatives(nat map[string]nativeFn) {
	// A formatter formats the operands of a call into p: args starts
	// with the format string for the f variants, then the ...any slice.
	type formatter func(p *fmtPrinter, args []Value)
	formatters := map[string]formatter{
		"":   func(p *fmtPrinter, args []Value) { p.doPrint(fmtArgs(args[0])) },
		"ln": func(p *fmtPrinter, args []Value) { p.doPrintln(fmtArgs(args[0])) },
		"f":  func(p *fmtPrinter, args []Value) { p.doPrintf(args[0].(string), fmtArgs(args[1])) },
	}
	format := func(c *NativeCall, f formatter, args []Value) []byte {
		p := newFmtPrinter(nativeFmtEnv{c})
		f(p, args)
		return p.buf
	}
	for suffix, f := range formatters {
		nat["fmt.Sprint"+suffix] = func(c *NativeCall) Value {
			return string(format(c, f, c.args))
		}
		nat["fmt.Print"+suffix] = func(c *NativeCall) Value {
			b := format(c, f, c.args)
			c.Write(false, b)
			return Tuple{len(b), Iface{}}
		}
		nat["fmt.Fprint"+suffix] = func(c *NativeCall) Value {
			return fmtWrite(c, c.args[0].(Iface), format(c, f, c.args[1:]))
		}
		nat["fmt.Append"+suffix] = func(c *NativeCall) Value {
			dst, _ := c.args[0].(Slice)
			return appendSlice(dst, fmtBytesValue(format(c, f, c.args[1:])), 1)
		}
	}
	nat["fmt.init"] = fmtInitOSFiles
	nat["fmt.Errorf"] = fmtErrorf
	nat["(*fmt.wrapError).Error"] = func(c *NativeCall) Value { return fmtErrorField(c, 0) }
	nat["(*fmt.wrapError).Unwrap"] = func(c *NativeCall) Value { return fmtErrorField(c, 1) }
	nat["(*fmt.wrapErrors).Error"] = func(c *NativeCall) Value { return fmtErrorField(c, 0) }
	nat["(*fmt.wrapErrors).Unwrap"] = func(c *NativeCall) Value { return fmtErrorField(c, 1) }
	fmtStateNatives(nat)
}

// fmtArgs returns the operands of a fmt function: its ...any parameter.
func fmtArgs(v Value) []Iface {
	s, _ := v.(Slice)
	a := make([]Iface, len(s))
	for i, x := range s {
		a[i], _ = x.(Iface)
	}
	return a
}

// fmtBytesValue converts b to the value of a []byte.
func fmtBytesValue(b []byte) Slice {
	s := make(Slice, len(b))
	for i, x := range b {
		s[i] = x
	}
	return s
}

// fmtWrite writes b to the io.Writer w and returns Write's results.
//
// Package os has no bodies, so os.Stdout and os.Stderr cannot be written
// through os.(*File).Write: writes to an *os.File go to the program's
// standard error if the file is the value of os.Stderr, and to standard
// output otherwise.
func fmtWrite(c *NativeCall, w Iface, b []byte) Value {
	if w.T == nil {
		panic(nilDeref())
	}
	if fmtIsOSFile(w.T) {
		stderr := fmtOSFile(c, "Stderr")
		c.Write(stderr != nil && w.V == stderr, b)
		return Tuple{len(b), Iface{}}
	}
	m := c.Method(w.T, "Write")
	if m == nil {
		panic(internalErrorf("%s has no Write method", w.T))
	}
	return c.Call(m, w.V, fmtBytesValue(b))
}

// fmtIsOSFile reports whether t is *os.File.
func fmtIsOSFile(t types.Type) bool {
	pt, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(pt.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "os" && n.Obj().Name() == "File"
}

// fmtOSGlobal returns the global variable os.name, or nil if the program
// does not contain it.
func fmtOSGlobal(c *NativeCall, name string) *ssa.Global {
	if osPkg := c.Prog().ImportedPackage("os"); osPkg != nil {
		return osPkg.Var(name)
	}
	return nil
}

// fmtOSFile returns the *os.File value of the global os.name, or nil.
func fmtOSFile(c *NativeCall, name string) *Value {
	g := fmtOSGlobal(c, name)
	if g == nil {
		return nil
	}
	p, _ := (*c.s.globalAddr(c.s.it.globalIndex(g))).(*Value)
	return p
}

// fmtInitOSFiles is fmt.init's model (os is initialised before fmt). As
// package os has no bodies, its initialiser does not give os.Stdin,
// os.Stdout and os.Stderr their values: unless something else did, it
// gives them distinct *os.File values, by which fmtWrite tells them
// apart.
func fmtInitOSFiles(c *NativeCall) Value {
	for _, name := range [...]string{"Stdin", "Stdout", "Stderr"} {
		g := fmtOSGlobal(c, name)
		if g == nil {
			continue
		}
		addr := c.s.globalAddr(c.s.it.globalIndex(g))
		fileType, ok := g.Type().(*types.Pointer).Elem().Underlying().(*types.Pointer)
		if p, _ := (*addr).(*Value); p != nil || !ok {
			continue
		}
		f := new(Value)
		*f = Zero(fileType.Elem())
		*addr = f
	}
	return nil
}

// fmtErrorf implements fmt.Errorf: an *errors.errorString without %w, a
// *fmt.wrapError with one, a *fmt.wrapErrors with several.
func fmtErrorf(c *NativeCall) Value {
	format := c.args[0].(string)
	a := fmtArgs(c.args[1])
	if len(a) == 0 && !strings.Contains(format, "%") {
		return fmtNewError(c, "errors", "errorString", Struct{format})
	}
	p := newFmtPrinter(nativeFmtEnv{c})
	p.wrapErrs = true
	p.doPrintf(format, a)
	msg := string(p.buf)
	isError := func(e Iface) bool { return e.T != nil && fmtHasStringMethod(e.T, "Error") }
	switch len(p.wrappedErrs) {
	case 0:
		return fmtNewError(c, "errors", "errorString", Struct{msg})
	case 1:
		var err Iface
		if e := a[p.wrappedErrs[0]]; isError(e) {
			err = e
		}
		return fmtNewError(c, "fmt", "wrapError", Struct{msg, err})
	}
	if p.reordered {
		slices.Sort(p.wrappedErrs)
	}
	var errs Slice
	for i, argNum := range p.wrappedErrs {
		if i > 0 && p.wrappedErrs[i-1] == argNum {
			continue
		}
		if e := a[argNum]; isError(e) {
			errs = append(errs, e)
		}
	}
	return fmtNewError(c, "fmt", "wrapErrors", Struct{msg, errs})
}

// fmtNewError returns an error value: a pointer to a new variable of the
// named struct type pkg.name holding fields.
func fmtNewError(c *NativeCall, pkg, name string, fields Struct) Iface {
	t := c.Lookup(pkg, name)
	if t == nil {
		panic(unsupportedf("fmt.Errorf: type %s.%s not in the program", pkg, name))
	}
	p := new(Value)
	*p = fields
	return Iface{T: c.s.it.pointerTo(t), V: p}
}

// fmtErrorField returns field i of the *fmt.wrapError or *fmt.wrapErrors
// receiver of a method.
func fmtErrorField(c *NativeCall, i int) Value {
	p, _ := c.args[0].(*Value)
	if p == nil {
		panic(nilDeref())
	}
	return (*p).(Struct)[i]
}

// nativeFmtEnv is the fmtEnv of a native call of the interpreter.
type nativeFmtEnv struct{ c *NativeCall }

func (e nativeFmtEnv) callMethod(t types.Type, name string, recv Value, args ...Value) Value {
	fn := e.c.Method(t, name)
	if fn == nil {
		panic(internalErrorf("fmt: method %s of %s not found", name, t))
	}
	return e.c.Call(fn, append([]Value{recv}, args...)...)
}

func (e nativeFmtEnv) panicValue(r any) (Iface, bool) {
	switch r := r.(type) {
	case *goPanic:
		v, _ := r.val.(Iface)
		return v, true
	case *runtimeError:
		v, _ := e.c.s.runtimeErrorValue(r).(Iface)
		return v, true
	}
	return Iface{}, false
}

// formatState returns a *fmt.pp, fmt's own implementation of fmt.State,
// whose variable holds p: the natives of its methods act on p.
func (e nativeFmtEnv) formatState(p *fmtPrinter) Iface {
	t := e.c.Lookup("fmt", "pp")
	if t == nil {
		panic(unsupportedf("fmt.Formatter: type fmt.pp not in the program"))
	}
	v := new(Value)
	*v = p
	return Iface{T: e.c.s.it.pointerTo(t), V: v}
}

// fmtStatePrinter returns the printer behind the *fmt.pp receiver of a
// fmt.State method.
func fmtStatePrinter(c *NativeCall) *fmtPrinter {
	if v, _ := c.args[0].(*Value); v != nil {
		if p, ok := (*v).(*fmtPrinter); ok {
			return p
		}
	}
	panic(unsupportedf("fmt.State method on a fmt.pp not made by fmt"))
}

// fmtStateNatives implements the methods of fmt.State (and io.Writer and
// io.StringWriter) of *fmt.pp, the fmt.State passed to Format methods,
// and fmt.FormatString.
func fmtStateNatives(nat map[string]nativeFn) {
	nat["(*fmt.pp).Width"] = func(c *NativeCall) Value {
		p := fmtStatePrinter(c)
		return Tuple{p.wid, p.widPresent}
	}
	nat["(*fmt.pp).Precision"] = func(c *NativeCall) Value {
		p := fmtStatePrinter(c)
		return Tuple{p.prec, p.precPresent}
	}
	nat["(*fmt.pp).Flag"] = func(c *NativeCall) Value {
		return fmtStatePrinter(c).flag(c.args[1].(int))
	}
	nat["(*fmt.pp).Write"] = func(c *NativeCall) Value {
		p := fmtStatePrinter(c)
		b, _ := fmtByteValues(c.args[1])
		p.buf = append(p.buf, b...)
		return Tuple{len(b), Iface{}}
	}
	nat["(*fmt.pp).WriteString"] = func(c *NativeCall) Value {
		p := fmtStatePrinter(c)
		s := c.args[1].(string)
		p.writeString(s)
		return Tuple{len(s), Iface{}}
	}
	nat["fmt.FormatString"] = fmtFormatString
}

// flag reports whether the flag b is set, as fmt.State's Flag.
func (p *fmtPrinter) flag(b int) bool {
	switch b {
	case '-':
		return p.minus
	case '+':
		return p.plus || p.plusV
	case '#':
		return p.sharp || p.sharpV
	case ' ':
		return p.space
	case '0':
		return p.zero
	}
	return false
}

// fmtFormatString implements fmt.FormatString(state, verb) through the
// state's methods.
func fmtFormatString(c *NativeCall) Value {
	st := c.args[0].(Iface)
	if st.T == nil {
		panic(nilDeref())
	}
	call := func(name string, args ...Value) Value {
		m := c.Method(st.T, name)
		if m == nil {
			panic(internalErrorf("fmt.State %s has no method %s", st.T, name))
		}
		return c.Call(m, append([]Value{st.V}, args...)...)
	}
	var sb strings.Builder
	sb.WriteByte('%')
	for _, f := range " +-#0" {
		if call("Flag", int(f)) == true {
			sb.WriteRune(f)
		}
	}
	if r, _ := call("Width").(Tuple); len(r) == 2 && r[1] == true {
		sb.WriteString(strconv.Itoa(r[0].(int)))
	}
	if r, _ := call("Precision").(Tuple); len(r) == 2 && r[1] == true {
		sb.WriteByte('.')
		sb.WriteString(strconv.Itoa(r[0].(int)))
	}
	sb.WriteRune(c.args[1].(int32))
	return sb.String()
}
