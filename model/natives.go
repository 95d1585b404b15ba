package model

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// nativeFn implements a function natively. It returns the result (a Tuple
// for several results, nil for none). It may panic with a *runtimeError,
// a *goPanic or an *UnsupportedError.
type nativeFn func(c *NativeCall) Value

// visibleFn implements a visible operation natively: a scheduling point.
type visibleFn struct {
	kind       string // event kind for traces, e.g. "lock"
	waitReason string // what a goroutine blocked here waits for, as in Go's tracebacks
	// ready returns in how many ways the operation can complete now; nil
	// means always exactly one.
	ready func(s *State, g *Goroutine, args []Value) int
	exec  func(c *NativeCall) Value
	// peek returns the objects the operation touches, for partial-order
	// reduction; nil peek means none.
	peek func(s *State, args []Value) []string
	// peekEnv, if set, is used instead of peek for a closure of the native
	// (sync.OnceFunc's result), with the closure's environment.
	peekEnv func(s *State, env []Value) []string
	// pend, if set, is called when a goroutine stops at the operation
	// (it becomes the goroutine's next step).
	pend func(s *State, g *Goroutine, args []Value)
	// global marks an operation that ends the program (os.Exit): it
	// affects every goroutine.
	global bool
}

// NativeCall is the context of a call to a native function.
type NativeCall struct {
	s      *State
	g      *Goroutine
	fn     *ssa.Function
	env    []Value
	args   []Value
	pos    token.Pos
	choice int
	dst    int32
	// set by visible operations for the trace
	obj      string
	writes   []string
	reads    []string
	detail   string
	readOnly bool
}

// Args returns the call's arguments (the receiver first for methods).
func (c *NativeCall) Args() []Value { return c.args }

// Arg returns argument i.
func (c *NativeCall) Arg(i int) Value { return c.args[i] }

// State returns the execution.
func (c *NativeCall) State() *State { return c.s }

// Func returns the function called.
func (c *NativeCall) Func() *ssa.Function { return c.fn }

// Pos returns the position of the call.
func (c *NativeCall) Pos() token.Pos { return c.pos }

// Prog returns the SSA program.
func (c *NativeCall) Prog() *ssa.Program { return c.s.it.prog }

// Call calls the interpreted (or native) function fn with args from native
// code and returns its result. A panic in fn propagates through the native
// caller as a Go panic, which the interpreter turns back into a panic of
// the goroutine.
func (c *NativeCall) Call(fn *ssa.Function, args ...Value) Value {
	return c.s.callback(c.g, fn, nil, args)
}

// CallClosure calls a function value.
func (c *NativeCall) CallClosure(f *Closure, args ...Value) Value {
	if f == nil {
		panic(nilDeref())
	}
	if f.Builtin != nil {
		panic(unsupportedf("builtin %s called from native code", f.Builtin.Name()))
	}
	return c.s.callback(c.g, f.Fn, f.Env, args)
}

// Method returns the method name of the dynamic type t, or nil.
func (c *NativeCall) Method(t types.Type, name string) *ssa.Function {
	return c.s.it.methodByName(t, name)
}

// Panic raises a Go panic with the given value (an Iface) in the calling
// goroutine.
func (c *NativeCall) Panic(v Value) { panic(&goPanic{val: v}) }

// Write writes program output (stderr=false: standard output).
func (c *NativeCall) Write(stderr bool, b []byte) { c.s.write(stderr, b) }

// Lookup returns the named package-level type of the package with the
// given path, or nil if the program does not contain it.
func (c *NativeCall) Lookup(pkgPath, name string) types.Type {
	return c.s.it.lookupType(pkgPath, name)
}

// Equal reports whether two values of the same comparable type are ==.
func (c *NativeCall) Equal(x, y Value) bool { return c.s.it.equal(x, y) }

func (it *Interp) methodByName(t types.Type, name string) *ssa.Function {
	ms := it.prog.MethodSets.MethodSet(t)
	for i := 0; i < ms.Len(); i++ {
		sel := ms.At(i)
		if sel.Obj().Name() == name {
			return it.prog.MethodValue(sel)
		}
	}
	return nil
}

func (it *Interp) lookupType(pkgPath, name string) types.Type {
	p := it.prog.ImportedPackage(pkgPath)
	if p == nil {
		return nil
	}
	if o, ok := p.Pkg.Scope().Lookup(name).(*types.TypeName); ok {
		return o.Type()
	}
	return nil
}

// callback runs fn(args) to completion on g from native code.
func (s *State) callback(g *Goroutine, fn *ssa.Function, env []Value, args []Value) Value {
	if fn.Blocks == nil {
		nat := s.it.nativeFor(fn)
		switch {
		case nat.fn != nil:
			return nat.fn(&NativeCall{s: s, g: g, fn: fn, args: args, pos: g.curPos})
		case nat.visible != nil:
			return s.nestedVisible(g, nat.visible, fn, args)
		}
		panic(unsupportedf("call of %s, which has no Go body and no model in cmcheck", fn))
	}
	base := len(g.frames) + 1
	savedPos := g.curPos
	s.pushFrame(g, fn, env, args, dstCallback, g.curPos)
	for {
		s.run(g, base)
		if s.done {
			panic(&exitError{code: s.exitCode}) // unwinds the native code; the run is over
		}
		if g.pending != nil && len(g.frames) >= base {
			s.runPendingNested(g)
			continue
		}
		break
	}
	g.curPos = savedPos
	if len(g.frames) < base-1 {
		panic(internalErrorf("callback stack underflow"))
	}
	if g.panic != nil && !g.panic.recovered {
		p := g.panic
		g.panic = p.prev
		panic(&goPanic{val: p.val})
	}
	return g.cbResult
}

// runPendingNested performs, inside a callback from native code, a
// visible operation that cannot be a scheduling point there: it must be
// possible at once.
func (s *State) runPendingNested(g *Goroutine) {
	op := g.pending
	if _, ok := op.(*exitOp); ok {
		panic(internalErrorf("exit inside callback"))
	}
	if op.ready(s, g) == 0 {
		what, _ := s.Blocked(g)
		panic(unsupportedf("blocking operation (%s) inside a function called from native code (fmt, sort, ...)", what))
	}
	g.pending = nil
	op.exec(s, g, 0)
}

func (s *State) nestedVisible(g *Goroutine, vf *visibleFn, fn *ssa.Function, args []Value) Value {
	if vf.pend != nil {
		vf.pend(s, g, args)
	}
	if vf.ready != nil && vf.ready(s, g, args) == 0 {
		panic(unsupportedf("blocking operation %s inside a function called from native code", fn))
	}
	return vf.exec(&NativeCall{s: s, g: g, fn: fn, args: args, pos: g.curPos})
}

// CallSync runs fn(args) to completion in a temporary goroutine that takes
// no part in scheduling (used to format panic values after a crash).
func (s *State) CallSync(fn *ssa.Function, args []Value) (v Value, err error) {
	g := &Goroutine{ID: -1}
	wasDone := s.done
	s.done = false
	defer func() {
		s.done = wasDone
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return s.callback(g, fn, nil, args), nil
}

type nativeEntry struct {
	fn      nativeFn
	visible *visibleFn
}

// nativeFor returns the native implementation of a function without body.
func (it *Interp) nativeFor(fn *ssa.Function) nativeEntry {
	if e, ok := it.nativeCache.Load(fn); ok {
		return e.(nativeEntry)
	}
	name := nativeName(fn)
	e := nativeEntry{fn: it.natives[name], visible: it.visible[name]}
	if e.fn == nil && e.visible == nil && fn.Name() == "init" && fn.Signature.Recv() == nil {
		e.fn = func(*NativeCall) Value { return nil }
	}
	it.nativeCache.Store(fn, e)
	return e
}

// nativeName is the key of fn in the native tables: "pkg/path.Func" or
// "(*pkg/path.T).Method" / "(pkg/path.T).Method".
func nativeName(fn *ssa.Function) string {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	return fn.RelString(nil)
}
