package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// The write analysis (effects.go): what calls may write.

// call returns the writes of a call (or go, or defer).
func (e *effects) call(cc *ssa.CallCommon) fxSet {
	if b, ok := cc.Value.(*ssa.Builtin); ok {
		return builtinFx(b)
	}
	fn := cc.StaticCallee()
	if fn == nil {
		return e.dynamic(cc)
	}
	if fn.Blocks != nil {
		return e.fnSummary(fn)
	}
	r, formats := e.nativeFx(fn)
	for i, a := range cc.Args {
		if _, ok := a.Type().Underlying().(*types.Signature); ok {
			r = union(r, e.funcValue(a))
		}
		if formats && (i > 0 || fn.Signature.Recv() == nil) {
			r = union(r, e.argMethods(a))
		}
	}
	return r
}

// argMethods returns the writes of the methods a native that formats its
// arguments (fmt, errors, testing) may call on argument a: for an
// interface value made from a concrete type here (or a slice of them, a
// variadic call's arguments), that type's; for any other interface value,
// every such method of the program's.
func (e *effects) argMethods(a ssa.Value) fxSet {
	switch t := a.Type().Underlying().(type) {
	case *types.Interface:
		if mi, ok := a.(*ssa.MakeInterface); ok {
			return e.typeMethods(mi.X.Type(), make(map[types.Type]bool))
		}
		if c, ok := a.(*ssa.Const); ok && c.IsNil() {
			return nil
		}
		return e.methods
	case *types.Slice:
		if _, ok := t.Elem().Underlying().(*types.Interface); !ok {
			return nil
		}
		if c, ok := a.(*ssa.Const); ok && c.IsNil() {
			return nil
		}
		// A variadic call's arguments: a slice of an array whose
		// elements are stored one by one.
		sl, ok := a.(*ssa.Slice)
		if !ok {
			return e.methods
		}
		arr, ok := sl.X.(*ssa.Alloc)
		if !ok {
			return e.methods
		}
		var r fxSet
		for _, ref := range *arr.Referrers() {
			if ref == sl {
				continue
			}
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok {
				return e.methods
			}
			for _, use := range *ia.Referrers() {
				st, ok := use.(*ssa.Store)
				if !ok || st.Addr != ia {
					return e.methods
				}
				r = union(r, e.argMethods(st.Val))
			}
		}
		return r
	}
	return nil
}

// holdsInterfaces reports whether t is an interface or slice of them.
func holdsInterfaces(t types.Type) bool {
	if s, ok := t.Underlying().(*types.Slice); ok {
		t = s.Elem()
	}
	return types.IsInterface(t)
}

// valueMethods returns the writes of the methods a native that formats
// its arguments may call on the run-time argument v: those of the
// dynamic types of an interface value or of a slice of them.
func (e *effects) valueMethods(v Value) fxSet {
	switch v := v.(type) {
	case Iface:
		if v.T == nil {
			return nil
		}
		return e.typeMethods(v.T, make(map[types.Type]bool))
	case Slice:
		var r fxSet
		for _, x := range v {
			r = union(r, e.valueMethods(x))
		}
		return r
	}
	return nil
}

// typeMethods returns the writes of the methods fmt may call on a value
// of concrete type t: those of t and of the types it holds (struct
// fields, elements, pointed-to values), named String, Error, ...; every
// such method of the program's for an interface it holds.
func (e *effects) typeMethods(t types.Type, seen map[types.Type]bool) fxSet {
	if seen[t] {
		return nil
	}
	seen[t] = true
	if hasTypeParam(t) {
		return topFx
	}
	if types.IsInterface(t) {
		return e.methods
	}
	var r fxSet
	if _, named := types.Unalias(t).(*types.Named); named || isPointerToNamed(t) {
		for _, mt := range []types.Type{t, types.NewPointer(t)} {
			ms := e.prog.MethodSets.MethodSet(mt)
			for i := range ms.Len() {
				sel := ms.At(i)
				if !methodsCalledByNatives[sel.Obj().Name()] {
					continue
				}
				// The declared method (a wrapper for a promoted or
				// pointer method only calls it).
				obj, _ := sel.Obj().(*types.Func)
				if obj == nil {
					return topFx
				}
				fn := e.prog.FuncValue(obj)
				if fn == nil {
					return topFx
				}
				r = union(r, e.callee(fn, nil))
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			r = union(r, e.typeMethods(u.Field(i).Type(), seen))
		}
	case *types.Pointer:
		r = union(r, e.typeMethods(u.Elem(), seen))
	case *types.Slice:
		r = union(r, e.typeMethods(u.Elem(), seen))
	case *types.Array:
		r = union(r, e.typeMethods(u.Elem(), seen))
	case *types.Map:
		r = union(r, e.typeMethods(u.Key(), seen))
		r = union(r, e.typeMethods(u.Elem(), seen))
	}
	return r
}

func isPointerToNamed(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, named := types.Unalias(p.Elem()).(*types.Named)
	return named
}

// dynamic returns the writes of a call through an interface or a
// function value, by class hierarchy analysis (Dean, Grove and Chambers,
// ECOOP 1995; x/tools' go/callgraph/cha does the same): an interface
// call may run any method of the program with its name and signature, a
// function value any function with its signature (a closure, a
// function used as a value, a bound method's or a method expression's
// wrapper). Wrappers for promoted methods, which the interpreter may make
// on the fly, only call a method of the same name, which is counted. A
// function value a native made (sync.OnceFunc's result: a closure over
// the native) has another signature than the call: a call with the
// signature of a function some native returns may do anything.
func (e *effects) dynamic(cc *ssa.CallCommon) fxSet {
	var sig *types.Signature
	var targets []*ssa.Function
	if cc.IsInvoke() {
		if e.genericMethods[cc.Method.Name()] {
			// The instances of a generic type's methods are made as
			// they are needed: not all are among the functions seen.
			return topFx
		}
		sig, _ = cc.Method.Type().(*types.Signature)
		for _, fn := range e.byName[cc.Method.Name()] {
			if types.Identical(fn.Signature, sig) {
				targets = append(targets, fn)
			}
		}
	} else {
		sig, _ = cc.Value.Type().Underlying().(*types.Signature)
		if l, ok := e.bySig.At(sig).([]*ssa.Function); ok {
			targets = l
		}
	}
	if sig == nil || hasTypeParam(sig) {
		return topFx
	}
	for _, rs := range e.nativeResults {
		if !cc.IsInvoke() && types.Identical(rs, sig) {
			return topFx
		}
	}
	var r fxSet
	for _, fn := range targets {
		r = union(r, e.callee(fn, nil))
		if r.has(fxTop) {
			return r
		}
	}
	return r
}

// builtinFx returns the writes (and reads) of a call of builtin b.
func builtinFx(b *ssa.Builtin) fxSet {
	switch b.Name() {
	case "close":
		return closeFx
	case "delete", "clear":
		return mapWriteFx
	case "len":
		return anyReadFx // of a map
	}
	return nil
}

// closable reports whether a send on a channel of type t is recorded (a
// close may reach it: closable.go).
func (e *effects) closable(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	return !ok || e.mayClose(ch.Elem())
}

// fnSummary returns fn's summary; top for a function the analysis did
// not see.
func (e *effects) fnSummary(fn *ssa.Function) fxSet {
	s, ok := e.summary[fn]
	if !ok {
		return topFx
	}
	return s
}

// funcValue returns the writes a call of the function value v may make.
func (e *effects) funcValue(v ssa.Value) fxSet {
	switch v := v.(type) {
	case *ssa.Function:
		return e.callee(v, nil)
	case *ssa.MakeClosure:
		if fn, ok := v.Fn.(*ssa.Function); ok {
			return e.callee(fn, nil)
		}
	case *ssa.Const:
		if v.IsNil() {
			return nil
		}
	}
	return topFx
}

// callee returns the writes of a call of fn with the run-time arguments
// args (nil: unknown), for goroutines' pending starts, deferred calls and
// timers.
func (e *effects) callee(fn *ssa.Function, args []Value) fxSet {
	if fn.Blocks != nil {
		return e.fnSummary(fn)
	}
	r, formats := e.nativeFx(fn)
	sig := fn.Signature
	params := sig.Params()
	off := 0
	if sig.Recv() != nil {
		off = 1
	}
	for i := range params.Len() {
		if formats && holdsInterfaces(params.At(i).Type()) {
			if args == nil || i+off >= len(args) {
				r = union(r, e.methods)
			} else {
				r = union(r, e.valueMethods(args[i+off]))
			}
		}
		if _, ok := params.At(i).Type().Underlying().(*types.Signature); !ok {
			continue
		}
		if args == nil || i+off >= len(args) {
			return topFx
		}
		switch f := args[i+off].(type) {
		case *Closure:
			if f == nil {
				continue
			}
			if f.Fn == nil {
				return topFx
			}
			r = union(r, e.callee(f.Fn, nil))
		case nil:
		default:
			return topFx
		}
	}
	return r
}

// calleeWithEnv is callee for a closure: a native with an environment
// is a function a native made (sync.OnceFunc's result), which may call
// what it holds: anything.
func (e *effects) calleeWithEnv(fn *ssa.Function, env, args []Value) fxSet {
	if fn.Blocks == nil && len(env) > 0 {
		return topFx
	}
	return e.callee(fn, args)
}

// nativeFx returns the writes of native fn itself, and whether it may
// call the String, Error, ... methods of its arguments (its function
// arguments and those methods are added by the callers).
func (e *effects) nativeFx(fn *ssa.Function) (fx fxSet, formats bool) {
	name := nativeName(fn)
	pkg := ""
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if fn.Pkg != nil {
		pkg = fn.Pkg.Pkg.Path()
	} else if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		pkg = obj.Pkg().Path()
	}
	switch {
	case pkg == "sync/atomic":
		var first types.Type
		if r := fn.Signature.Recv(); r != nil {
			first = r.Type()
		} else if fn.Signature.Params().Len() > 0 {
			first = fn.Signature.Params().At(0).Type()
		}
		if first == nil {
			return nil, false
		}
		p, ok := first.Underlying().(*types.Pointer)
		if !ok {
			return nil, false // atomic.Value's methods take a pointer; functions without a cell
		}
		return union(e.storeFx(p.Elem()), anyReadFx), false
	case name == "(*sync.Pool).Get", name == "(*testing.T).Context", name == "(*testing.common).Context":
		return topFx, false
	case name == "time.Now", name == "time.Since", name == "time.Until":
		return timeFx, false
	case pkg == "fmt", pkg == "errors", pkg == "testing":
		return nil, true
	}
	return nil, false
}
