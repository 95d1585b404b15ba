package model

// sync.Map and sync.Pool. A sync.Map's operations are visible operations
// on the map as one object, and synchronise as the package documents (a
// Store happens before the Load that observes it). A Pool is modelled as a
// stack of the values Put, with New called when it is empty; Put happens
// before the Get that returns the value.

func (s *State) syncMap(p *Value) *Map {
	if p == nil {
		panic(nilDeref())
	}
	if s.sync.maps == nil {
		s.sync.maps = make(map[*Value]*Map)
	}
	m := s.sync.maps[p]
	if m == nil {
		m = newMap(0)
		s.sync.maps[p] = m
	}
	return m
}

func syncMapNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	op := func(kind string, write bool, f func(c *NativeCall, m *Map) Value) *visibleFn {
		return &visibleFn{kind: "sync.Map " + kind, exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.syncMap(p)
			c.obj = objName("sync.Map", c.s.objID(p))
			c.readOnly = !write
			c.s.acquire(c.g, p)
			v := f(c, m)
			c.s.release(c.g, p)
			return v
		}, peek: func(s *State, args []Value) []string {
			return []string{objName("sync.Map", s.objID(args[0].(*Value)))}
		}}
	}
	key := func(c *NativeCall, k Value) any { return c.s.it.keyOf(k) }
	vis["(*sync.Map).Load"] = op("load", false, func(c *NativeCall, m *Map) Value {
		v, ok := m.get(key(c, c.args[1]))
		if !ok {
			return Tuple{Iface{}, false}
		}
		return Tuple{v, true}
	})
	vis["(*sync.Map).Store"] = op("store", true, func(c *NativeCall, m *Map) Value {
		m.set(key(c, c.args[1]), c.args[1], c.args[2])
		return nil
	})
	vis["(*sync.Map).LoadOrStore"] = op("load or store", true, func(c *NativeCall, m *Map) Value {
		k := key(c, c.args[1])
		if v, ok := m.get(k); ok {
			return Tuple{v, true}
		}
		m.set(k, c.args[1], c.args[2])
		return Tuple{c.args[2], false}
	})
	vis["(*sync.Map).LoadAndDelete"] = op("load and delete", true, func(c *NativeCall, m *Map) Value {
		k := key(c, c.args[1])
		v, ok := m.get(k)
		if !ok {
			return Tuple{Iface{}, false}
		}
		m.delete(k)
		return Tuple{v, true}
	})
	vis["(*sync.Map).Delete"] = op("delete", true, func(c *NativeCall, m *Map) Value {
		m.delete(key(c, c.args[1]))
		return nil
	})
	vis["(*sync.Map).Swap"] = op("swap", true, func(c *NativeCall, m *Map) Value {
		k := key(c, c.args[1])
		old, ok := m.get(k)
		m.set(k, c.args[1], c.args[2])
		if !ok {
			return Tuple{Iface{}, false}
		}
		return Tuple{old, true}
	})
	vis["(*sync.Map).CompareAndSwap"] = op("compare and swap", true, func(c *NativeCall, m *Map) Value {
		k := key(c, c.args[1])
		old, ok := m.get(k)
		if !ok || !c.Equal(old, c.args[2]) {
			return false
		}
		m.set(k, c.args[1], c.args[3])
		return true
	})
	vis["(*sync.Map).CompareAndDelete"] = op("compare and delete", true, func(c *NativeCall, m *Map) Value {
		k := key(c, c.args[1])
		old, ok := m.get(k)
		if !ok || !c.Equal(old, c.args[2]) {
			return false
		}
		m.delete(k)
		return true
	})
	vis["(*sync.Map).Clear"] = op("clear", true, func(c *NativeCall, m *Map) Value {
		m.clear()
		return nil
	})
	vis["(*sync.Map).Range"] = op("range", false, func(c *NativeCall, m *Map) Value {
		f := c.args[1].(*Closure)
		var ks, vs []Value
		m.Entries(func(k, v Value) bool {
			ks, vs = append(ks, k), append(vs, v)
			return true
		})
		for i := range ks {
			if c.CallClosure(f, ks[i], vs[i]) != true {
				break
			}
		}
		return nil
	})

	pool := func(c *NativeCall) *Value { return recv(c) }
	nat["(*sync.Pool).Put"] = func(c *NativeCall) Value {
		p := pool(c)
		if c.args[1].(Iface).T == nil {
			return nil
		}
		if c.s.sync.pools == nil {
			c.s.sync.pools = make(map[*Value][]Value)
		}
		c.s.release(c.g, poolKey{p})
		c.s.sync.pools[p] = append(c.s.sync.pools[p], c.args[1])
		return nil
	}
	nat["(*sync.Pool).Get"] = func(c *NativeCall) Value {
		p := pool(c)
		if items := c.s.sync.pools[p]; len(items) > 0 {
			v := items[len(items)-1]
			c.s.sync.pools[p] = items[:len(items)-1]
			c.s.acquire(c.g, poolKey{p})
			return v
		}
		t := c.Lookup("sync", "Pool")
		newFn := (*p).(Struct)[fieldIndex(t, "New")].(*Closure)
		if newFn == nil {
			return Iface{}
		}
		return c.CallClosure(newFn)
	}
}

type poolKey struct{ p *Value }

// onceFuncNatives models sync.OnceFunc, OnceValue and OnceValues. The
// function they return is a closure over the native itself whose
// environment holds the once state and f; calling it is a visible
// operation that runs f (to completion, as a callback) the first time and
// returns the cached results afterwards.
func onceFuncNatives(vis map[string]*visibleFn) {
	for _, name := range []string{"OnceFunc", "OnceValue", "OnceValues"} {
		vis["sync."+name] = &visibleFn{kind: "once func", peekEnv: func(s *State, env []Value) []string {
			return []string{objName("once", s.objID(env[0].(*Value)))}
		}, exec: func(c *NativeCall) Value {
			if len(c.env) == 0 {
				// Creation: return a closure of this native.
				state := new(Value)
				*state = Struct{false, nil}
				return &Closure{Fn: c.fn, Env: []Value{state, c.args[0]}}
			}
			state := c.env[0].(*Value)
			c.obj = objName("once", c.s.objID(state))
			st := (*state).(Struct)
			if st[0].(bool) {
				c.readOnly = true
				c.s.acquire(c.g, state)
				return st[1]
			}
			f := c.env[1].(*Closure)
			v := c.CallClosure(f)
			*state = Struct{true, v}
			c.s.release(c.g, state)
			return v
		}}
	}
}
