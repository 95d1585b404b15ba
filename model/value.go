package model

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Value is a run-time value of the interpreted program. Its dynamic Go type
// depends on the static (underlying) type of the SSA value it belongs to:
//
//	bool, string, intN, uintN, uintptr,
//	floatN, complexN               the Go type of the same kind
//	pointer, unsafe.Pointer        *Value (nil pointer: (*Value)(nil))
//	struct                         Struct: one Value per field
//	array                          Array: one Value per element
//	slice                          Slice (nil slice: Slice(nil))
//	map                            *Map (nil map: (*Map)(nil))
//	chan                           *Chan (nil channel: (*Chan)(nil))
//	func                           *Closure (nil func: (*Closure)(nil))
//	interface                      Iface (nil interface: Iface{})
//	tuple (multiple results)       Tuple
//
// Struct and Array have value semantics: they are copied on load and
// stored element by element, so that a pointer to a field or element stays
// valid when the whole aggregate is overwritten.
type Value = any

// Struct is the value of a struct type: one Value per field.
type Struct []Value

// Array is the value of an array type: one Value per element.
type Array []Value

// Slice is the value of a slice type. Its backing array is shared exactly as
// Go shares it, so aliasing through append and reslicing behaves as in Go.
type Slice []Value

// Tuple holds the results of a call with several results.
type Tuple []Value

// Iface is the value of an interface type: the dynamic type and value.
// The zero Iface is the nil interface.
type Iface struct {
	T types.Type
	V Value
}

// Closure is a function value: an SSA function and its captured variables.
// Bound method values and method expressions are closures over the
// synthetic wrapper functions that go/ssa builds.
type Closure struct {
	Fn  *ssa.Function
	Env []Value
	// Builtin is set for a function value denoting a builtin (rare: only
	// reachable through the ssa:wrapnilchk-style intrinsics).
	Builtin *ssa.Builtin
}

// Zero returns the zero value of type t.
func Zero(t types.Type) Value {
	switch t := t.Underlying().(type) {
	case *types.Basic:
		return zeroBasic(t)
	case *types.Pointer:
		return (*Value)(nil)
	case *types.Struct:
		s := make(Struct, t.NumFields())
		for i := range s {
			s[i] = Zero(t.Field(i).Type())
		}
		return s
	case *types.Array:
		if t.Len() > maxAlloc {
			panic(&fatalError{msg: "runtime: out of memory"})
		}
		a := make(Array, t.Len())
		if len(a) > 0 {
			et := t.Elem()
			for i := range a {
				a[i] = Zero(et)
			}
		}
		return a
	case *types.Slice:
		return Slice(nil)
	case *types.Map:
		return (*Map)(nil)
	case *types.Chan:
		return (*Chan)(nil)
	case *types.Signature:
		return (*Closure)(nil)
	case *types.Interface:
		return Iface{}
	case *types.Tuple:
		tu := make(Tuple, t.Len())
		for i := range tu {
			tu[i] = Zero(t.At(i).Type())
		}
		return tu
	case *types.TypeParam:
		panic(internalErrorf("zero value of uninstantiated type parameter %s", t))
	}
	panic(internalErrorf("zero value of unexpected type %s", t))
}

func zeroBasic(t *types.Basic) Value {
	switch t.Kind() {
	case types.Bool, types.UntypedBool:
		return false
	case types.Int, types.UntypedInt:
		return int(0)
	case types.Int8:
		return int8(0)
	case types.Int16:
		return int16(0)
	case types.Int32, types.UntypedRune:
		return int32(0)
	case types.Int64:
		return int64(0)
	case types.Uint:
		return uint(0)
	case types.Uint8:
		return uint8(0)
	case types.Uint16:
		return uint16(0)
	case types.Uint32:
		return uint32(0)
	case types.Uint64:
		return uint64(0)
	case types.Uintptr:
		return uintptr(0)
	case types.Float32:
		return float32(0)
	case types.Float64, types.UntypedFloat:
		return float64(0)
	case types.Complex64:
		return complex64(0)
	case types.Complex128, types.UntypedComplex:
		return complex128(0)
	case types.String, types.UntypedString:
		return ""
	case types.UnsafePointer:
		return (*Value)(nil)
	case types.UntypedNil:
		return nil
	}
	panic(internalErrorf("zero value of unexpected basic type %s", t))
}

// copyVal returns a copy of v that shares nothing mutable with it: structs
// and arrays are copied deeply (their elements recursively), everything else
// is a reference or an immutable value and is returned as is.
func copyVal(v Value) Value {
	switch v := v.(type) {
	case Struct:
		c := make(Struct, len(v))
		for i, x := range v {
			c[i] = copyVal(x)
		}
		return c
	case Array:
		c := make(Array, len(v))
		for i, x := range v {
			c[i] = copyVal(x)
		}
		return c
	}
	return v
}

// store writes v into *addr. Structs and arrays are written element by
// element so that pointers to their fields and elements stay valid.
func store(addr *Value, v Value) {
	switch v := v.(type) {
	case Struct:
		if dst, ok := (*addr).(Struct); ok && len(dst) == len(v) {
			for i := range v {
				store(&dst[i], v[i])
			}
			return
		}
		*addr = copyVal(v)
	case Array:
		if dst, ok := (*addr).(Array); ok && len(dst) == len(v) {
			for i := range v {
				store(&dst[i], v[i])
			}
			return
		}
		*addr = copyVal(v)
	default:
		*addr = v
	}
}
