package model

import (
	"go/types"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// TestEffects checks the analysis of the writes that can still happen
// (effects.go): the functions' summaries, and in an execution, that a read
// of a cell no write can follow any more is not recorded, that one a
// write can still follow is, and that the race state is dropped once no
// write can come.
func TestEffects(t *testing.T) {
	it, scope := loadSource(t, `package main

import (
	"fmt"
	"sync"
)

type box struct {
	n int
	s string
}

var calls float64

type tag struct{ name string }

func (t tag) String() string { calls++; return t.name }

func plain(n int) string { return fmt.Sprintf("%d", n) }
func tagged(t tag) string { return fmt.Sprint("tag ", t) }
func anyArg(v any) string  { return fmt.Sprint(v) }

func reader(xs []string, wg *sync.WaitGroup) {
	_ = xs[0]
	wg.Done()
}

func writer(b *box, wg *sync.WaitGroup) {
	b.n++
	wg.Done()
}

func main() {
	xs := []string{"a"}
	b := &box{}
	var wg sync.WaitGroup
	wg.Add(3)
	go reader(xs, &wg)
	go func() {
		_ = b.n
		wg.Done()
	}()
	go writer(b, &wg)
	wg.Wait()
}
`)
	e := it.effects()
	fns := make(map[string]*ssa.Function)
	for fn := range ssautil.AllFunctions(it.prog) {
		fns[fn.String()] = fn
	}
	str, _ := e.typeBit(types.Typ[types.String])
	num, _ := e.typeBit(types.Typ[types.Int])
	reader, writer, main := fns["example.com/m.reader"], fns["example.com/m.writer"], fns["example.com/m.main"]
	require.NotNil(t, reader)
	require.True(t, e.fnSummary(reader).noWrites(), "reader writes nothing: %v", e.describe(e.fnSummary(reader)))
	require.True(t, e.fnSummary(reader).overlaps(e.cellFx(types.Typ[types.String]).asReads()), "reader reads a string: %s", e.describe(e.fnSummary(reader)))
	require.True(t, e.fnSummary(writer).has(num))
	require.False(t, e.fnSummary(writer).has(str))
	require.False(t, e.fnSummary(writer).has(fxTop))
	require.False(t, e.fnSummary(main).has(str), "main's slice literal is filled before anyone can see it: %s", e.describe(e.fnSummary(main)))
	require.True(t, e.fnSummary(main).has(num), "main starts the writer")
	_ = scope

	// fmt calls the String methods of what it prints: none for an int,
	// tag's for a tag, any for an interface value of unknown type.
	float, _ := e.typeBit(types.Typ[types.Float64])
	require.True(t, e.fnSummary(fns["example.com/m.plain"]).empty(), "%v", e.describe(e.fnSummary(fns["example.com/m.plain"])))
	require.True(t, e.fnSummary(fns["example.com/m.tagged"]).has(float))
	require.False(t, e.fnSummary(fns["example.com/m.tagged"]).has(fxTop))
	require.True(t, e.fnSummary(fns["example.com/m.anyArg"]).covers(e.fnSummary(fns["example.com/m.tagged"])))

	s := it.NewState()
	s.EnableRace()
	s.SpawnMain(nil, main)
	var buf []Transition
	sawString, sawInt, dropped := false, false, false
	for i := 0; i < 200 && !s.Done(); i++ {
		buf = s.Enabled(buf[:0])
		require.NotEmpty(t, buf)
		// Run the readers before the writer: the closure's read of b.n
		// must be recorded (the writer can still write it), the
		// reader's read of xs[0] not (no string is stored any more).
		pick := buf[0]
		for _, tr := range buf {
			if g := s.gs[tr.G-1]; g.StartFn != writer || len(buf) == 1 {
				pick = tr
				break
			}
		}
		s.Do(pick)
		if s.race == nil {
			dropped = true
			continue
		}
		for _, c := range s.race.shadow {
			for _, rd := range c.reads {
				switch rd.val.(type) {
				case string:
					sawString = true
				case int:
					sawInt = true
				}
			}
		}
	}
	require.True(t, s.Done())
	require.False(t, sawString, "the read of xs[0] was recorded")
	require.True(t, sawInt, "the read of b.n was not recorded")
	require.True(t, dropped, "the race state was never dropped")
}

// TestEffectsSummaries checks the summaries of functions that write
// through the paths the analysis must follow: callbacks given to natives,
// atomics, deferred closes, map writes, interface calls and calls of
// function values; unsafe stores and calls it cannot follow.
func TestEffectsSummaries(t *testing.T) {
	it, _ := loadSource(t, `package main

import (
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

var (
	n32   int32
	s     string
	b     bool
	m     = map[int]int{}
	once  sync.Once
	u     uint16
	hits  complex64
	iface interface{ Do() }
)

func afterFunc()   { time.AfterFunc(time.Second, func() { s = "late" }) }
func onceDo()      { once.Do(func() { b = true }) }
func atomicAdd()   { atomic.AddInt32(&n32, 1) }
func deferClose(c chan int) { defer close(c) }
func mapWrite()    { m[1] = 2 }
func punned(p unsafe.Pointer) { *(*uint16)(p) = 1 }
func dynamic(f func()) { f() }
func onceFn() func()     { return sync.OnceFunc(func() {}) }
func invoke()      { iface.Do() }
func none(c chan int) int { return <-c + len(m) }

type impl struct{}

func (impl) Do() { hits++ }

func conv(n int) string { b = false; return "" }
func dynConv(f func(int) string) string { return f(1) }

func main() { iface = impl{}; _ = dynConv(conv) }
`)
	e := it.effects()
	fns := make(map[string]*ssa.Function)
	for fn := range ssautil.AllFunctions(it.prog) {
		fns[fn.Name()] = fn
	}
	sum := func(name string) fxSet {
		fn := fns[name]
		require.NotNil(t, fn, name)
		return e.fnSummary(fn)
	}
	typ := func(tt types.Type) int {
		id, ok := e.typeBit(tt)
		require.True(t, ok, tt.String())
		return id
	}
	only := func(name string, bit int) {
		s := sum(name)
		require.True(t, s.has(bit), "%s: %s", name, e.describe(s))
		require.False(t, s.has(fxTop), "%s: %s", name, e.describe(s))
	}
	only("afterFunc", typ(types.Typ[types.String]))
	only("onceDo", typ(types.Typ[types.Bool]))
	only("atomicAdd", typ(types.Typ[types.Int32]))
	only("deferClose", fxClose)
	only("mapWrite", fxMap)
	require.True(t, sum("punned").has(fxTop), "a store through a pointer from unsafe.Pointer")
	// Calls through function values and interfaces run what has their
	// signature (and name): a func() may be sync.OnceFunc's result,
	// which the analysis cannot see into.
	require.True(t, sum("dynamic").has(fxTop), "a call of a func(), which may be sync.OnceFunc's result")
	only("invoke", typ(types.Typ[types.Complex64]))
	only("dynConv", typ(types.Typ[types.Bool]))
	require.True(t, sum("none").noWrites(), "%s", e.describe(sum("none")))
	require.True(t, sum("none").has(fxRead), "it reads m's length")
}

// TestReadsAny checks readsAny against asReads.
func TestReadsAny(t *testing.T) {
	for _, c := range []struct{ a, mask fxSet }{
		{bit(fxTypes + 1), bit(fxTypes)},
		{bit(fxTypes), bit(fxTypes)},
		{bit(64 + 1), bit(64)},
		{bit(63 + 1), bit(62)},
		{bit(fxTypes + 3), bit(fxTypes)},
		{nil, bit(fxTypes)},
		{bit(200 + 1), bit(200)},
	} {
		require.Equal(t, c.a.overlaps(c.mask.asReads()), c.a.readsAny(c.mask), "%v %v", c.a, c.mask)
	}
}
