package model

import (
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Which writes can still happen.
//
// The race detector records every read of shared memory (the reader's
// clock, the value, the stack) so that a later write by another goroutine
// can be checked against it, for races and lost updates. A read needs
// that record only if a write of the same location can still come; when
// none can, the record is dead weight: it is copied with every snapshot,
// hashed into every fingerprint, and it tells apart states whose futures
// are the same (a philosopher who looked up his forks in a slice nobody
// writes again). And once no write of any kind can come, and every write
// recorded so far is ordered before every goroutine, no race or lost
// update can be reported any more: the whole happens-before state (the
// goroutines' vector clocks, the channels' and sync objects' clocks, the
// shadow memory) can be dropped for the rest of the execution.
//
// What can still be written is computed from the code, once per program:
//
//   - The recorded writes are: stores (*ssa.Store, but those to local
//     memory, which the race detector skips, and those to memory just
//     allocated whose address no other goroutine can have yet, such as
//     captured variables before the closure is made or a variadic call's
//     argument array: freshStore; the leaf cells of the
//     stored value, split like accessCells splits it: struct fields and
//     array elements, down to the other types), map writes (*ssa.MapUpdate,
//     delete, clear), channel closes, and the atomic operations of
//     sync/atomic (natives; their cell is in the pointer they are given).
//     A leaf cell is identified by its type (its underlying type: Go lets a
//     *T become a *U only when T and U have the same underlying type), so
//     a write of type int cannot touch a cell of type string.
//   - A function's summary is every write its body, its callees, the
//     goroutines it starts and the calls it defers may make (a fixpoint
//     over the program's functions: ssautil.AllFunctions and their
//     closures). A call through an interface or a function value may run
//     any method with its name and signature, or any function with its
//     signature (class hierarchy analysis: dynamic). A call the analysis
//     cannot follow (of a function it did not see, of a generic type's
//     method through an interface, of a function value some native may
//     have made) may do anything ("top"), and so may a store through a
//     pointer converted from unsafe.Pointer, or of a type some such
//     pointer has (unless the pointer is only loaded from, as math's bit
//     conversions do), and any write of a type involving a type
//     parameter.
//   - Natives (functions without Go body) write nothing themselves but
//     the atomics' cells; they may call back: a function passed to them
//     (sync.Once.Do, time.AfterFunc, sync.Map.Range, ...) is followed;
//     fmt, errors and testing call the String, Error, Format, GoString,
//     Write, WriteString, Unwrap, Is and As methods of their arguments,
//     so they may make the writes of every such method of the program;
//     sync.Pool.Get (its New function) and testing's t.Context may do
//     anything.
//   - At each instruction, the writes the rest of the function may make
//     from there (a backward dataflow: the instruction's own effect, and
//     the effects reachable from its successors), plus, in a function with
//     a Recover block, that block's (a panic can land there from anywhere).
//
// In a state, a goroutine may still make the writes of its frames from
// their current instruction on (the instruction before the next one is
// included: the call in progress, or the operation the goroutine is
// blocked on), of its deferred calls, of its pending start (its function
// and package initialisers), and of the cleanups of its test; the timers
// may still run their AfterFunc functions. The union over all of these
// only shrinks as the execution goes on (every write a successor state
// can still make, this state could), so a union computed earlier in an
// execution is still a sound bound later: the union is cached per
// goroutine and recomputed for the goroutines that moved.
//
// The analysis is checked at run time by the explorer's tests
// (Options.CheckEffects, State.SetCheckEffects): every recorded write
// must be in the bound computed before its step, and every bound within
// the previous one.

// Effect bits: fxTop (anything), fxClose, fxMap, fxRead (a read the
// race detector checks: a load of shared memory, a map read, a send on a
// channel a close may reach, an atomic operation, a load through a
// punned pointer: reads of cells of any type), fxTime (the clock read:
// see below), then two per leaf type: a write of a cell of the type, and
// a read of one. Read bits are odd, write bits even (readBits); fxTime
// is a read bit whose write bit (6) is never set.
//
// fxTime marks code that may observe the virtual clock's absolute
// value: a call of time.Now, time.Since or time.Until, or a receive from
// a channel of time.Time whose value is used (a timer's channel delivers
// the instant it fired; `case <-t.C:` and `<-t.C` as a statement drop
// it). Where no goroutine, timer or test of a state can still do either
// (State.observesTime), the fingerprint takes time relative to now:
// states that differ only in how far the clock has moved (a ticker loop
// going round, a timer re-armed with Reset) are the same state.
const (
	fxTop   = 0
	fxRead  = 1
	fxClose = 2
	fxMap   = 4
	fxTime  = 7
	fxTypes = 8
)

// readBits has the read bits of a word set.
const readBits = 0xaaaaaaaaaaaaaaaa

// fxSet is a set of effects, a bitset over the bits above. Sets are never
// modified once built (they are shared between instructions, goroutines
// and states); nil is the empty set.
type fxSet []uint64

// The sets of one effect, shared (sets are never modified).
var (
	topFx      = fxSet{1 << fxTop}
	anyReadFx  = fxSet{1 << fxRead}
	closeFx    = fxSet{1 << fxClose}
	mapWriteFx = fxSet{1 << fxMap}
	timeFx     = fxSet{1 << fxTime}
)

func (a fxSet) has(bit int) bool {
	return bit/64 < len(a) && a[bit/64]&(1<<(bit%64)) != 0
}

func (a fxSet) empty() bool {
	for _, w := range a {
		if w != 0 {
			return false
		}
	}
	return true
}

// noWrites reports whether a has no effect but reads.
func (a fxSet) noWrites() bool {
	for _, w := range a {
		if w&^readBits != 0 {
			return false
		}
	}
	return true
}

// readsAny reports whether a has a read of a type whose write bit is in
// mask (asReads without the allocation).
func (a fxSet) readsAny(mask fxSet) bool {
	for i, w := range mask {
		w &^= readBits
		if i < len(a) && a[i]&(w<<1) != 0 || i+1 < len(a) && a[i+1]&(w>>63) != 0 {
			return true
		}
	}
	return false
}

// asReads returns the reads of the cells whose write bits are in a (a
// cell's mask, from cellFx).
func (a fxSet) asReads() fxSet {
	r := make(fxSet, len(a)+1)
	for i, w := range a {
		w &^= readBits
		r[i] |= w << 1
		r[i+1] |= w >> 63
	}
	return r
}

// overlaps reports whether a write of mask may be among the writes of a
// (a top in either overlaps anything but the empty set).
func (a fxSet) overlaps(mask fxSet) bool {
	if a.empty() || mask.empty() {
		return false
	}
	if a.has(fxTop) || mask.has(fxTop) {
		return true
	}
	for i := range min(len(a), len(mask)) {
		if a[i]&mask[i] != 0 {
			return true
		}
	}
	return false
}

// covers reports whether every write of mask is among those of a.
func (a fxSet) covers(mask fxSet) bool {
	if a.has(fxTop) || mask.empty() {
		return true
	}
	if mask.has(fxTop) {
		return false
	}
	for i, w := range mask {
		if i >= len(a) {
			if w != 0 {
				return false
			}
			continue
		}
		if w&^a[i] != 0 {
			return false
		}
	}
	return true
}

// union returns a ∪ b, sharing a or b when one contains the other.
func union(a, b fxSet) fxSet {
	if b.empty() || a.has(fxTop) {
		return a
	}
	if a.empty() || b.has(fxTop) {
		return b
	}
	if a.covers(b) {
		return a
	}
	if b.covers(a) {
		return b
	}
	r := make(fxSet, max(len(a), len(b)))
	copy(r, a)
	for i, w := range b {
		r[i] |= w
	}
	return r
}

// bit returns the set of one bit.
func bit(i int) fxSet {
	r := make(fxSet, i/64+1)
	r[i/64] = 1 << (i % 64)
	return r
}

// effects is the analysis of a program: read-only once built, so that
// the States of parallel workers share it.
type effects struct {
	ids      map[types.Type]int // leaf type -> bit, by identity
	distinct []types.Type       // leaf types by bit-fxTypes, up to types.Identical
	unsafe   []types.Type       // leaf types of pointers converted from unsafe.Pointer
	building bool               // leaf types can still be numbered

	prog     *ssa.Program
	mayClose func(elem types.Type) bool // Interp.mayClose
	summary  map[*ssa.Function]fxSet

	// For calls through interfaces and function values (dynamic): the
	// methods by name, the other functions by signature, and the
	// signatures of the functions natives return.
	byName         map[string][]*ssa.Function
	bySig          typeutil.Map // *types.Signature -> []*ssa.Function
	nativeResults  []*types.Signature
	genericMethods map[string]bool // names of the methods of generic types

	stores     map[*ssa.Store]fxSet // own's results for stores (filled while building)
	freshCache sync.Map             // *ssa.BasicBlock -> map[*ssa.Store]bool (freshStores)
	cellMasks  sync.Map             // ssa.Value -> fxSet (cellMask)
	methods    fxSet                // what fmt, errors and testing may call
	future     sync.Map             // *ssa.Function -> *funcFx, computed on first use (futureOf)
}

// funcFx holds, per instruction of a function, the writes the function
// may make from that instruction on; and from its Recover block.
type funcFx struct {
	at      [][]fxSet
	recover fxSet
}

// methodsCalledByNatives are the methods that fmt, errors and testing
// natives may call on their arguments.
var methodsCalledByNatives = map[string]bool{
	"String": true, "Error": true, "Format": true, "GoString": true,
	"Write": true, "WriteString": true, "Unwrap": true, "Is": true, "As": true,
}

// effects returns the analysis of the program (built once).
func (it *Interp) effects() *effects {
	it.fxOnce.Do(func() { it.fxInfo = buildEffects(it.prog, it.mayClose) })
	return it.fxInfo
}

func buildEffects(prog *ssa.Program, mayClose func(types.Type) bool) *effects {
	e := &effects{prog: prog, mayClose: mayClose, stores: make(map[*ssa.Store]fxSet), ids: make(map[types.Type]int), summary: make(map[*ssa.Function]fxSet), building: true}
	fns := programFunctions(prog)
	// A deterministic order, so that the bits are numbered the same way
	// in every run (the sets never reach fingerprints, but debugging is
	// easier).
	slices.SortFunc(fns, func(a, b *ssa.Function) int {
		if a.Pos() != b.Pos() {
			return int(a.Pos()) - int(b.Pos())
		}
		if a.String() < b.String() {
			return -1
		}
		if a.String() > b.String() {
			return 1
		}
		return 0
	})
	e.byName = make(map[string][]*ssa.Function)
	e.genericMethods = make(map[string]bool)
	for _, pkg := range prog.AllPackages() {
		scope := pkg.Pkg.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && n.TypeParams().Len() > 0 {
				for i := range n.NumMethods() {
					e.genericMethods[n.Method(i).Name()] = true
				}
			}
		}
	}
	for _, fn := range fns {
		switch {
		case fn.Signature.Recv() != nil:
			e.byName[fn.Name()] = append(e.byName[fn.Name()], fn)
		case hasTypeParam(fn.Signature):
			// A generic function's body (not called as such).
		case fn.Synthetic == "package initializer" || strings.HasPrefix(fn.Name(), "init#"):
			// Package initialisers are never function values.
		default:
			l, _ := e.bySig.At(fn.Signature).([]*ssa.Function)
			e.bySig.Set(fn.Signature, append(l, fn))
		}
	}
	// The natives the program refers to (calls, or takes as values) that
	// return functions.
	seenNative := make(map[*ssa.Function]bool)
	var ops []*ssa.Value
	for _, fn := range fns {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				ops = in.Operands(ops[:0])
				for _, op := range ops {
					nat, ok := (*op).(*ssa.Function)
					if !ok || nat.Blocks != nil || seenNative[nat] {
						continue
					}
					seenNative[nat] = true
					res := nat.Signature.Results()
					for i := range res.Len() {
						if rs, ok := res.At(i).Type().Underlying().(*types.Signature); ok {
							e.nativeResults = append(e.nativeResults, rs)
						}
					}
				}
			}
		}
	}
	for _, fn := range fns {
		e.summary[fn] = nil
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if c, ok := in.(*ssa.Convert); ok && fromUnsafe(c) && !contained(c) && !roundTrip(c) {
					if p, ok := c.Type().Underlying().(*types.Pointer); ok {
						leafTypes(p.Elem(), func(t types.Type) { e.unsafe = append(e.unsafe, t) })
					}
				}
			}
		}
	}
	// Summaries: a fixpoint from nothing, in passes over every function.
	for changed := true; changed; {
		changed = false
		for _, fn := range fns {
			var s fxSet
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					s = union(s, e.own(in))
				}
			}
			if old := e.summary[fn]; !old.covers(s) {
				e.summary[fn] = union(old, s)
				changed = true
			}
		}
		var m fxSet
		for _, fn := range fns {
			if fn.Signature.Recv() != nil && methodsCalledByNatives[fn.Name()] {
				m = union(m, e.summary[fn])
			}
		}
		if !e.methods.covers(m) {
			e.methods = union(e.methods, m)
			changed = true
		}
	}
	e.building = false
	e.freshCache.Clear() // the stores' effects are in stores now
	return e
}

// futureOf returns fn's per-instruction bounds, computed on first use
// (most of a program's functions never run), or nil for a function the
// analysis did not see.
func (e *effects) futureOf(fn *ssa.Function) *funcFx {
	if ff, ok := e.future.Load(fn); ok {
		return ff.(*funcFx)
	}
	if _, known := e.summary[fn]; !known || fn.Blocks == nil {
		return nil
	}
	ff, _ := e.future.LoadOrStore(fn, e.futures(fn))
	return ff.(*funcFx)
}

// futures computes, per instruction of fn, the writes fn may make from
// there on.
func (e *effects) futures(fn *ssa.Function) *funcFx {
	ff := &funcFx{at: make([][]fxSet, len(fn.Blocks))}
	own := make([][]fxSet, len(fn.Blocks))
	for i, b := range fn.Blocks {
		own[i] = make([]fxSet, len(b.Instrs))
		ff.at[i] = make([]fxSet, len(b.Instrs))
		for j, in := range b.Instrs {
			own[i][j] = e.own(in)
		}
	}
	entry := make([]fxSet, len(fn.Blocks))
	for changed := true; changed; {
		changed = false
		for i := len(fn.Blocks) - 1; i >= 0; i-- {
			b := fn.Blocks[i]
			var out fxSet
			for _, succ := range b.Succs {
				out = union(out, entry[succ.Index])
			}
			for j := len(b.Instrs) - 1; j >= 0; j-- {
				out = union(own[i][j], out)
				ff.at[i][j] = out
			}
			if !entry[i].covers(out) {
				entry[i] = union(entry[i], out)
				changed = true
			}
		}
	}
	if fn.Recover != nil {
		ff.recover = entry[fn.Recover.Index]
	}
	return ff
}

// own returns the writes instruction in may make itself (a call: its
// callee's summary).
func (e *effects) own(in ssa.Instruction) fxSet {
	switch in := in.(type) {
	case *ssa.Store:
		if fx, ok := e.stores[in]; ok {
			return fx
		}
		var fx fxSet
		switch {
		case punnedAddr(in.Addr):
			fx = topFx
		case isLocal(in.Addr) || e.freshStore(in):
		default:
			fx = e.storeFx(in.Val.Type())
		}
		if e.building {
			e.stores[in] = fx
		}
		return fx
	case *ssa.MapUpdate:
		return mapWriteFx
	case *ssa.UnOp:
		if in.Op == token.MUL && !isLocal(in.X) {
			return e.loadFx(in)
		}
		if in.Op == token.ARROW && isTimeChan(in.X.Type()) && recvUsed(in, in.CommaOk, 0) {
			return timeFx
		}
	case *ssa.Lookup:
		if _, ok := in.X.Type().Underlying().(*types.Map); ok {
			return anyReadFx
		}
	case *ssa.Range:
		if _, ok := in.X.Type().Underlying().(*types.Map); ok {
			return anyReadFx
		}
	case *ssa.Send:
		if e.closable(in.Chan.Type()) {
			return anyReadFx
		}
	case *ssa.Select:
		var fx fxSet
		k := 0 // the receive states before st
		for _, st := range in.States {
			if st.Dir == types.SendOnly {
				if e.closable(st.Chan.Type()) {
					fx = union(fx, anyReadFx)
				}
				continue
			}
			if isTimeChan(st.Chan.Type()) && recvUsed(in, true, 2+k) {
				fx = union(fx, timeFx)
			}
			k++
		}
		return fx
	case ssa.CallInstruction:
		return e.call(in.Common())
	}
	return nil
}

// isTimeChan reports whether t is a channel of time.Time, as a timer's
// is.
func isTimeChan(t types.Type) bool {
	c, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	n, ok := types.Unalias(c.Elem()).(*types.Named)
	return ok && n.Obj().Name() == "Time" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time"
}

// contained reports whether the pointer v, converted from
// unsafe.Pointer, is only used right here: loaded from (math's
// *(*float64)(unsafe.Pointer(&b))), stored through, or narrowed to a
// field or element used the same way. Such loads are always recorded and
// such stores are anything (punnedAddr); only a pointer that goes
// further (passed, stored, returned) makes every store of its type
// anything.
func contained(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return false
			}
		case *ssa.Store:
			if r.Addr != v || r.Val == v {
				return false
			}
		case *ssa.FieldAddr:
			if !contained(r) {
				return false
			}
		case *ssa.IndexAddr:
			if !contained(r) {
				return false
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// roundTrip reports whether the conversion c from unsafe.Pointer gives
// back the type the pointer had before it became an unsafe.Pointer
// (strings.Builder's (*Builder)(abi.NoEscape(unsafe.Pointer(b)))): no
// punning.
func roundTrip(c *ssa.Convert) bool {
	x := c.X
	for {
		switch v := x.(type) {
		case *ssa.Call:
			// internal/abi's NoEscape and Escape return their argument.
			fn := v.Call.StaticCallee()
			if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "internal/abi" || (fn.Name() != "NoEscape" && fn.Name() != "Escape") || len(v.Call.Args) != 1 {
				return false
			}
			x = v.Call.Args[0]
			continue
		case *ssa.Convert:
			return types.Identical(v.X.Type(), c.Type())
		case *ssa.ChangeType:
			return types.Identical(v.X.Type(), c.Type())
		}
		return false
	}
}

// punnedAddr reports whether addr is, or is a field or element of, a
// pointer converted from unsafe.Pointer.
func punnedAddr(addr ssa.Value) bool {
	for {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Pointer); !ok {
				return false
			}
			addr = a.X
		default:
			return fromUnsafe(addr)
		}
	}
}

// freshStore reports whether st writes memory that no other goroutine
// can have read yet: memory allocated in the same block before it, whose
// address has not left the function's registers in between (a variable
// captured by a closure, set before the closure is made: Go 1.22's
// per-iteration loop variables; or a variadic call's argument array).
// Such a write cannot race with a recorded read.
func (e *effects) freshStore(st *ssa.Store) bool {
	if fillsVarargs(st) {
		return true
	}
	if fs, ok := e.freshCache.Load(st.Block()); ok {
		return fs.(map[*ssa.Store]bool)[st]
	}
	fs := freshStores(st.Block())
	e.freshCache.Store(st.Block(), fs)
	return fs[st]
}

// freshStores returns the stores of block b that write memory allocated
// earlier in b whose address has not escaped yet (one pass over the
// block: each allocation's derived addresses are followed until one is
// used otherwise than to load or store through it).
func freshStores(b *ssa.BasicBlock) map[*ssa.Store]bool {
	var fresh map[*ssa.Store]bool
	root := make(map[ssa.Value]*ssa.Alloc) // addresses derived from an allocation not escaped yet
	var ops []*ssa.Value
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Alloc:
			root[in] = in
			continue
		case *ssa.FieldAddr:
			if a := root[in.X]; a != nil {
				root[in] = a
				continue
			}
		case *ssa.IndexAddr:
			if a := root[in.X]; a != nil {
				if _, ok := in.X.Type().Underlying().(*types.Pointer); ok {
					root[in] = a
					continue
				}
			}
		case *ssa.Store:
			if a := root[in.Val]; a != nil {
				escape(root, a) // the address itself is stored
			}
			if root[in.Addr] != nil {
				if fresh == nil {
					fresh = make(map[*ssa.Store]bool)
				}
				fresh[in] = true
			}
			continue
		case *ssa.UnOp:
			if in.Op == token.MUL {
				continue // a load through it
			}
		case *ssa.DebugRef:
			continue
		}
		ops = in.Operands(ops[:0])
		for _, op := range ops {
			if *op == nil {
				continue
			}
			if a := root[*op]; a != nil {
				escape(root, a)
			}
		}
	}
	return fresh
}

// escape forgets allocation a and the addresses derived from it.
func escape(root map[ssa.Value]*ssa.Alloc, a *ssa.Alloc) {
	for v, r := range root {
		if r == a {
			delete(root, v)
		}
	}
}

// fillsVarargs reports whether st fills in the array a variadic call's
// arguments are passed in: memory allocated just before, which no other
// goroutine can have read (its address escapes only to the call, after
// the stores), so that its writes cannot race with a recorded read.
func fillsVarargs(st *ssa.Store) bool {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok || arr.Comment != "varargs" {
		return false
	}
	for _, ref := range *arr.Referrers() {
		switch ref := ref.(type) {
		case *ssa.IndexAddr:
			for _, use := range *ref.Referrers() {
				if s, ok := use.(*ssa.Store); !ok || s.Addr != ref {
					return false
				}
			}
		case *ssa.Slice:
		default:
			return false
		}
	}
	return true
}

// loadFx returns the reads of a load: of its cells' types, or, through
// a punned pointer, of any cell.
func (e *effects) loadFx(in *ssa.UnOp) fxSet {
	if punnedAddr(in.X) {
		return anyReadFx
	}
	return e.cellFx(in.Type()).asReads()
}

// storeFx returns the writes of a store of a value of type t.
func (e *effects) storeFx(t types.Type) fxSet {
	if hasTypeParam(t) {
		return topFx
	}
	var r fxSet
	leafTypes(t, func(l types.Type) {
		for _, u := range e.unsafe {
			if types.Identical(u, l) {
				r = topFx
			}
		}
		if r.has(fxTop) {
			return
		}
		if id, ok := e.typeBit(l); ok {
			r = union(r, bit(id))
		} else {
			r = topFx // a type not seen while building: be safe
		}
	})
	return r
}

// cellFx returns the set of leaf types of a location of type t (a load's
// mask): bits only for the types the program writes.
func (e *effects) cellFx(t types.Type) fxSet {
	if hasTypeParam(t) {
		return topFx
	}
	var r fxSet
	leafTypes(t, func(l types.Type) {
		if id, ok := e.typeBit(l); ok {
			r = union(r, bit(id))
		}
	})
	return r
}

// typeBit returns the write bit of leaf type t (its read bit is the
// next), numbering it while the analysis is built; afterwards unknown
// types have none.
func (e *effects) typeBit(t types.Type) (int, bool) {
	if id, ok := e.ids[t]; ok {
		return id, true
	}
	for i, d := range e.distinct {
		if types.Identical(d, t) {
			if e.building {
				e.ids[t] = fxTypes + 2*i
			}
			return fxTypes + 2*i, true
		}
	}
	if !e.building {
		return 0, false
	}
	id := fxTypes + 2*len(e.distinct)
	e.distinct = append(e.distinct, t)
	e.ids[t] = id
	return id, true
}

// describe lists the effects of a set, for messages.
func (e *effects) describe(a fxSet) string {
	var parts []string
	for i := range len(a) * 64 {
		if !a.has(i) {
			continue
		}
		switch i {
		case fxTop:
			parts = append(parts, "anything")
		case fxClose:
			parts = append(parts, "close")
		case fxMap:
			parts = append(parts, "map write")
		case fxRead:
			parts = append(parts, "read")
		case fxTime:
			parts = append(parts, "clock")
		default:
			k := i - fxTypes
			switch {
			case k < 0 || k/2 >= len(e.distinct):
			case k%2 == 0:
				parts = append(parts, e.distinct[k/2].String())
			default:
				parts = append(parts, "read "+e.distinct[k/2].String())
			}
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// leafTypes calls f with the underlying type of every leaf cell of a
// location of type t: struct fields and array elements are split, as
// accessCells splits them.
func leafTypes(t types.Type, f func(types.Type)) {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for i := range u.NumFields() {
			leafTypes(u.Field(i).Type(), f)
		}
	case *types.Array:
		if u.Len() > 0 {
			leafTypes(u.Elem(), f)
		}
	default:
		f(u)
	}
}
