package model

import (
	"go/types"
	"reflect"
)

// A small model of package reflect: reflect.TypeOf and the common methods
// of reflect.Type (String, Name, Kind, Elem, Key, Len, NumField,
// NumMethod, PkgPath, Comparable). reflect.ValueOf and the rest of the
// package are not modelled: calling them makes the entry unsupported.

// rtype is the value behind a reflect.Type: one per type (up to
// types.Identical) per interpreter, so that == on reflect.Type values
// behaves as in Go.
type rtype struct {
	t types.Type
}

func (it *Interp) rtypeOf(t types.Type) *rtype {
	id := it.typeID(t)
	it.typesMu.Lock()
	defer it.typesMu.Unlock()
	if it.rtypes == nil {
		it.rtypes = make(map[int]*rtype)
	}
	r := it.rtypes[id]
	if r == nil {
		r = &rtype{t: t}
		it.rtypes[id] = r
	}
	return r
}

// reflectTypeValue returns the reflect.Type (an interface value) for t.
func (c *NativeCall) reflectTypeValue(t types.Type) Value {
	if t == nil {
		return Iface{}
	}
	rt := c.Lookup("reflect", "rtype")
	if rt == nil {
		panic(unsupportedf("reflect.Type without package reflect"))
	}
	return Iface{T: c.s.it.pointerTo(rt), V: c.s.it.rtypeOf(t)}
}

func reflectKind(t types.Type) reflect.Kind {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool:
			return reflect.Bool
		case types.Int:
			return reflect.Int
		case types.Int8:
			return reflect.Int8
		case types.Int16:
			return reflect.Int16
		case types.Int32:
			return reflect.Int32
		case types.Int64:
			return reflect.Int64
		case types.Uint:
			return reflect.Uint
		case types.Uint8:
			return reflect.Uint8
		case types.Uint16:
			return reflect.Uint16
		case types.Uint32:
			return reflect.Uint32
		case types.Uint64:
			return reflect.Uint64
		case types.Uintptr:
			return reflect.Uintptr
		case types.Float32:
			return reflect.Float32
		case types.Float64:
			return reflect.Float64
		case types.Complex64:
			return reflect.Complex64
		case types.Complex128:
			return reflect.Complex128
		case types.String:
			return reflect.String
		case types.UnsafePointer:
			return reflect.UnsafePointer
		}
	case *types.Array:
		return reflect.Array
	case *types.Chan:
		return reflect.Chan
	case *types.Signature:
		return reflect.Func
	case *types.Interface:
		return reflect.Interface
	case *types.Map:
		return reflect.Map
	case *types.Pointer:
		return reflect.Pointer
	case *types.Slice:
		return reflect.Slice
	case *types.Struct:
		return reflect.Struct
	}
	return reflect.Invalid
}

func reflectNativesTypes(nat map[string]nativeFn) {
	nat["reflect.TypeOf"] = func(c *NativeCall) Value {
		return c.reflectTypeValue(c.args[0].(Iface).T)
	}
	rt := func(c *NativeCall) types.Type { return c.args[0].(*rtype).t }
	m := "(*reflect.rtype)."
	nat[m+"String"] = func(c *NativeCall) Value { return fmtTypeString(rt(c)) }
	nat[m+"Name"] = func(c *NativeCall) Value {
		switch t := types.Unalias(rt(c)).(type) {
		case *types.Named:
			return t.Obj().Name()
		case *types.Basic:
			return t.Name()
		}
		return ""
	}
	nat[m+"PkgPath"] = func(c *NativeCall) Value {
		if t, ok := types.Unalias(rt(c)).(*types.Named); ok && t.Obj().Pkg() != nil {
			return t.Obj().Pkg().Path()
		}
		return ""
	}
	nat[m+"Kind"] = func(c *NativeCall) Value { return uint(reflectKind(rt(c))) }
	nat[m+"Elem"] = func(c *NativeCall) Value {
		if e, ok := rt(c).Underlying().(interface{ Elem() types.Type }); ok {
			return c.reflectTypeValue(e.Elem())
		}
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "reflect: Elem of invalid type " + fmtTypeString(rt(c))}})
	}
	nat[m+"Key"] = func(c *NativeCall) Value {
		if mt, ok := rt(c).Underlying().(*types.Map); ok {
			return c.reflectTypeValue(mt.Key())
		}
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "reflect: Key of non-map type " + fmtTypeString(rt(c))}})
	}
	nat[m+"Len"] = func(c *NativeCall) Value {
		if a, ok := rt(c).Underlying().(*types.Array); ok {
			return int(a.Len())
		}
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "reflect: Len of non-array type " + fmtTypeString(rt(c))}})
	}
	nat[m+"NumField"] = func(c *NativeCall) Value {
		if st, ok := rt(c).Underlying().(*types.Struct); ok {
			return st.NumFields()
		}
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "reflect: NumField of non-struct type " + fmtTypeString(rt(c))}})
	}
	nat[m+"NumMethod"] = func(c *NativeCall) Value {
		ms := c.Prog().MethodSets.MethodSet(rt(c))
		n := 0
		for i := 0; i < ms.Len(); i++ {
			if ms.At(i).Obj().Exported() {
				n++
			}
		}
		return n
	}
	nat[m+"Comparable"] = func(c *NativeCall) Value { return types.Comparable(rt(c)) }
	nat[m+"Size"] = func(c *NativeCall) Value { return uintptr(c.s.it.sizeof(rt(c))) }
	nat["(reflect.Kind).String"] = func(c *NativeCall) Value { return reflect.Kind(toUint64(c.args[0])).String() }
}
