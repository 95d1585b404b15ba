package model

import (
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// funcCode is a function compiled for fast evaluation: every SSA value gets
// a register slot, and every instruction's operands are resolved once to
// register slots, constants or globals.
type funcCode struct {
	fn      *ssa.Function
	nregs   int
	nparams int
	nfree   int
	blocks  []blockCode
	consts  []Value
	// recover is the index of fn.Recover, or -1.
	recover int
	// live is the registers' liveness (liveness.go), computed on first
	// use.
	liveOnce sync.Once
	live     *liveTable
}

type blockCode struct {
	b      *ssa.BasicBlock
	instrs []instrCode
	nphi   int
}

type instrCode struct {
	in  ssa.Instruction
	dst int32   // register receiving the instruction's value, or -1
	ops []int32 // operand references, in ssa.Instruction.Operands order
	// local: a load or store of memory no other goroutine can see.
	local bool
	// punned: a load or store through a pointer converted from
	// unsafe.Pointer: the memory may hold a value of another type.
	punned bool
	// zeroSize: an allocation of a zero-size type (all share one address).
	zeroSize bool
	// closable: a make(chan) whose channels a close of the program may
	// reach (closable.go).
	closable bool
	// readFx: for a load, the leaf types of the cells it reads, as
	// effects.go numbers them.
	readFx fxSet
	// zero is the zero value an Alloc stores (copied for aggregates), or
	// nil to compute it each time (huge types).
	zero Value
}

// Operand references: r >= 0 is a register; globalBase < r < 0 is a
// constant (consts[-r-1]); r <= globalBase is a global variable
// (index globalBase-r); noRef is a missing optional operand.
const (
	globalBase int32 = -1 << 24
	noRef      int32 = math.MinInt32
)

func (it *Interp) compile(fn *ssa.Function) *funcCode {
	c := &funcCode{fn: fn, recover: -1}
	slots := make(map[ssa.Value]int32)
	alloc := func(v ssa.Value) {
		slots[v] = int32(c.nregs)
		c.nregs++
	}
	for _, p := range fn.Params {
		alloc(p)
	}
	c.nparams = len(fn.Params)
	for _, fv := range fn.FreeVars {
		alloc(fv)
	}
	c.nfree = len(fn.FreeVars)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if v, ok := in.(ssa.Value); ok {
				alloc(v)
			}
		}
	}
	constIdx := make(map[ssa.Value]int32)
	ref := func(v ssa.Value) int32 {
		if v == nil {
			return noRef
		}
		if r, ok := slots[v]; ok {
			return r
		}
		switch v := v.(type) {
		case *ssa.Global:
			return globalBase - int32(it.globalIndex(v))
		case *ssa.Const, *ssa.Function, *ssa.Builtin:
			if r, ok := constIdx[v]; ok {
				return r
			}
			var k Value
			switch v := v.(type) {
			case *ssa.Const:
				k = it.constValue(v)
			case *ssa.Function:
				k = &Closure{Fn: v}
			case *ssa.Builtin:
				k = &Closure{Builtin: v}
			}
			c.consts = append(c.consts, k)
			r := -int32(len(c.consts))
			constIdx[v] = r
			return r
		}
		panic(internalErrorf("%s: operand %s (%T) has no slot", fn, v, v))
	}
	c.blocks = make([]blockCode, len(fn.Blocks))
	var rands []*ssa.Value
	for i, b := range fn.Blocks {
		bc := blockCode{b: b, instrs: make([]instrCode, len(b.Instrs))}
		for j, in := range b.Instrs {
			ic := instrCode{in: in, dst: -1}
			if v, ok := in.(ssa.Value); ok {
				ic.dst = slots[v]
			}
			if _, ok := in.(*ssa.Phi); ok {
				bc.nphi = j + 1
			}
			switch in := in.(type) {
			case *ssa.Store:
				ic.local = isLocal(in.Addr)
				ic.punned = fromUnsafe(in.Addr)
			case *ssa.UnOp:
				ic.local = in.Op == token.MUL && isLocal(in.X)
				ic.punned = in.Op == token.MUL && fromUnsafe(in.X)
				if in.Op == token.MUL {
					ic.readFx = it.effects().cellFx(in.Type())
				}
			case *ssa.MakeChan:
				ic.closable = it.mayClose(in.Type().Underlying().(*types.Chan).Elem())
			case *ssa.Alloc:
				elem := in.Type().(*types.Pointer).Elem()
				size := it.sizeof(elem)
				ic.zeroSize = size == 0
				if size >= 0 && size <= 1<<12 {
					ic.zero = Zero(elem)
				}
			}
			rands = in.Operands(rands[:0])
			ic.ops = make([]int32, len(rands))
			for k, r := range rands {
				ic.ops[k] = ref(*r)
			}
			bc.instrs[j] = ic
		}
		c.blocks[i] = bc
	}
	if fn.Recover != nil {
		c.recover = fn.Recover.Index
	}
	return c
}

// constValue converts an SSA constant to a Value of its type.
func (it *Interp) constValue(c *ssa.Const) Value {
	t := c.Type()
	if c.Value == nil {
		return Zero(t)
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		// A non-nil constant of interface type (from a generic
		// instantiation): box the constant with its default type.
		dt := types.Default(constantType(c.Value))
		return Iface{T: dt, V: basicConst(dt.(*types.Basic), c.Value)}
	}
	if tp, ok := t.(*types.TypeParam); ok {
		panic(internalErrorf("constant of type parameter %s", tp))
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return Zero(t)
	}
	return basicConst(b, c.Value)
}

func constantType(v constant.Value) types.Type {
	switch v.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Int:
		return types.Typ[types.UntypedInt]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.UntypedNil]
}

func basicConst(b *types.Basic, v constant.Value) Value {
	switch b.Kind() {
	case types.Bool, types.UntypedBool:
		return constant.BoolVal(v)
	case types.String, types.UntypedString:
		if v.Kind() == constant.String {
			return constant.StringVal(v)
		}
		// string(rune) constants are folded by go/types; keep a fallback.
		i, _ := constant.Int64Val(v)
		return string(rune(i))
	case types.Float32:
		f, _ := constant.Float32Val(constant.ToFloat(v))
		return f
	case types.Float64, types.UntypedFloat:
		f, _ := constant.Float64Val(constant.ToFloat(v))
		return f
	case types.Complex64:
		cv := constant.ToComplex(v)
		re, _ := constant.Float32Val(constant.Real(cv))
		im, _ := constant.Float32Val(constant.Imag(cv))
		return complex(re, im)
	case types.Complex128, types.UntypedComplex:
		cv := constant.ToComplex(v)
		re, _ := constant.Float64Val(constant.Real(cv))
		im, _ := constant.Float64Val(constant.Imag(cv))
		return complex(re, im)
	case types.UnsafePointer:
		return (*Value)(nil)
	}
	iv := constant.ToInt(v)
	var x uint64
	if i, ok := constant.Int64Val(iv); ok {
		x = uint64(i)
	} else {
		x, _ = constant.Uint64Val(iv)
	}
	return intOfKind(b.Kind(), x)
}

// intOfKind returns x truncated to the integer kind k.
func intOfKind(k types.BasicKind, x uint64) Value {
	switch k {
	case types.Int, types.UntypedInt:
		return int(x)
	case types.Int8:
		return int8(x)
	case types.Int16:
		return int16(x)
	case types.Int32, types.UntypedRune:
		return int32(x)
	case types.Int64:
		return int64(x)
	case types.Uint:
		return uint(x)
	case types.Uint8:
		return uint8(x)
	case types.Uint16:
		return uint16(x)
	case types.Uint32:
		return uint32(x)
	case types.Uint64:
		return uint64(x)
	case types.Uintptr:
		return uintptr(x)
	}
	panic(internalErrorf("not an integer kind: %v", k))
}

// fromUnsafe reports whether the address v is an unsafe.Pointer converted
// to a typed pointer.
func fromUnsafe(v ssa.Value) bool {
	c, ok := v.(*ssa.Convert)
	if !ok {
		return false
	}
	b, ok := c.X.Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.UnsafePointer
}

func (it *Interp) sizeof(t types.Type) (n int64) {
	defer func() {
		if recover() != nil {
			n = -1
		}
	}()
	return it.sizes.Sizeof(t)
}

// reinterpret returns the bits of the basic value v as a value of the
// basic type t (a load through a punned pointer: *(*uint64)(unsafe.Pointer(&f))).
func reinterpret(v Value, t types.Type) Value {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return v
	}
	var bits uint64
	switch x := v.(type) {
	case float64:
		bits = math.Float64bits(x)
	case float32:
		bits = uint64(math.Float32bits(x))
	case bool, complex64, complex128, nil:
		return v
	case string, *Value, Slice, Struct, Array, Iface, *Map, *Chan, *Closure:
		if b.Info()&types.IsNumeric != 0 {
			panic(unsupportedf("memory reinterpreted through unsafe.Pointer"))
		}
		return v
	default:
		bits = toUint64Safe(v)
	}
	switch b.Kind() {
	case types.Float64:
		return math.Float64frombits(bits)
	case types.Float32:
		return math.Float32frombits(uint32(bits))
	}
	if b.Info()&types.IsInteger != 0 {
		return intOfKind(b.Kind(), bits)
	}
	return v
}

func toUint64Safe(v Value) (u uint64) {
	defer func() { recover() }()
	return toUint64(v)
}

// reinterpretAs returns v's bits as a value of old's Go type (a store
// through a punned pointer keeps the memory's own type).
func reinterpretAs(v, old Value) Value {
	switch old.(type) {
	case float64:
		return reinterpret(v, types.Typ[types.Float64])
	case float32:
		return reinterpret(v, types.Typ[types.Float32])
	case int:
		return reinterpret(v, types.Typ[types.Int])
	case int64:
		return reinterpret(v, types.Typ[types.Int64])
	case uint64:
		return reinterpret(v, types.Typ[types.Uint64])
	case uint32:
		return reinterpret(v, types.Typ[types.Uint32])
	case int32:
		return reinterpret(v, types.Typ[types.Int32])
	case uint:
		return reinterpret(v, types.Typ[types.Uint])
	case uintptr:
		return reinterpret(v, types.Typ[types.Uintptr])
	}
	return v
}
