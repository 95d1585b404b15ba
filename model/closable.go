package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// Which channels can be closed.
//
// The race detector's record of a channel's sends (chanAccess: a send
// reads the channel, a close writes it) serves one check only: a send
// not ordered before a close of the same channel. A channel no close can
// ever reach needs no such record, and keeping one costs more than the
// time it takes: the records are part of the state, so two states that
// differ only in which goroutine's send happened before which (pipeline
// P=3 M=2: 143,463 states with the records, 50,230 without) are told
// apart for a check that can never fire.
//
// Go's types tell which channels a close can reach: close(c) closes a
// channel of c's element type, and no conversion turns a chan T into a
// channel of another element type (unsafe aside: a channel converted
// through unsafe.Pointer is not followed). So the program's close calls
// are scanned once, in every function of the program (ssautil's
// AllFunctions, and the closures they define, called or not), and a
// channel made with an element type that no close call has is
// never recorded. A close whose channel type involves a type parameter
// (in a generic function's body) counts as closing every channel.

// closers is what the scan of the program's close calls found.
type closers struct {
	any   bool         // a close of a channel of unknown element type
	elems []types.Type // the element types closed, without repeats
}

// closers scans the program's close calls (once).
func (it *Interp) closers() *closers {
	it.closeOnce.Do(func() {
		cl := &closers{}
		for _, fn := range programFunctions(it.prog) {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(ssa.CallInstruction)
					if !ok {
						continue
					}
					cc := call.Common()
					if b, ok := cc.Value.(*ssa.Builtin); !ok || b.Name() != "close" || len(cc.Args) != 1 {
						continue
					}
					cl.add(cc.Args[0].Type())
				}
			}
		}
		it.closeInfo = cl
	})
	return it.closeInfo
}

// programFunctions returns every function of the program, as
// ssautil.AllFunctions finds them, and the closures they define, called
// or not.
func programFunctions(prog *ssa.Program) []*ssa.Function {
	var fns []*ssa.Function
	seen := make(map[*ssa.Function]bool)
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		if seen[fn] {
			return
		}
		seen[fn] = true
		fns = append(fns, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for fn := range ssautil.AllFunctions(prog) {
		add(fn)
	}
	return fns
}

// add records a close of a channel of type t.
func (cl *closers) add(t types.Type) {
	ch, ok := t.Underlying().(*types.Chan)
	if !ok || hasTypeParam(ch.Elem()) {
		cl.any = true
		return
	}
	for _, e := range cl.elems {
		if types.Identical(e, ch.Elem()) {
			return
		}
	}
	cl.elems = append(cl.elems, ch.Elem())
}

// mayClose reports whether a close call of the program can close a
// channel of element type elem.
func (it *Interp) mayClose(elem types.Type) bool {
	cl := it.closers()
	if cl.any {
		return true
	}
	for _, e := range cl.elems {
		if types.Identical(e, elem) {
			return true
		}
	}
	return false
}

// hasTypeParam reports whether t mentions a type parameter.
func hasTypeParam(t types.Type) bool {
	found := false
	var visit func(types.Type)
	seen := make(map[types.Type]bool)
	visit = func(t types.Type) {
		if found || t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.TypeParam:
			found = true
		case *types.Named:
			if args := t.TypeArgs(); args != nil {
				for i := range args.Len() {
					visit(args.At(i))
				}
			}
		case *types.Alias:
			visit(types.Unalias(t))
		case *types.Pointer:
			visit(t.Elem())
		case *types.Slice:
			visit(t.Elem())
		case *types.Array:
			visit(t.Elem())
		case *types.Chan:
			visit(t.Elem())
		case *types.Map:
			visit(t.Key())
			visit(t.Elem())
		case *types.Struct:
			for i := range t.NumFields() {
				visit(t.Field(i).Type())
			}
		case *types.Tuple:
			for i := range t.Len() {
				visit(t.At(i).Type())
			}
		case *types.Signature:
			visit(t.Params())
			visit(t.Results())
		case *types.Interface:
			for i := range t.NumMethods() {
				visit(t.Method(i).Type())
			}
			for i := range t.NumEmbeddeds() {
				visit(t.EmbeddedType(i))
			}
		}
	}
	visit(t)
	return found
}
