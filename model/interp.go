package model

import (
	"go/token"
	"go/types"
	"sync"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// Interp holds what is shared by every execution of one program: the
// compiled functions, the global variable numbering, the native function
// tables and type caches. It is safe for concurrent use by several States.
type Interp struct {
	prog *ssa.Program
	fset *token.FileSet

	mu        sync.Mutex
	codeCache sync.Map // *ssa.Function -> *funcCode
	globalIdx map[*ssa.Global]int
	globals   []*ssa.Global

	typesMu sync.Mutex
	typeIDs typeutil.Map
	rtypes  map[int]*rtype // reflect.Type values, one per type
	// ptrTypes holds one *types.Pointer per element type made by
	// natives (errors.New's *errorString, ...): a fresh one per call
	// would make equal states' fingerprints differ.
	ptrTypes map[types.Type]*types.Pointer

	// methods caches lookupMethod (methodKey -> *ssa.Function) and
	// typeIDCache typeID by type identity (types.Type -> int): read on
	// every interface call and map operation by every worker, without a
	// lock once filled.
	methods     sync.Map
	typeIDCache sync.Map

	natives     map[string]nativeFn
	visible     map[string]*visibleFn
	nativeCache sync.Map // *ssa.Function -> nativeEntry
	sizes       types.Sizes

	rt runtimeTypes

	flowMu    sync.Mutex
	flowCache map[*ssa.Function]*flowInfo // dependence summaries (dataflow.go)

	closeOnce sync.Once
	closeInfo *closers // the program's close calls (closable.go)

	fxOnce sync.Once
	fxInfo *effects // the writes each instruction may lead to (effects.go)

	locOnce sync.Once
	locs    *locIndex // the loads and stores of each static location (sameloc.go)
}

// pointerTo returns the pointer type to t, the same one at every call.
func (it *Interp) pointerTo(t types.Type) *types.Pointer {
	it.typesMu.Lock()
	defer it.typesMu.Unlock()
	p, ok := it.ptrTypes[t]
	if !ok {
		if it.ptrTypes == nil {
			it.ptrTypes = make(map[types.Type]*types.Pointer)
		}
		p = types.NewPointer(t)
		it.ptrTypes[t] = p
	}
	return p
}

type methodKey struct {
	t int // typeID
	m *types.Func
}

// New returns an interpreter for prog.
func New(prog *ssa.Program) *Interp {
	it := &Interp{
		prog:      prog,
		fset:      prog.Fset,
		globalIdx: make(map[*ssa.Global]int),

		sizes: types.SizesFor("gc", "amd64"),
	}
	it.natives, it.visible = nativeTables()
	it.rt = findRuntimeTypes(prog)
	return it
}

// Prog returns the SSA program.
func (it *Interp) Prog() *ssa.Program { return it.prog }

func (it *Interp) funcCode(fn *ssa.Function) *funcCode {
	if c, ok := it.codeCache.Load(fn); ok {
		return c.(*funcCode)
	}
	c := it.compile(fn) // may call globalIndex, which locks mu
	actual, _ := it.codeCache.LoadOrStore(fn, c)
	return actual.(*funcCode)
}

func (it *Interp) globalIndex(g *ssa.Global) int {
	it.mu.Lock()
	defer it.mu.Unlock()
	if i, ok := it.globalIdx[g]; ok {
		return i
	}
	i := len(it.globals)
	it.globals = append(it.globals, g)
	it.globalIdx[g] = i
	return i
}

func (it *Interp) global(i int) *ssa.Global {
	it.mu.Lock()
	defer it.mu.Unlock()
	return it.globals[i]
}

// lookupMethod returns the concrete method m of dynamic type t.
func (it *Interp) lookupMethod(t types.Type, m *types.Func) *ssa.Function {
	key := methodKey{it.typeID(t), m}
	if fn, ok := it.methods.Load(key); ok {
		return fn.(*ssa.Function)
	}
	fn := it.prog.LookupMethod(t, m.Pkg(), m.Name())
	it.methods.Store(key, fn)
	return fn
}

// frame is the activation record of an interpreted function call.
type frame struct {
	code   *funcCode
	regs   []Value
	block  int // current block index
	pc     int // index of the next instruction in the block
	defers *deferred
	mode   frameMode
	// dst is the caller's register receiving this call's result: -1 to
	// discard it, -2 when the call was made from native code (the result
	// is kept in Goroutine.cbResult).
	dst int32
	// panicDefer is set on the frame of a deferred call run by a panic:
	// recover() called directly by it stops that panic.
	panicDefer *panicState
	// callPos is the position of the call that created this frame.
	callPos token.Pos
	// onceDone, if set, is the sync.Once whose Do this frame runs f for:
	// when the frame returns or is unwound, the Once is done. (Data, not
	// a Go closure, so that State.Clone can copy it.)
	onceDone *Value
	// serial identifies the activation within the execution.
	serial uint64
	// deferStackTaken: ssa:deferstack handed out this frame's defer list.
	deferStackTaken bool
}

type frameMode uint8

const (
	modeNormal    frameMode = iota
	modeRunDefers           // running deferred calls for RunDefers
	modeUnwinding           // running deferred calls for a panic or Goexit
	modeRecovered           // a deferred call recovered: finish defers, then resume at Recover
)

type deferred struct {
	fn      *ssa.Function
	builtin *ssa.Builtin
	env     []Value
	args    []Value
	pos     token.Pos
	next    *deferred
	nilFunc bool // a deferred call of a nil function value: panics when run
}

type panicState struct {
	val       Value // an Iface
	recovered bool
	goexit    bool // runtime.Goexit, not a panic
	prev      *panicState
	pos       token.Pos
	aborted   bool
}

const (
	dstDiscard  int32 = -1
	dstCallback int32 = -2
)

func (fr *frame) get(r int32, s *State) Value {
	if r >= 0 {
		return fr.regs[r]
	}
	if r > globalBase {
		return fr.code.consts[-r-1]
	}
	return s.globalAddr(int(globalBase - r))
}

func (fr *frame) instrPos() token.Pos {
	b := &fr.code.blocks[fr.block]
	i := fr.pc
	if i >= len(b.instrs) {
		i = len(b.instrs) - 1
	}
	if i < 0 {
		return fr.code.fn.Pos()
	}
	return b.instrs[i].in.Pos()
}

// jump transfers control to block to, assigning its phis.
func (fr *frame) jump(to int, s *State) {
	from := fr.block
	fr.block = to
	bc := &fr.code.blocks[to]
	if bc.nphi > 0 {
		pi := 0
		for i, p := range bc.b.Preds {
			if p.Index == from {
				pi = i
				break
			}
		}
		if bc.nphi == 1 {
			ic := &bc.instrs[0]
			fr.regs[ic.dst] = fr.get(ic.ops[pi], s)
		} else {
			var buf [8]Value
			tmp := buf[:0]
			if bc.nphi > len(buf) {
				tmp = make([]Value, 0, bc.nphi)
			}
			tmp = tmp[:bc.nphi]
			for i := 0; i < bc.nphi; i++ {
				tmp[i] = fr.get(bc.instrs[i].ops[pi], s)
			}
			for i := 0; i < bc.nphi; i++ {
				fr.regs[bc.instrs[i].dst] = tmp[i]
			}
		}
	}
	fr.pc = bc.nphi
}
