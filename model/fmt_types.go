package model

import (
	"cmp"
	"go/types"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// This file holds the type-level helpers of the fmt model: type names as
// reflect prints them, addresses of reference values, and the key order
// of internal/fmtsort.

// fmtTypeString returns the name of t as reflect.Type.String prints it,
// which is what fmt prints for %T and in %#v and %!verb(type=value):
// package names (not paths) qualify named types, the empty interface is
// "interface {}", byte and rune are uint8 and int32.
func fmtTypeString(t types.Type) string {
	var sb strings.Builder
	writeReflectType(&sb, t, false)
	return sb.String()
}

// writeReflectType writes t as reflect names it. Inside the type arguments
// of an instantiated generic type the compiler qualifies named types by
// package path instead of package name (the main package's path being
// "main"); inArgs says whether t is there.
func writeReflectType(sb *strings.Builder, t types.Type, inArgs bool) {
	switch t := types.Unalias(t).(type) {
	case nil:
		sb.WriteString("<nil>")
	case *types.Basic:
		writeBasicName(sb, t)
	case *types.Named:
		writeNamed(sb, t, inArgs)
	case *types.Pointer:
		sb.WriteByte('*')
		writeReflectType(sb, t.Elem(), inArgs)
	case *types.Slice:
		sb.WriteString("[]")
		writeReflectType(sb, t.Elem(), inArgs)
	case *types.Array:
		sb.WriteByte('[')
		sb.WriteString(strconv.FormatInt(t.Len(), 10))
		sb.WriteByte(']')
		writeReflectType(sb, t.Elem(), inArgs)
	case *types.Map:
		sb.WriteString("map[")
		writeReflectType(sb, t.Key(), inArgs)
		sb.WriteByte(']')
		writeReflectType(sb, t.Elem(), inArgs)
	case *types.Chan:
		writeChan(sb, t, inArgs)
	case *types.Signature:
		sb.WriteString("func")
		writeSignature(sb, t, inArgs)
	case *types.Struct:
		writeStruct(sb, t, inArgs)
	case *types.Interface:
		writeInterface(sb, t, inArgs)
	case *types.TypeParam:
		sb.WriteString(t.Obj().Name())
	default:
		sb.WriteString(t.String())
	}
}

func writeBasicName(sb *strings.Builder, t *types.Basic) {
	switch k := t.Kind(); {
	case k == types.UnsafePointer:
		sb.WriteString("unsafe.Pointer")
	case k == types.UntypedNil:
		sb.WriteString("nil")
	case k < types.UntypedBool:
		// The canonical name: uint8 for byte, int32 for rune.
		sb.WriteString(types.Typ[k].Name())
	default:
		sb.WriteString(t.Name())
	}
}

// reflectPkgQualifier returns how a named type of package p is qualified.
func reflectPkgQualifier(p *types.Package, inArgs bool) string {
	if !inArgs {
		return p.Name()
	}
	if p.Name() == "main" {
		return "main"
	}
	return p.Path()
}

func writeNamed(sb *strings.Builder, t *types.Named, inArgs bool) {
	obj := t.Obj()
	if obj.Pkg() != nil {
		sb.WriteString(reflectPkgQualifier(obj.Pkg(), inArgs))
		sb.WriteByte('.')
	}
	sb.WriteString(obj.Name())
	if args := t.TypeArgs(); args.Len() > 0 {
		sb.WriteByte('[')
		for i := 0; i < args.Len(); i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			writeReflectType(sb, args.At(i), true)
		}
		sb.WriteByte(']')
	}
}

func writeChan(sb *strings.Builder, t *types.Chan, inArgs bool) {
	switch t.Dir() {
	case types.SendOnly:
		sb.WriteString("chan<- ")
	case types.RecvOnly:
		sb.WriteString("<-chan ")
	default:
		sb.WriteString("chan ")
		// chan (<-chan T) needs parentheses, chan chan<- T does not.
		if e, ok := types.Unalias(t.Elem()).(*types.Chan); ok && e.Dir() == types.RecvOnly {
			sb.WriteByte('(')
			writeReflectType(sb, t.Elem(), inArgs)
			sb.WriteByte(')')
			return
		}
	}
	writeReflectType(sb, t.Elem(), inArgs)
}

// writeSignature writes the parameters and results of sig (not "func").
func writeSignature(sb *strings.Builder, sig *types.Signature, inArgs bool) {
	sb.WriteByte('(')
	params := sig.Params()
	for i := 0; i < params.Len(); i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		pt := params.At(i).Type()
		if sig.Variadic() && i == params.Len()-1 {
			sb.WriteString("...")
			if s, ok := pt.Underlying().(*types.Slice); ok {
				pt = s.Elem()
			}
		}
		writeReflectType(sb, pt, inArgs)
	}
	sb.WriteByte(')')
	results := sig.Results()
	switch results.Len() {
	case 0:
	case 1:
		sb.WriteByte(' ')
		writeReflectType(sb, results.At(0).Type(), inArgs)
	default:
		sb.WriteString(" (")
		for i := 0; i < results.Len(); i++ {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeReflectType(sb, results.At(i).Type(), inArgs)
		}
		sb.WriteByte(')')
	}
}

func writeStruct(sb *strings.Builder, t *types.Struct, inArgs bool) {
	if t.NumFields() == 0 {
		sb.WriteString("struct {}")
		return
	}
	sb.WriteString("struct { ")
	for i := 0; i < t.NumFields(); i++ {
		if i > 0 {
			sb.WriteString("; ")
		}
		f := t.Field(i)
		if !f.Embedded() {
			sb.WriteString(f.Name())
			sb.WriteByte(' ')
		}
		writeReflectType(sb, f.Type(), inArgs)
		if tag := t.Tag(i); tag != "" {
			sb.WriteByte(' ')
			sb.WriteString(strconv.Quote(tag))
		}
	}
	sb.WriteString(" }")
}

func writeInterface(sb *strings.Builder, t *types.Interface, inArgs bool) {
	if t.NumMethods() == 0 {
		sb.WriteString("interface {}")
		return
	}
	methods := make([]*types.Func, t.NumMethods())
	for i := range methods {
		methods[i] = t.Method(i)
	}
	slices.SortFunc(methods, func(a, b *types.Func) int { return strings.Compare(a.Name(), b.Name()) })
	sb.WriteString("interface { ")
	for i, m := range methods {
		if i > 0 {
			sb.WriteString("; ")
		}
		if !m.Exported() && m.Pkg() != nil {
			sb.WriteString(reflectPkgQualifier(m.Pkg(), true))
			sb.WriteByte('.')
		}
		sb.WriteString(m.Name())
		writeSignature(sb, m.Type().(*types.Signature), inArgs)
	}
	sb.WriteString(" }")
}

// fmtAddr returns the address fmt prints for a value of a pointer, map,
// channel, func, slice or unsafe.Pointer type: the address of the object
// that represents it in the interpreter (0 for nil). Like Go's addresses,
// they are stable for the life of the object but differ between runs.
func fmtAddr(v Value) uintptr {
	switch v := v.(type) {
	case *Value:
		return uintptr(unsafe.Pointer(v))
	case *Map:
		return uintptr(unsafe.Pointer(v))
	case *Chan:
		return uintptr(unsafe.Pointer(v))
	case *Closure:
		return uintptr(unsafe.Pointer(v))
	case Slice:
		return uintptr(unsafe.Pointer(unsafe.SliceData(v)))
	}
	return 0
}

// fmtSortedMap returns the entries of m, a map of type t, ordered as
// internal/fmtsort orders them for printing.
func fmtSortedMap(t *types.Map, m *Map) (keys, vals []Value) {
	type entry struct{ k, v Value }
	entries := make([]entry, 0, m.Len())
	m.Entries(func(k, v Value) bool {
		entries = append(entries, entry{k, v})
		return true
	})
	slices.SortStableFunc(entries, func(a, b entry) int { return fmtCompare(t.Key(), a.k, b.k) })
	keys = make([]Value, len(entries))
	vals = make([]Value, len(entries))
	for i, e := range entries {
		keys[i], vals[i] = e.k, e.v
	}
	return keys, vals
}

// fmtCompare compares two map keys of type t as internal/fmtsort does:
// numbers numerically, strings lexically, false before true, pointers and
// channels by address (nil first), structs and arrays element by element,
// interfaces nil first, then by dynamic type, then by value. Go orders
// different dynamic types by the address of their type descriptors; here
// they are ordered by name.
func fmtCompare(t types.Type, a, b Value) int {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return compareBasic(u, a, b)
	case *types.Pointer, *types.Chan:
		return cmp.Compare(fmtAddr(a), fmtAddr(b))
	case *types.Struct:
		as, _ := a.(Struct)
		bs, _ := b.(Struct)
		for i := 0; i < u.NumFields() && i < len(as) && i < len(bs); i++ {
			if c := fmtCompare(u.Field(i).Type(), as[i], bs[i]); c != 0 {
				return c
			}
		}
		return 0
	case *types.Array:
		aa, _ := a.(Array)
		ba, _ := b.(Array)
		for i := 0; i < len(aa) && i < len(ba); i++ {
			if c := fmtCompare(u.Elem(), aa[i], ba[i]); c != 0 {
				return c
			}
		}
		return 0
	case *types.Interface:
		ai, _ := a.(Iface)
		bi, _ := b.(Iface)
		return compareIface(ai, bi)
	}
	return 0
}

func compareBasic(t *types.Basic, a, b Value) int {
	info := t.Info()
	switch {
	case info&types.IsUnsigned != 0:
		return cmp.Compare(toUint64(a), toUint64(b))
	case info&types.IsInteger != 0:
		return cmp.Compare(int64(toUint64(a)), int64(toUint64(b)))
	case info&types.IsFloat != 0:
		return cmp.Compare(fmtFloat64(a), fmtFloat64(b))
	case info&types.IsComplex != 0:
		x, y := fmtComplex128(a), fmtComplex128(b)
		if c := cmp.Compare(real(x), real(y)); c != 0 {
			return c
		}
		return cmp.Compare(imag(x), imag(y))
	case info&types.IsString != 0:
		x, _ := a.(string)
		y, _ := b.(string)
		return strings.Compare(x, y)
	case info&types.IsBoolean != 0:
		x, _ := a.(bool)
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case x:
			return 1
		}
		return -1
	case t.Kind() == types.UnsafePointer:
		return cmp.Compare(fmtAddr(a), fmtAddr(b))
	}
	return 0
}

func compareIface(a, b Iface) int {
	switch {
	case a.T == nil && b.T == nil:
		return 0
	case a.T == nil:
		return -1
	case b.T == nil:
		return 1
	}
	if !types.Identical(a.T, b.T) {
		if c := strings.Compare(fmtTypeString(a.T), fmtTypeString(b.T)); c != 0 {
			return c
		}
		return -1 // different types of the same name: no good answer
	}
	return fmtCompare(a.T, a.V, b.V)
}

func fmtFloat64(v Value) float64 {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	f, _ := v.(float64)
	return f
}

func fmtComplex128(v Value) complex128 {
	if c, ok := v.(complex64); ok {
		return complex128(c)
	}
	c, _ := v.(complex128)
	return c
}
