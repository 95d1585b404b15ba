package model

import (
	"go/types"
	"math/rand"
	"os"
	"runtime"
)

// miscNatives models the parts of runtime, runtime/debug and math/rand
// that ordinary programs and tests call.
func miscNatives(nat map[string]nativeFn) {
	nat["runtime.Caller"] = func(c *NativeCall) Value {
		skip := toInt(c.args[0])
		pos := c.pos
		if skip > 0 {
			n := len(c.g.frames)
			if skip >= n {
				return Tuple{uintptr(0), "", 0, false}
			}
			pos = c.g.frames[n-skip].callPos
		}
		p := c.s.Position(pos)
		return Tuple{uintptr(1), p.Filename, p.Line, p.IsValid()}
	}
	nat["runtime.Callers"] = func(c *NativeCall) Value { return 0 }
	nat["runtime.ReadMemStats"] = func(c *NativeCall) Value { return nil }
	nat["runtime.GOROOT"] = func(c *NativeCall) Value { return runtime.GOROOT() }
	nat["runtime.Stack"] = func(c *NativeCall) Value { return 0 }
	nat["runtime/debug.SetGCPercent"] = func(c *NativeCall) Value { return 100 }
	nat["runtime/debug.SetMaxStack"] = func(c *NativeCall) Value { return 1 << 30 }
	nat["runtime/debug.FreeOSMemory"] = func(c *NativeCall) Value { return nil }
	nat["runtime/debug.Stack"] = func(c *NativeCall) Value { return bytesValue([]byte("goroutine 1 [running]:\n")) }
	nat["os.Getpid"] = func(c *NativeCall) Value { return os.Getpid() }

	// math/rand: a deterministic source per execution, so that traces
	// replay. (A model checker would treat each random draw as a choice;
	// cmcheck fixes the seed instead.)
	rnd := func(c *NativeCall) *rand.Rand {
		if c.s.rand == nil {
			c.s.randSrc = newCountedSource(0)
			c.s.rand = rand.New(c.s.randSrc)
		}
		return c.s.rand
	}
	for _, pkg := range []string{"math/rand.", "(*math/rand.Rand)."} {
		off := 0
		if pkg[0] == '(' {
			off = 1 // a method: the receiver comes first
		}
		nat[pkg+"Int"] = func(c *NativeCall) Value { return rnd(c).Int() }
		nat[pkg+"Intn"] = func(c *NativeCall) Value { return rnd(c).Intn(toInt(c.args[off])) }
		nat[pkg+"Int31"] = func(c *NativeCall) Value { return rnd(c).Int31() }
		nat[pkg+"Int31n"] = func(c *NativeCall) Value { return rnd(c).Int31n(c.args[off].(int32)) }
		nat[pkg+"Int63"] = func(c *NativeCall) Value { return rnd(c).Int63() }
		nat[pkg+"Int63n"] = func(c *NativeCall) Value { return rnd(c).Int63n(c.args[off].(int64)) }
		nat[pkg+"Uint32"] = func(c *NativeCall) Value { return rnd(c).Uint32() }
		nat[pkg+"Uint64"] = func(c *NativeCall) Value { return rnd(c).Uint64() }
		nat[pkg+"Float64"] = func(c *NativeCall) Value { return rnd(c).Float64() }
		nat[pkg+"Float32"] = func(c *NativeCall) Value { return rnd(c).Float32() }
		nat[pkg+"Seed"] = func(c *NativeCall) Value { return nil }
		nat[pkg+"Perm"] = func(c *NativeCall) Value {
			p := rnd(c).Perm(toInt(c.args[off]))
			s := make(Slice, len(p))
			for i, v := range p {
				s[i] = v
			}
			return s
		}
		nat[pkg+"Shuffle"] = func(c *NativeCall) Value {
			swap := c.args[off+1].(*Closure)
			rnd(c).Shuffle(toInt(c.args[off]), func(i, j int) { c.CallClosure(swap, i, j) })
			return nil
		}
	}
	nat["math/rand.New"] = func(c *NativeCall) Value {
		t := c.Lookup("math/rand", "Rand")
		p := new(Value)
		*p = Zero(t)
		return p
	}
	nat["math/rand.NewSource"] = func(c *NativeCall) Value {
		return Iface{T: types.Typ[types.Int64], V: c.args[0]}
	}
	nat["math/rand.init"] = func(c *NativeCall) Value { return nil }
	reflectNatives(nat)
}

func bytesValue(b []byte) Slice {
	s := make(Slice, len(b))
	for i, x := range b {
		s[i] = x
	}
	return s
}

// reflectNatives implements reflect.DeepEqual; the rest of reflect is not
// modelled.
func reflectNatives(nat map[string]nativeFn) {
	reflectNativesTypes(nat)
	nat["reflect.DeepEqual"] = func(c *NativeCall) Value {
		x, y := c.args[0].(Iface), c.args[1].(Iface)
		if x.T == nil || y.T == nil {
			return x.T == nil && y.T == nil
		}
		if !types.Identical(x.T, y.T) {
			return false
		}
		return deepEqual(c, x.T, x.V, y.V, make(map[[2]*Value]bool))
	}
}

func deepEqual(c *NativeCall, t types.Type, x, y Value, seen map[[2]*Value]bool) bool {
	switch u := t.Underlying().(type) {
	case *types.Struct:
		xs, ys := x.(Struct), y.(Struct)
		for i := range xs {
			if !deepEqual(c, u.Field(i).Type(), xs[i], ys[i], seen) {
				return false
			}
		}
		return true
	case *types.Array:
		xs, ys := x.(Array), y.(Array)
		for i := range xs {
			if !deepEqual(c, u.Elem(), xs[i], ys[i], seen) {
				return false
			}
		}
		return true
	case *types.Slice:
		xs, ys := x.(Slice), y.(Slice)
		if (xs == nil) != (ys == nil) || len(xs) != len(ys) {
			return false
		}
		for i := range xs {
			if !deepEqual(c, u.Elem(), xs[i], ys[i], seen) {
				return false
			}
		}
		return true
	case *types.Pointer:
		px, py := x.(*Value), y.(*Value)
		if px == py {
			return true
		}
		if px == nil || py == nil {
			return false
		}
		k := [2]*Value{px, py}
		if seen[k] {
			return true
		}
		seen[k] = true
		return deepEqual(c, u.Elem(), *px, *py, seen)
	case *types.Map:
		mx, my := x.(*Map), y.(*Map)
		if (mx == nil) != (my == nil) || mx.Len() != my.Len() {
			return false
		}
		if mx == my {
			return true
		}
		eq := true
		mx.Entries(func(k, v Value) bool {
			w, ok := my.get(c.s.it.keyOf(k))
			if !ok || !deepEqual(c, u.Elem(), v, w, seen) {
				eq = false
			}
			return eq
		})
		return eq
	case *types.Interface:
		ix, iy := x.(Iface), y.(Iface)
		if ix.T == nil || iy.T == nil {
			return ix.T == nil && iy.T == nil
		}
		return types.Identical(ix.T, iy.T) && deepEqual(c, ix.T, ix.V, iy.V, seen)
	case *types.Signature:
		return x.(*Closure) == nil && y.(*Closure) == nil
	case *types.Chan:
		return x.(*Chan) == y.(*Chan)
	}
	return c.s.it.equal(x, y)
}

// countedSource is the math/rand source of an execution: seed 1, and the
// number of values drawn from it, which with the seed fixed is its whole
// state (State.Fingerprint hashes it; State.Clone makes a source that
// has drawn as many).
type countedSource struct {
	src rand.Source64
	n   uint64
}

// newCountedSource returns the source after n draws.
func newCountedSource(n uint64) *countedSource {
	c := &countedSource{src: rand.NewSource(1).(rand.Source64)}
	for c.n < n {
		c.Uint64()
	}
	return c
}

func (c *countedSource) Int63() int64   { c.n++; return c.src.Int63() }
func (c *countedSource) Uint64() uint64 { c.n++; return c.src.Uint64() }
func (c *countedSource) Seed(seed int64) {
	c.src.Seed(seed)
	c.n = 0
}
