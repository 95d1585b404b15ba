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
// punned pointer: reads of cells of any type), then two per leaf type:
// a write of a cell of the type, and a read of one. Read bits are odd,
// write bits even (readBits).
const (
	fxTop   = 0
	fxRead  = 1
	fxClose = 2
	fxMap   = 4
	fxTypes = 6
)

// readBits has the read bits of a word set.
const readBits = 0xaaaaaaaaaaaaaaaa

// fxSet is a set of effects, a bitset over the bits above. Sets are never
// modified once built (they are shared between instructions, goroutines
// and states); nil is the empty set.
type fxSet []uint64

var topFx = fxSet{1 << fxTop}

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
		return bit(fxMap)
	case *ssa.UnOp:
		if in.Op == token.MUL && !isLocal(in.X) {
			return e.loadFx(in)
		}
	case *ssa.Lookup:
		if _, ok := in.X.Type().Underlying().(*types.Map); ok {
			return bit(fxRead)
		}
	case *ssa.Range:
		if _, ok := in.X.Type().Underlying().(*types.Map); ok {
			return bit(fxRead)
		}
	case *ssa.Send:
		if e.closable(in.Chan.Type()) {
			return bit(fxRead)
		}
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.SendOnly && e.closable(st.Chan.Type()) {
				return bit(fxRead)
			}
		}
	case ssa.CallInstruction:
		return e.call(in.Common())
	}
	return nil
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
		return bit(fxRead)
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
		return bit(fxClose)
	case "delete", "clear":
		return bit(fxMap)
	case "len":
		return bit(fxRead) // of a map
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
		return union(e.storeFx(p.Elem()), bit(fxRead)), false
	case name == "(*sync.Pool).Get", name == "(*testing.T).Context", name == "(*testing.common).Context":
		return topFx, false
	case pkg == "fmt", pkg == "errors", pkg == "testing":
		return nil, true
	}
	return nil, false
}

// goroutineFx returns the writes goroutine g may still make.
func (s *State) goroutineFx(e *effects, g *Goroutine) fxSet {
	if g.done {
		return nil
	}
	var r fxSet
	switch op := g.pending.(type) {
	case *startOp:
		if op.builtin != nil {
			r = union(r, builtinFx(op.builtin)) // go close(c)
		}
		if op.fn != nil {
			r = union(r, e.calleeWithEnv(op.fn, op.env, op.args))
		}
		for _, fn := range op.seq {
			r = union(r, e.callee(fn, nil))
		}
	case *nativeOp:
		r = union(r, e.calleeWithEnv(op.fn, op.env, op.args))
	case *closeOp:
		r = union(r, bit(fxClose)) // a deferred close, already off the list
	}
	for _, fr := range g.frames {
		if fr.deferStackTaken {
			return topFx // its deferred calls went elsewhere
		}
		ff := e.futureOf(fr.code.fn)
		if ff == nil {
			return topFx
		}
		if b := fr.block; b < len(ff.at) && len(ff.at[b]) > 0 {
			r = union(r, ff.at[b][min(max(fr.pc-1, 0), len(ff.at[b])-1)])
		}
		r = union(r, ff.recover)
		for d := fr.defers; d != nil; d = d.next {
			switch {
			case d.builtin != nil:
				r = union(r, builtinFx(d.builtin))
			case d.fn != nil:
				r = union(r, e.calleeWithEnv(d.fn, d.env, d.args))
			}
		}
		if r.has(fxTop) {
			return r
		}
	}
	if ts := g.exitTest; ts != nil && !ts.finished {
		r = union(r, testFx(e, ts))
	}
	return r
}

func testFx(e *effects, ts *testState) fxSet {
	var r fxSet
	for _, f := range ts.cleanups {
		r = union(r, closureFx(e, f))
	}
	return union(r, closureFx(e, ts.cancel))
}

func closureFx(e *effects, f *Closure) fxSet {
	if f == nil {
		return nil
	}
	if f.Fn == nil {
		return topFx
	}
	return e.callee(f.Fn, nil)
}

// futureFx returns a bound of the writes the execution may still make:
// the goroutines' (cached per goroutine until it moves), the timers' and
// the tests'.
func (s *State) futureFx() fxSet {
	if s.fxOK {
		return s.fx
	}
	e := s.it.effects()
	// Accumulated in the state's own buffer: this runs after every step.
	r := s.fxBuf[:0]
	or := func(b fxSet) {
		for len(r) < len(b) {
			r = append(r, 0)
		}
		for i, w := range b {
			r[i] |= w
		}
	}
	for _, g := range s.gs {
		if !g.fxOK {
			g.fx, g.fxOK = s.goroutineFx(e, g), true
		}
		or(g.fx)
	}
	for _, t := range s.timers {
		if t.active && t.fn != nil {
			or(closureFx(e, t.fn))
		}
	}
	for _, ts := range s.tests {
		if !ts.finished {
			or(testFx(e, ts))
		}
	}
	s.fxBuf, s.fx, s.fxOK = r, r, true
	return r
}

// recordRead reports whether a load by instruction ic must be recorded by
// the race detector: whether a write of its cells may still come.
func (s *State) recordRead(ic *instrCode) bool {
	if ic.punned || s.checkFx {
		return true
	}
	return s.futureFx().overlaps(ic.readFx)
}

// afterStep updates the bound of future writes after g's step, and drops
// the race detector's state when no write can come and no recorded write
// can race with a later read.
func (s *State) afterStep(g *Goroutine) {
	if s.race == nil {
		return
	}
	g.fxOK = false
	var prev fxSet
	if s.checkFx {
		prev = slices.Clone(s.fx)
	}
	s.fxOK = false
	fx := s.futureFx()
	if s.checkFx {
		if !prev.covers(fx) && s.fxChecked {
			e := s.it.effects()
			panic(internalErrorf("write analysis: the bound of future writes grew after goroutine %d's step, from %s to %s", g.ID, e.describe(prev), e.describe(fx)))
		}
		s.fxChecked = true
		return
	}
	if len(s.gs) < 2 {
		return
	}
	if !fx.noWrites() {
		return
	}
	s.dropRace(fx)
}

// checkReadFx verifies, with SetCheckEffects, that a read the race
// detector checks (its effects: mask) was in the bound of future effects.
func (s *State) checkReadFx(mask fxSet, what string) {
	if s.checkFx && s.fxChecked && !s.fx.covers(mask) {
		e := s.it.effects()
		panic(internalErrorf("write analysis: %s (%s) was not among the reads that could still happen (%s)", what, e.describe(mask), e.describe(s.fx)))
	}
}

// checkWrite verifies, with SetCheckEffects, that a write the race
// detector records was in the bound of future writes.
func (s *State) checkWrite(mask fxSet, what string) {
	if !s.checkFx || !s.fxChecked {
		return
	}
	if !s.fx.covers(mask) {
		e := s.it.effects()
		panic(internalErrorf("write analysis: %s (%s) was not among the writes that could still happen (%s)", what, e.describe(mask), e.describe(s.fx)))
	}
}

// checkFresh verifies, with SetCheckEffects, that the memory at p, which
// freshStore says no other goroutine can have read yet, has no read by
// another goroutine recorded.
func (s *State) checkFresh(g *Goroutine, p *Value, what string) {
	switch x := (*p).(type) {
	case Struct:
		for i := range x {
			s.checkFresh(g, &x[i], what)
		}
		return
	case Array:
		for i := range x {
			s.checkFresh(g, &x[i], what)
		}
		return
	}
	if c := s.race.shadow[p]; c != nil {
		for _, rd := range c.reads {
			if rd.g != g.ID {
				panic(internalErrorf("write analysis: %s writes memory goroutine %d has read, which it took for fresh", what, rd.g))
			}
		}
	}
}

// cellMask returns the write bits of the types the memory cell c may
// have (those of the whole location it was first accessed as, a struct's
// for its fields), or nil if unknown (a punned access, an atomic cell).
func (e *effects) cellMask(c *shadowCell) fxSet {
	v := c.what.v
	if v == nil || c.what.name != "" {
		return nil
	}
	if m, ok := e.cellMasks.Load(v); ok {
		return m.(fxSet)
	}
	var m fxSet
	if p, ok := v.Type().Underlying().(*types.Pointer); ok && !punnedAddr(v) {
		m = e.cellFx(p.Elem())
		if m.empty() || m.has(fxTop) {
			m = nil
		}
	}
	e.cellMasks.Store(v, m)
	return m
}

// SetCheckEffects makes the execution check the analysis of future writes
// instead of using it: reads are all recorded, the race state is never
// dropped, and a recorded write outside the bound computed before its
// step is an internal error (for tests).
func (s *State) SetCheckEffects(on bool) { s.checkFx = on }

// dropRace ends race detection for the rest of the execution, where no
// write can come (fx, the bound of what can still come, has reads only),
// when no recorded write can race with a read still to come: every write
// is ordered before every goroutine and every pending timer, or no read
// of its cell's type can come.
func (s *State) dropRace(fx fxSet) {
	r := s.race
	e := s.it.effects()
	for key, c := range r.shadow {
		if !c.hasWrite || fx.empty() {
			continue
		}
		if p, ok := key.(*Value); ok && !fx.has(fxRead) && !fx.has(fxTop) && p != nil {
			if mask := e.cellMask(c); mask != nil && !fx.readsAny(mask) {
				continue // no read of this cell's type can come
			}
		}
		w := c.write
		for _, g := range s.gs {
			if !g.done && g.ID != w.g && w.clk > g.vc.get(w.g) {
				return
			}
		}
		for _, t := range s.timers {
			if t.active && w.clk > t.vc.get(w.g) {
				return
			}
		}
	}
	s.race = nil
	for _, g := range s.gs {
		g.vc = nil
	}
	for _, c := range s.chans {
		c.slotVC, c.closeVC = nil, nil
	}
	for _, t := range s.timers {
		t.vc = nil
	}
}
