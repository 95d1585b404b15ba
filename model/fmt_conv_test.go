package model

import (
	"go/token"
	"go/types"
	pathpkg "path"
	"reflect"
	"testing"
	"unsafe"
)

// This file converts real Go values to the interpreter's values and
// go/types types (and back), so that the fmt model can be tested against
// the real fmt on any Go value: fmtTestEnv calls the methods (String,
// Error, GoString, Format) of the real values through reflect.

// fmtConv converts between real Go values and interpreter values.
type fmtConv struct {
	t      testing.TB
	it     *Interp
	pkgs   map[string]*types.Package
	types  map[reflect.Type]types.Type
	rtypes map[types.Type]reflect.Type
	ptrs   map[fmtPtrKey]Value       // real pointer -> interpreter value (identity)
	rptrs  map[any]reflect.Value     // interpreter pointer -> real pointer
	named  map[*types.Named]struct{} // named types whose methods were added
}

type fmtPtrKey struct {
	addr uintptr
	t    reflect.Type
}

func newFmtConv(t testing.TB) *fmtConv {
	return &fmtConv{
		t:      t,
		it:     &Interp{},
		pkgs:   make(map[string]*types.Package),
		types:  make(map[reflect.Type]types.Type),
		rtypes: make(map[types.Type]reflect.Type),
		ptrs:   make(map[fmtPtrKey]Value),
		rptrs:  make(map[any]reflect.Value),
	}
}

// args converts the operands of a fmt call.
func (cv *fmtConv) args(a []any) []Iface {
	out := make([]Iface, len(a))
	for i := range a {
		out[i] = cv.value(reflect.ValueOf(&a[i]).Elem()).(Iface)
	}
	return out
}

func (cv *fmtConv) pkg(path string) *types.Package {
	p := cv.pkgs[path]
	if p == nil {
		p = types.NewPackage(path, pathpkg.Base(path))
		cv.pkgs[path] = p
	}
	return p
}

var fmtReflectBasic = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8, reflect.Int16: types.Int16,
	reflect.Int32: types.Int32, reflect.Int64: types.Int64, reflect.Uint: types.Uint, reflect.Uint8: types.Uint8,
	reflect.Uint16: types.Uint16, reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64,
	reflect.Uintptr: types.Uintptr, reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128, reflect.String: types.String,
	reflect.UnsafePointer: types.UnsafePointer,
}

// typeOf returns the go/types type of rt.
func (cv *fmtConv) typeOf(rt reflect.Type) types.Type {
	if t, ok := cv.types[rt]; ok {
		return t
	}
	var t types.Type
	switch {
	case rt.Name() != "" && rt.PkgPath() != "":
		obj := types.NewTypeName(token.NoPos, cv.pkg(rt.PkgPath()), rt.Name(), nil)
		named := types.NewNamed(obj, nil, nil)
		cv.types[rt] = named
		cv.rtypes[named] = rt
		named.SetUnderlying(cv.structure(rt).Underlying())
		cv.addMethods(named, rt)
		return named
	case rt.Name() == "error" && rt.PkgPath() == "":
		t = types.Universe.Lookup("error").Type()
	default:
		t = cv.structure(rt)
	}
	cv.types[rt] = t
	if _, ok := cv.rtypes[t]; !ok {
		cv.rtypes[t] = rt
	}
	return t
}

// structure returns the unnamed type with rt's structure.
func (cv *fmtConv) structure(rt reflect.Type) types.Type {
	if k, ok := fmtReflectBasic[rt.Kind()]; ok {
		return types.Typ[k]
	}
	switch rt.Kind() {
	case reflect.Pointer:
		return types.NewPointer(cv.typeOf(rt.Elem()))
	case reflect.Slice:
		return types.NewSlice(cv.typeOf(rt.Elem()))
	case reflect.Array:
		return types.NewArray(cv.typeOf(rt.Elem()), int64(rt.Len()))
	case reflect.Map:
		return types.NewMap(cv.typeOf(rt.Key()), cv.typeOf(rt.Elem()))
	case reflect.Chan:
		dir := map[reflect.ChanDir]types.ChanDir{reflect.BothDir: types.SendRecv, reflect.SendDir: types.SendOnly, reflect.RecvDir: types.RecvOnly}
		return types.NewChan(dir[rt.ChanDir()], cv.typeOf(rt.Elem()))
	case reflect.Func:
		return cv.signature(nil, rt, 0)
	case reflect.Struct:
		var fields []*types.Var
		var tags []string
		for i := 0; i < rt.NumField(); i++ {
			f := rt.Field(i)
			pkg := cv.pkg("example.com/none")
			if f.PkgPath != "" {
				pkg = cv.pkg(f.PkgPath)
			}
			fields = append(fields, types.NewField(token.NoPos, pkg, f.Name, cv.typeOf(f.Type), f.Anonymous))
			tags = append(tags, string(f.Tag))
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		var methods []*types.Func
		for i := 0; i < rt.NumMethod(); i++ {
			m := rt.Method(i)
			methods = append(methods, types.NewFunc(token.NoPos, nil, m.Name, cv.signature(nil, m.Type, 0)))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	}
	cv.t.Fatalf("fmtConv: unsupported type %s", rt)
	return nil
}

// signature returns the signature of the func type ft, skipping its
// first skip parameters (the receiver of a method expression).
func (cv *fmtConv) signature(recv *types.Var, ft reflect.Type, skip int) *types.Signature {
	var params, results []*types.Var
	for i := skip; i < ft.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", cv.typeOf(ft.In(i))))
	}
	for i := 0; i < ft.NumOut(); i++ {
		results = append(results, types.NewParam(token.NoPos, nil, "", cv.typeOf(ft.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), ft.IsVariadic())
}

// addMethods declares the methods of rt that matter to fmt on named.
func (cv *fmtConv) addMethods(named *types.Named, rt reflect.Type) {
	for _, name := range []string{"String", "Error", "GoString", "Format", "Unwrap"} {
		recvType := types.Type(named)
		m, ok := rt.MethodByName(name)
		if !ok {
			if m, ok = reflect.PointerTo(rt).MethodByName(name); !ok {
				continue
			}
			recvType = types.NewPointer(named)
		}
		recv := types.NewVar(token.NoPos, named.Obj().Pkg(), "r", recvType)
		named.AddMethod(types.NewFunc(token.NoPos, named.Obj().Pkg(), name, cv.signature(recv, m.Type, 1)))
	}
}

// value converts rv to an interpreter value.
func (cv *fmtConv) value(rv reflect.Value) Value {
	rv = fmtExported(rv)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int:
		return int(rv.Int())
	case reflect.Int8:
		return int8(rv.Int())
	case reflect.Int16:
		return int16(rv.Int())
	case reflect.Int32:
		return int32(rv.Int())
	case reflect.Int64:
		return rv.Int()
	case reflect.Uint:
		return uint(rv.Uint())
	case reflect.Uint8:
		return uint8(rv.Uint())
	case reflect.Uint16:
		return uint16(rv.Uint())
	case reflect.Uint32:
		return uint32(rv.Uint())
	case reflect.Uint64:
		return rv.Uint()
	case reflect.Uintptr:
		return uintptr(rv.Uint())
	case reflect.Float32:
		return float32(rv.Float())
	case reflect.Float64:
		return rv.Float()
	case reflect.Complex64:
		return complex64(rv.Complex())
	case reflect.Complex128:
		return rv.Complex()
	case reflect.String:
		return rv.String()
	case reflect.Pointer, reflect.UnsafePointer:
		if rv.IsNil() {
			return (*Value)(nil)
		}
		return cv.identity(rv, func() Value {
			p := new(Value)
			if rv.Kind() == reflect.Pointer {
				cv.ptrs[fmtPtrKey{rv.Pointer(), rv.Type()}] = p // before the elements: cycles
				*p = cv.value(rv.Elem())
			}
			return p
		})
	case reflect.Chan:
		if rv.IsNil() {
			return (*Chan)(nil)
		}
		return cv.identity(rv, func() Value { return &Chan{} })
	case reflect.Func:
		if rv.IsNil() {
			return (*Closure)(nil)
		}
		return cv.identity(rv, func() Value { return &Closure{} })
	case reflect.Map:
		if rv.IsNil() {
			return (*Map)(nil)
		}
		m := newMap(rv.Len())
		iter := rv.MapRange()
		for iter.Next() {
			k := cv.value(iter.Key())
			m.set(cv.it.keyOf(k), k, cv.value(iter.Value()))
		}
		cv.rptrs[m] = rv
		return m
	case reflect.Struct:
		rv = fmtAddressable(rv)
		s := make(Struct, rv.NumField())
		for i := range s {
			s[i] = cv.value(rv.Field(i))
		}
		return s
	case reflect.Array:
		rv = fmtAddressable(rv)
		a := make(Array, rv.Len())
		for i := range a {
			a[i] = cv.value(rv.Index(i))
		}
		return a
	case reflect.Slice:
		if rv.IsNil() {
			return Slice(nil)
		}
		s := make(Slice, rv.Len())
		for i := range s {
			s[i] = cv.value(rv.Index(i))
		}
		return s
	case reflect.Interface:
		if rv.IsNil() {
			return Iface{}
		}
		e := rv.Elem()
		return Iface{T: cv.typeOf(e.Type()), V: cv.value(e)}
	}
	cv.t.Fatalf("fmtConv: unsupported value of kind %s", rv.Kind())
	return nil
}

// fmtExported returns rv without the read-only flag of values reached
// through unexported fields, which are addressable here.
func fmtExported(rv reflect.Value) reflect.Value {
	if rv.CanInterface() || !rv.CanAddr() {
		return rv
	}
	return reflect.NewAt(rv.Type(), unsafe.Pointer(rv.UnsafeAddr())).Elem()
}

// fmtAddressable returns an addressable copy of rv if it is not
// addressable, so that its fields and elements are.
func fmtAddressable(rv reflect.Value) reflect.Value {
	if rv.CanAddr() {
		return rv
	}
	c := reflect.New(rv.Type()).Elem()
	c.Set(rv)
	return c
}

// identity returns the interpreter value for the reference rv, made by
// mk the first time.
func (cv *fmtConv) identity(rv reflect.Value, mk func() Value) Value {
	key := fmtPtrKey{rv.Pointer(), rv.Type()}
	if v, ok := cv.ptrs[key]; ok {
		return v
	}
	v := mk()
	cv.ptrs[key] = v
	cv.rptrs[v] = rv
	return v
}

// real converts the interpreter value v of type t back to a real value.
func (cv *fmtConv) real(t types.Type, v Value) reflect.Value {
	rt, ok := cv.rtypes[t]
	if !ok {
		cv.t.Fatalf("fmtConv: no reflect type for %s", t)
	}
	switch rt.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan, reflect.Func, reflect.Map:
		if rv, ok := cv.rptrs[v]; ok {
			return rv
		}
		return reflect.Zero(rt)
	case reflect.Struct:
		out := reflect.New(rt).Elem()
		st := t.Underlying().(*types.Struct)
		for i, x := range v.(Struct) {
			fmtSetField(out.Field(i), cv.real(st.Field(i).Type(), x))
		}
		return out
	case reflect.Array:
		out := reflect.New(rt).Elem()
		elem := t.Underlying().(*types.Array).Elem()
		for i, x := range v.(Array) {
			fmtSetField(out.Index(i), cv.real(elem, x))
		}
		return out
	case reflect.Slice:
		s := v.(Slice)
		if s == nil {
			return reflect.Zero(rt)
		}
		out := reflect.MakeSlice(rt, len(s), len(s))
		elem := t.Underlying().(*types.Slice).Elem()
		for i, x := range s {
			out.Index(i).Set(cv.real(elem, x))
		}
		return out
	case reflect.Interface:
		out := reflect.New(rt).Elem()
		if iv := v.(Iface); iv.T != nil {
			out.Set(cv.real(iv.T, iv.V))
		}
		return out
	}
	return reflect.ValueOf(v).Convert(rt)
}

// fmtSetField sets a possibly unexported field or element.
func fmtSetField(dst, v reflect.Value) {
	reflect.NewAt(dst.Type(), unsafe.Pointer(dst.UnsafeAddr())).Elem().Set(v)
}

// fmtTestEnv is the fmtEnv of the tests: it calls the real methods.
type fmtTestEnv struct{ cv *fmtConv }

// fmtTestState is the fmt.State passed to real Format methods.
type fmtTestState struct{ p *fmtPrinter }

func (s fmtTestState) Write(b []byte) (int, error) {
	s.p.buf = append(s.p.buf, b...)
	return len(b), nil
}
func (s fmtTestState) Width() (int, bool)     { return s.p.wid, s.p.widPresent }
func (s fmtTestState) Precision() (int, bool) { return s.p.prec, s.p.precPresent }
func (s fmtTestState) Flag(c int) bool        { return s.p.flag(c) }

func (e fmtTestEnv) callMethod(t types.Type, name string, recv Value, args ...Value) (res Value) {
	rv := e.cv.real(t, recv)
	m := rv.MethodByName(name)
	if !m.IsValid() {
		e.cv.t.Fatalf("no method %s on %s", name, rv.Type())
	}
	var in []reflect.Value
	for _, a := range args {
		switch a := a.(type) {
		case Iface:
			in = append(in, reflect.ValueOf(fmtTestState{a.V.(*fmtPrinter)}))
		default:
			in = append(in, reflect.ValueOf(a))
		}
	}
	defer func() {
		if r := recover(); r != nil {
			panic(&goPanic{val: e.cv.value(reflect.ValueOf(&r).Elem())})
		}
	}()
	out := m.Call(in)
	if len(out) == 0 {
		return nil
	}
	return e.cv.value(out[0])
}

func (e fmtTestEnv) panicValue(r any) (Iface, bool) {
	if p, ok := r.(*goPanic); ok {
		return p.val.(Iface), true
	}
	return Iface{}, false
}

func (e fmtTestEnv) formatState(p *fmtPrinter) Iface {
	return Iface{T: types.Typ[types.Int], V: p}
}
