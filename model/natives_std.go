package model

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"strings"
)

// nativeTables returns the native implementations, keyed by function name
// as nativeName prints it.
func nativeTables() (map[string]nativeFn, map[string]*visibleFn) {
	nat := make(map[string]nativeFn)
	vis := make(map[string]*visibleFn)
	syncNatives(nat, vis)
	atomicNatives(nat, vis)
	runtimeNatives(nat, vis)
	timeNatives(nat, vis)
	errorsNatives(nat)
	leafNatives(nat)
	fmtNatives(nat)
	testingNatives(nat, vis)
	miscNatives(nat)
	syncMapNatives(nat, vis)
	onceFuncNatives(vis)
	addPeeks(vis)
	return nat, vis
}

// addPeeks gives each visible operation on a sync object the object it
// touches, named as its events name it.
func addPeeks(vis map[string]*visibleFn) {
	ptr := func(kind string) func(*State, []Value) []string {
		return func(s *State, args []Value) []string {
			p, _ := args[0].(*Value)
			if p == nil {
				return nil
			}
			return []string{objName(kind, s.objID(p))}
		}
	}
	for _, vf := range vis {
		if vf.peek != nil {
			continue
		}
		switch k := vf.kind; {
		case strings.HasPrefix(k, "rwmutex"):
			vf.peek = ptr("mutex")
		case k == "lock" || k == "trylock" || k == "unlock":
			vf.peek = ptr("mutex")
		case strings.HasPrefix(k, "waitgroup"):
			vf.peek = ptr("waitgroup")
		case k == "once":
			vf.peek = ptr("once")
		case k == "cond signal" || k == "cond broadcast":
			vf.peek = ptr("cond")
		case k == "cond wait":
			vf.peek = func(s *State, args []Value) []string {
				objs := ptr("cond")(s, args)
				return objs
			}
		case strings.HasSuffix(k, " stop") || strings.HasSuffix(k, " reset"):
			vf.peek = func(s *State, args []Value) []string {
				if t := s.timerOf(args[0].(*Value)); t != nil {
					return []string{timerObj(t)}
				}
				return nil
			}
		}
	}
}

// atomicCell returns the memory cell an atomic operation works on: the
// pointer argument of a function, or the value field of an atomic type.
func atomicCell(c *NativeCall, method bool) *Value {
	p := c.args[0].(*Value)
	if p == nil {
		panic(nilDeref())
	}
	if method {
		st := (*p).(Struct)
		return &st[len(st)-1]
	}
	return p
}

func atomicNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	type opImpl func(c *NativeCall, cell *Value, args []Value) Value
	ops := map[string]opImpl{
		"Load": func(c *NativeCall, cell *Value, _ []Value) Value {
			c.readOnly = true
			return *cell
		},
		"Store": func(c *NativeCall, cell *Value, a []Value) Value {
			*cell = a[0]
			return nil
		},
		"Add": func(c *NativeCall, cell *Value, a []Value) Value {
			*cell = c.s.it.binop(token.ADD, *cell, a[0])
			return *cell
		},
		"Swap": func(c *NativeCall, cell *Value, a []Value) Value {
			old := *cell
			*cell = a[0]
			return old
		},
		"CompareAndSwap": func(c *NativeCall, cell *Value, a []Value) Value {
			if c.s.it.equal(*cell, a[0]) {
				*cell = a[1]
				return true
			}
			c.readOnly = true
			return false
		},
		"And": func(c *NativeCall, cell *Value, a []Value) Value {
			old := *cell
			*cell = c.s.it.binop(token.AND, *cell, a[0])
			return old
		},
		"Or": func(c *NativeCall, cell *Value, a []Value) Value {
			old := *cell
			*cell = c.s.it.binop(token.OR, *cell, a[0])
			return old
		},
	}
	mk := func(name string, impl opImpl, method bool) *visibleFn {
		return &visibleFn{kind: "atomic " + strings.ToLower(name), peek: atomicPeek(method), exec: func(c *NativeCall) Value {
			cell := atomicCell(c, method)
			c.obj = objName("atomic", c.s.objID(cell))
			old := *cell
			v := impl(c, cell, c.args[1:])
			c.s.atomicAccess(c, cell, name, old)
			c.detail = fmt.Sprintf("now %v", *cell)
			return v
		}}
	}
	for name, impl := range ops {
		for _, t := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
			vis["sync/atomic."+name+t] = mk(name, impl, false)
			vis["(*sync/atomic."+t+")."+name] = mk(name, impl, true)
		}
		vis["(*sync/atomic.Pointer[T])."+name] = mk(name, impl, true)
	}
	for _, name := range []string{"Bool", "Value"} {
		for _, m := range []string{"Load", "Store", "Swap", "CompareAndSwap"} {
			defer func(key, op string) {
				vf := vis[key]
				vf.peek = atomicPeek(true)
				// Synchronise and log the access like the other atomics.
				exec := vf.exec
				vf.exec = func(c *NativeCall) Value {
					cell := atomicCell(c, true)
					old := *cell
					v := exec(c)
					c.s.atomicAccess(c, cell, op, old)
					return v
				}
			}("(*sync/atomic."+name+")."+m, m)
		}
	}
	// atomic.Bool stores a uint32.
	vis["(*sync/atomic.Bool).Load"] = &visibleFn{kind: "atomic load", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		c.readOnly = true
		return toUint64(*cell) != 0
	}}
	b2u := func(v Value) Value {
		if v.(bool) {
			return uint32(1)
		}
		return uint32(0)
	}
	vis["(*sync/atomic.Bool).Store"] = &visibleFn{kind: "atomic store", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		*cell = b2u(c.args[1])
		return nil
	}}
	vis["(*sync/atomic.Bool).Swap"] = &visibleFn{kind: "atomic swap", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		old := toUint64(*cell) != 0
		*cell = b2u(c.args[1])
		return old
	}}
	vis["(*sync/atomic.Bool).CompareAndSwap"] = &visibleFn{kind: "atomic cas", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		if (toUint64(*cell) != 0) == c.args[1].(bool) {
			*cell = b2u(c.args[2])
			return true
		}
		c.readOnly = true
		return false
	}}
	// atomic.Value holds an interface value.
	vis["(*sync/atomic.Value).Load"] = &visibleFn{kind: "atomic load", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		c.readOnly = true
		return *cell
	}}
	valueStore := func(c *NativeCall, cell *Value, v Iface) {
		if v.T == nil {
			panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "sync/atomic: store of nil value into Value"}})
		}
		if old := (*cell).(Iface); old.T != nil && !types.Identical(old.T, v.T) {
			panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "sync/atomic: store of inconsistently typed value into Value"}})
		}
		*cell = v
	}
	vis["(*sync/atomic.Value).Store"] = &visibleFn{kind: "atomic store", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		valueStore(c, cell, c.args[1].(Iface))
		return nil
	}}
	vis["(*sync/atomic.Value).Swap"] = &visibleFn{kind: "atomic swap", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		old := *cell
		valueStore(c, cell, c.args[1].(Iface))
		return old
	}}
	vis["(*sync/atomic.Value).CompareAndSwap"] = &visibleFn{kind: "atomic cas", exec: func(c *NativeCall) Value {
		cell := atomicCell(c, true)
		c.obj = objName("atomic", c.s.objID(cell))
		if c.s.it.equal(*cell, c.args[1]) {
			valueStore(c, cell, c.args[2].(Iface))
			return true
		}
		c.readOnly = true
		return false
	}}
}

func atomicPeek(method bool) func(*State, []Value) []string {
	return func(s *State, args []Value) []string {
		p, _ := args[0].(*Value)
		if p == nil {
			return nil
		}
		if method {
			st := (*p).(Struct)
			p = &st[len(st)-1]
		}
		return []string{objName("atomic", s.objID(p))}
	}
}

func runtimeNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	yield := &visibleFn{kind: "yield"}
	yield.exec = func(c *NativeCall) Value { return nil }
	vis["runtime.Gosched"] = yield
	nat["runtime.NumGoroutine"] = func(c *NativeCall) Value {
		n := 0
		for _, g := range c.s.gs {
			if !g.done {
				n++
			}
		}
		return n
	}
	nat["runtime.Goexit"] = func(c *NativeCall) Value {
		c.s.goexit(c.g)
		return nil
	}
	nat["runtime.GOMAXPROCS"] = func(c *NativeCall) Value { return 2 }
	nat["runtime.NumCPU"] = func(c *NativeCall) Value { return 2 }
	nat["runtime.GC"] = func(c *NativeCall) Value { return nil }
	nat["runtime.KeepAlive"] = func(c *NativeCall) Value { return nil }
	nat["runtime.SetFinalizer"] = func(c *NativeCall) Value { return nil }
	nat["runtime.LockOSThread"] = func(c *NativeCall) Value { return nil }
	nat["runtime.UnlockOSThread"] = func(c *NativeCall) Value { return nil }
	nat["runtime.Version"] = func(c *NativeCall) Value { return "go1.26" }
	nat["(runtime.errorString).Error"] = func(c *NativeCall) Value { return "runtime error: " + c.args[0].(string) }
	nat["(runtime.errorString).RuntimeError"] = func(c *NativeCall) Value { return nil }
	nat["(runtime.plainError).Error"] = func(c *NativeCall) Value { return c.args[0].(string) }
	nat["(runtime.plainError).RuntimeError"] = func(c *NativeCall) Value { return nil }
	nat["(*runtime.PanicNilError).Error"] = func(c *NativeCall) Value {
		return "panic called with nil argument (use GODEBUG=panicnil=1 to override)"
	}
	nat["(*runtime.PanicNilError).RuntimeError"] = func(c *NativeCall) Value { return nil }
	// os.Exit is a step of its own: the other goroutines may run between
	// the caller's previous visible operation and the exit. The exit is
	// immediate (deferred calls do not run) and ends the run.
	vis["os.Exit"] = &visibleFn{kind: "os.Exit", global: true, exec: func(c *NativeCall) Value {
		panic(&exitError{code: toInt(c.args[0])}) // unwinds native callers
	}}
	nat["os.Getenv"] = func(c *NativeCall) Value { return os.Getenv(c.args[0].(string)) }
	flagNatives(nat)
	nat["os.LookupEnv"] = func(c *NativeCall) Value {
		v, ok := os.LookupEnv(c.args[0].(string))
		return Tuple{v, ok}
	}
}

func errorsNatives(nat map[string]nativeFn) {
	nat["errors.New"] = func(c *NativeCall) Value {
		t := c.Lookup("errors", "errorString")
		p := new(Value)
		*p = Struct{c.args[0]}
		return Iface{T: c.s.it.pointerTo(t), V: p}
	}
	nat["(*errors.errorString).Error"] = func(c *NativeCall) Value {
		p := c.args[0].(*Value)
		if p == nil {
			panic(nilDeref())
		}
		return (*p).(Struct)[0]
	}
	nat["errors.Unwrap"] = func(c *NativeCall) Value {
		e := c.args[0].(Iface)
		if e.T == nil {
			return Iface{}
		}
		if m := c.Method(e.T, "Unwrap"); m != nil {
			if r, ok := c.Call(m, e.V).(Iface); ok {
				return r
			}
		}
		return Iface{}
	}
	nat["errors.Is"] = func(c *NativeCall) Value {
		return errorsIs(c, c.args[0].(Iface), c.args[1].(Iface))
	}
	nat["errors.As"] = func(c *NativeCall) Value {
		return errorsAs(c, c.args[0].(Iface), c.args[1].(Iface))
	}
	nat["errors.Join"] = func(c *NativeCall) Value {
		var errs Slice
		for _, e := range c.args[0].(Slice) {
			if e.(Iface).T != nil {
				errs = append(errs, e)
			}
		}
		if len(errs) == 0 {
			return Iface{}
		}
		t := c.Lookup("errors", "joinError")
		p := new(Value)
		*p = Struct{errs}
		return Iface{T: c.s.it.pointerTo(t), V: p}
	}
	nat["(*errors.joinError).Error"] = func(c *NativeCall) Value {
		p := c.args[0].(*Value)
		var parts []string
		for _, e := range (*p).(Struct)[0].(Slice) {
			parts = append(parts, errorString(c, e.(Iface)))
		}
		return strings.Join(parts, "\n")
	}
	nat["(*errors.joinError).Unwrap"] = func(c *NativeCall) Value {
		p := c.args[0].(*Value)
		return (*p).(Struct)[0]
	}
}

// errorString calls e.Error().
func errorString(c *NativeCall, e Iface) string {
	m := c.Method(e.T, "Error")
	if m == nil {
		panic(internalErrorf("%s has no Error method", e.T))
	}
	return c.Call(m, e.V).(string)
}

// unwrap returns the errors e wraps: Unwrap() error or Unwrap() []error.
func unwrap(c *NativeCall, e Iface) []Iface {
	m := c.Method(e.T, "Unwrap")
	if m == nil {
		return nil
	}
	switch r := c.Call(m, e.V).(type) {
	case Iface:
		if r.T != nil {
			return []Iface{r}
		}
	case Slice:
		var out []Iface
		for _, x := range r {
			if x := x.(Iface); x.T != nil {
				out = append(out, x)
			}
		}
		return out
	}
	return nil
}

func errorsIs(c *NativeCall, err, target Iface) bool {
	if err.T == nil || target.T == nil {
		return err.T == nil && target.T == nil
	}
	comparable := types.Comparable(target.T)
	for {
		if comparable && types.Identical(err.T, target.T) && c.Equal(err.V, target.V) {
			return true
		}
		if m := c.Method(err.T, "Is"); m != nil {
			if sig := m.Signature; sig.Params().Len() == 1 && c.Call(m, err.V, target) == true {
				return true
			}
		}
		next := unwrap(c, err)
		switch len(next) {
		case 0:
			return false
		case 1:
			err = next[0]
		default:
			for _, e := range next {
				if errorsIs(c, e, target) {
					return true
				}
			}
			return false
		}
	}
}

func errorsAs(c *NativeCall, err, target Iface) bool {
	if err.T == nil {
		return false
	}
	pt, ok := target.T.Underlying().(*types.Pointer)
	p, _ := target.V.(*Value)
	if !ok || p == nil {
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "errors: target must be a non-nil pointer"}})
	}
	want := pt.Elem()
	for {
		if types.AssignableTo(err.T, want) {
			if _, isIface := want.Underlying().(*types.Interface); isIface {
				*p = err
			} else {
				store(p, err.V)
			}
			return true
		}
		if m := c.Method(err.T, "As"); m != nil && c.Call(m, err.V, target) == true {
			return true
		}
		next := unwrap(c, err)
		switch len(next) {
		case 0:
			return false
		case 1:
			err = next[0]
		default:
			for _, e := range next {
				if errorsAs(c, e, target) {
					return true
				}
			}
			return false
		}
	}
}

// atomicAccess records an atomic operation for race and atomicity
// detection: it synchronises (sequential consistency) and enters the
// cell's access log.
func (s *State) atomicAccess(c *NativeCall, cell *Value, op string, old Value) {
	if s.race == nil {
		return
	}
	s.acquire(c.g, cell)
	if s.checkFx {
		s.checkReadFx(anyReadFx, "an atomic "+op)
	}
	if s.checkFx && op != "Load" {
		fx, _ := s.it.effects().nativeFx(c.fn)
		s.checkWrite(fx, "an atomic "+op)
	}
	what := locName{name: "atomic value"}
	switch op {
	case "Load":
		s.access(c.g, cell, false, old, c.pos, what, nil)
	case "Store":
		s.access(c.g, cell, true, *cell, c.pos, what, nil)
	default:
		s.rmw(c.g, cell, old, *cell, c.pos, what)
	}
	s.release(c.g, cell)
}

// flagNatives models package flag for programs run without arguments:
// every flag keeps its default value.
func flagNatives(nat map[string]nativeFn) {
	def := func(i int) nativeFn {
		return func(c *NativeCall) Value {
			p := new(Value)
			*p = c.args[i]
			return p
		}
	}
	for _, name := range []string{"Int", "Int64", "Uint", "Uint64", "Bool", "String", "Float64", "Duration"} {
		nat["flag."+name] = def(1)
		nat["(*flag.FlagSet)."+name] = def(2)
		nat["flag."+name+"Var"] = func(c *NativeCall) Value {
			store(c.args[0].(*Value), c.args[2])
			return nil
		}
	}
	nat["flag.Parse"] = func(c *NativeCall) Value { return nil }
	nat["flag.Parsed"] = func(c *NativeCall) Value { return true }
	nat["flag.NArg"] = func(c *NativeCall) Value { return 0 }
	nat["flag.NFlag"] = func(c *NativeCall) Value { return 0 }
	nat["flag.Arg"] = func(c *NativeCall) Value { return "" }
	nat["flag.Args"] = func(c *NativeCall) Value { return Slice{} }
}
