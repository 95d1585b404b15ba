package model

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// runtimeTypes are the runtime package's types used for the values of
// run-time panics, so that recover() returns a runtime.Error as in Go.
type runtimeTypes struct {
	errorString types.Type // runtime.errorString: "runtime error: " + msg
	plainError  types.Type // runtime.plainError: msg
	panicNil    types.Type // *runtime.PanicNilError
	errorIface  *types.Interface
}

func findRuntimeTypes(prog *ssa.Program) runtimeTypes {
	var rt runtimeTypes
	rt.errorIface = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)
	for _, p := range prog.AllPackages() {
		if p.Pkg.Path() != "runtime" {
			continue
		}
		if o := p.Pkg.Scope().Lookup("errorString"); o != nil {
			rt.errorString = o.Type()
		}
		if o := p.Pkg.Scope().Lookup("plainError"); o != nil {
			rt.plainError = o.Type()
		}
		if o := p.Pkg.Scope().Lookup("PanicNilError"); o != nil {
			rt.panicNil = types.NewPointer(o.Type())
		}
	}
	return rt
}

// runtimeErrorValue returns the panic value for a run-time error.
func (s *State) runtimeErrorValue(e *runtimeError) Value {
	t := s.it.rt.errorString
	if e.plain {
		t = s.it.rt.plainError
	}
	if t == nil {
		return Iface{T: types.Typ[types.String], V: e.Error()}
	}
	return Iface{T: t, V: e.msg}
}

func (s *State) panicNilValue() Iface {
	if t := s.it.rt.panicNil; t != nil {
		p := new(Value)
		*p = Zero(t.(*types.Pointer).Elem())
		return Iface{T: t, V: p}
	}
	return Iface{T: types.Typ[types.String], V: "panic called with nil argument (use GODEBUG=panicnil=1 to override)"}
}

// panicMessage formats a panic value as Go's runtime prints it.
func (s *State) panicMessage(p *panicState) string {
	var chain []*panicState
	for q := p; q != nil; q = q.prev {
		chain = append(chain, q)
	}
	var sb strings.Builder
	for i := len(chain) - 1; i >= 0; i-- {
		q := chain[i]
		if q.goexit {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteString("\n\tpanic: ")
		}
		sb.WriteString(s.PanicValueString(q.val))
		if q.recovered {
			sb.WriteString(" [recovered]")
		}
	}
	return sb.String()
}

// PanicValueString formats v (an Iface) as Go prints a panic value: the
// Error or String method's result, basic values as print does, and other
// values as (type) address.
func (s *State) PanicValueString(v Value) string {
	iv, ok := v.(Iface)
	if !ok || iv.T == nil {
		return "nil"
	}
	switch iv.T {
	case s.it.rt.errorString:
		return "runtime error: " + iv.V.(string)
	case s.it.rt.plainError:
		return iv.V.(string)
	case s.it.rt.panicNil:
		return "panic called with nil argument (use GODEBUG=panicnil=1 to override)"
	}
	for _, m := range []string{"Error", "String"} {
		if str, ok := s.callStringMethod(iv, m); ok {
			if m == "Error" || true {
				return str
			}
		}
	}
	var sb strings.Builder
	if b, ok := iv.T.(*types.Basic); ok {
		if b.Kind() == types.String {
			sb.WriteString(iv.V.(string))
		} else {
			printValue(&sb, iv.V)
		}
		return sb.String()
	}
	if _, ok := iv.T.Underlying().(*types.Basic); ok {
		sb.WriteString(typeString(iv.T))
		if str, ok := iv.V.(string); ok {
			fmt.Fprintf(&sb, "(%q)", str)
			return strings.Replace(sb.String(), `\"`, `"`, -1)
		}
		sb.WriteString("(")
		printValue(&sb, iv.V)
		sb.WriteString(")")
		return sb.String()
	}
	return fmt.Sprintf("(%s) %p", typeString(iv.T), &iv)
}

// callStringMethod calls the method name (Error or String, no arguments,
// string result) of iv's dynamic type, if it has one.
func (s *State) callStringMethod(iv Iface, name string) (string, bool) {
	ms := s.it.prog.MethodSets.MethodSet(iv.T)
	sel := ms.Lookup(nil, name)
	if sel == nil {
		return "", false
	}
	sig := sel.Type().(*types.Signature)
	if sig.Params().Len() != 0 || sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.String]) {
		return "", false
	}
	fn := s.it.prog.MethodValue(sel)
	if fn == nil {
		return "", false
	}
	v, err := s.CallSync(fn, []Value{iv.V})
	if err != nil {
		return "", false
	}
	str, ok := v.(string)
	return str, ok
}

func (s *State) typeAssert(in *ssa.TypeAssert, x Iface) Value {
	ok := false
	var v Value
	missing := ""
	if x.T != nil {
		if it, isIface := in.AssertedType.Underlying().(*types.Interface); isIface {
			var wrongType bool
			var m *types.Func
			m, wrongType = types.MissingMethod(x.T, it, true)
			ok = m == nil
			if m != nil {
				missing = m.Name()
				_ = wrongType
			}
			v = x
		} else {
			ok = x.T == in.AssertedType || types.Identical(x.T, in.AssertedType)
			v = x.V
		}
	}
	if in.CommaOk {
		if !ok {
			v = Zero(in.AssertedType)
		}
		return Tuple{v, ok}
	}
	if !ok {
		from := typeString(in.X.Type())
		if x.T == nil {
			panic(plainErrorf("interface conversion: interface is nil, not %s", typeString(in.AssertedType)))
		}
		if missing != "" {
			panic(plainErrorf("interface conversion: %s is not %s: missing method %s", typeString(x.T), typeString(in.AssertedType), missing))
		}
		panic(plainErrorf("interface conversion: %s is %s, not %s", from, typeString(x.T), typeString(in.AssertedType)))
	}
	return v
}
