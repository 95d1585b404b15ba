package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
)

// syncState holds the state of the sync package's objects, keyed by their
// address. The zero state (absent from the maps) is an object's zero value.
type syncState struct {
	mutexes map[*Value]*mutexState
	wgs     map[*Value]*wgState
	onces   map[*Value]*onceState
	conds   map[*Value]*condState
	ids     map[*Value]int
	maps    map[*Value]*Map    // sync.Map
	pools   map[*Value][]Value // sync.Pool
}

func newSyncState() syncState {
	return syncState{
		mutexes: make(map[*Value]*mutexState),
		wgs:     make(map[*Value]*wgState),
		onces:   make(map[*Value]*onceState),
		conds:   make(map[*Value]*condState),
		ids:     make(map[*Value]int),
	}
}

type mutexState struct {
	// bad counts the unlocks of a Mutex since the first unlock of it
	// unlocked (a fatal error, which ends the program a step later): Go's
	// mutex word is then -bad, which a further Unlock takes as locked
	// when bad is odd (it passes) and as unlocked when bad is even (a
	// fatal error again), and with which Lock waits.
	bad     int
	locked  bool // held by a writer (or a Mutex holder)
	owner   int  // goroutine that locked it (for traces only: Go mutexes have no owner)
	readers int  // RWMutex readers holding it
}

type wgState struct {
	n int
	// zeroes counts the times the counter came down to zero: each
	// releases the goroutines then waiting in Wait.
	zeroes int
	// units are the counter's units, max(n, 0) in all, by the goroutine
	// that owns them (for partial-order reduction: State.wgCovered).
	// Shared between clones: never changed in place.
	units []wgShare
}

// wgShare is a goroutine's share of a WaitGroup's counter: the units it
// added and not yet took back, and those its parent handed it when it
// started (one per WaitGroup, see handOver).
type wgShare struct {
	g, n int
}

// owned returns the units g owns.
func (w *wgState) owned(g int) int {
	for _, u := range w.units {
		if u.g == g {
			return u.n
		}
	}
	return 0
}

// setOwned returns the units with g owning n (copied: never in place).
func setOwned(units []wgShare, g, n int) []wgShare {
	units = slices.Clone(units)
	i := slices.IndexFunc(units, func(u wgShare) bool { return u.g == g })
	switch {
	case i < 0 && n > 0:
		units = append(units, wgShare{g, n})
		slices.SortFunc(units, func(a, b wgShare) int { return a.g - b.g })
	case i >= 0 && n > 0:
		units[i].n = n
	case i >= 0:
		units = slices.Delete(units, i, i+1)
	}
	return units
}

// add adds delta to the counter, by goroutine g (nil: the runtime) for
// the units. An increment gives g what it brings the counter above zero;
// a decrement takes g's own units first, then others' (the highest
// goroutine's first), as many as it brings the counter down above zero.
func (w *wgState) add(g *Goroutine, delta int) {
	before := max(w.n, 0)
	w.n += delta
	if w.n == 0 && delta != 0 {
		w.zeroes++
	}
	after := max(w.n, 0)
	id := 0
	if g != nil {
		id = g.ID
	}
	switch {
	case after > before:
		w.units = setOwned(w.units, id, w.owned(id)+after-before)
	case after < before:
		units := slices.Clone(w.units)
		take := before - after
		takeFrom := func(i int) {
			k := min(units[i].n, take)
			units[i].n -= k
			take -= k
		}
		if i := slices.IndexFunc(units, func(u wgShare) bool { return u.g == id }); i >= 0 {
			takeFrom(i)
		}
		for i := len(units) - 1; i >= 0 && take > 0; i-- {
			takeFrom(i)
		}
		w.units = slices.DeleteFunc(units, func(u wgShare) bool { return u.n == 0 })
	}
}

// handOver gives the goroutine child, started by parent, one unit of
// every WaitGroup parent owns units of: the usual Add(1) before a go
// statement (or Add(n) before n of them, or WaitGroup.Go) hands each
// goroutine the unit its Done takes back.
func (s *State) handOver(parent, child *Goroutine) {
	for _, w := range s.sync.wgs {
		if n := w.owned(parent.ID); n > 0 {
			w.units = setOwned(w.units, parent.ID, n-1)
			w.units = setOwned(w.units, child.ID, 1)
		}
	}
}

type onceState struct {
	done    bool
	running int // goroutine running f, or 0
}

type condState struct {
	waiters []int // goroutines waiting, in arrival order
}

// objID numbers sync objects by first use, for stable traces.
func (s *State) objID(p *Value) int {
	if id, ok := s.sync.ids[p]; ok {
		return id
	}
	s.objs++
	s.sync.ids[p] = s.objs
	return s.objs
}

func (s *State) mutex(p *Value) *mutexState {
	if p == nil {
		panic(nilDeref())
	}
	m := s.sync.mutexes[p]
	if m == nil {
		m = &mutexState{}
		s.sync.mutexes[p] = m
	}
	return m
}

func (s *State) wg(p *Value) *wgState {
	if p == nil {
		panic(nilDeref())
	}
	w := s.sync.wgs[p]
	if w == nil {
		w = &wgState{}
		s.sync.wgs[p] = w
	}
	return w
}

func recv(c *NativeCall) *Value { return c.args[0].(*Value) }

func one(b bool) int {
	if b {
		return 1
	}
	return 0
}

// blockedWriter reports whether some goroutine waits in Lock on the
// RWMutex p: Go's RWMutex then blocks new readers.
func (s *State) blockedWriter(p *Value, m *mutexState) bool {
	if !m.locked && m.readers == 0 {
		return false
	}
	for _, g := range s.gs {
		if op, ok := g.pending.(*nativeOp); ok && !g.done && op.vf.kind == "rwmutex lock" && op.args[0].(*Value) == p {
			return true
		}
	}
	return false
}

func syncNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	lock := &visibleFn{
		kind: "lock", waitReason: "sync.Mutex.Lock",
		ready: func(s *State, g *Goroutine, args []Value) int {
			m := s.mutex(args[0].(*Value))
			return one(!m.locked && m.bad == 0)
		},
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			m.locked, m.owner = true, c.g.ID
			c.obj = objName("mutex", c.s.objID(p))
			c.s.acquire(c.g, p)
			return nil
		},
	}
	tryLock := &visibleFn{
		kind: "trylock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if m.locked || m.bad > 0 {
				c.readOnly = true
				c.detail = "failed"
				return false
			}
			m.locked, m.owner = true, c.g.ID
			c.s.acquire(c.g, p)
			return true
		},
	}
	unlock := &visibleFn{
		kind: "unlock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if m.bad > 0 {
				m.bad++
				if m.bad%2 == 1 {
					panic(&fatalError{msg: "sync: unlock of unlocked mutex"})
				}
				c.detail = "mutex state corrupted by an earlier unlock of the unlocked mutex"
				return nil
			}
			if !m.locked {
				m.bad = 1
				panic(&fatalError{msg: "sync: unlock of unlocked mutex"})
			}
			m.locked, m.owner = false, 0
			c.s.release(c.g, p)
			return nil
		},
	}
	vis["(*sync.Mutex).Lock"] = lock
	vis["(*sync.Mutex).TryLock"] = tryLock
	vis["(*sync.Mutex).Unlock"] = unlock

	vis["(*sync.RWMutex).Lock"] = &visibleFn{
		kind: "rwmutex lock", waitReason: "sync.RWMutex.Lock",
		ready: func(s *State, g *Goroutine, args []Value) int {
			m := s.mutex(args[0].(*Value))
			return one(!m.locked && m.readers == 0)
		},
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			m.locked, m.owner = true, c.g.ID
			c.obj = objName("mutex", c.s.objID(p))
			c.s.acquire(c.g, p)
			c.s.acquire(c.g, readersKey{p})
			return nil
		},
	}
	vis["(*sync.RWMutex).TryLock"] = &visibleFn{
		kind: "rwmutex trylock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if m.locked || m.readers > 0 {
				// Failing depends on the readers: a write for the
				// reduction (see RLock), not a read.
				return false
			}
			m.locked, m.owner = true, c.g.ID
			c.s.acquire(c.g, p)
			c.s.acquire(c.g, readersKey{p})
			return true
		},
	}
	vis["(*sync.RWMutex).Unlock"] = &visibleFn{
		kind: "rwmutex unlock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if !m.locked {
				panic(&fatalError{msg: "sync: Unlock of unlocked RWMutex"})
			}
			m.locked, m.owner = false, 0
			c.s.release(c.g, p)
			return nil
		},
	}
	vis["(*sync.RWMutex).RLock"] = &visibleFn{
		kind: "rwmutex rlock", waitReason: "sync.RWMutex.RLock",
		ready: func(s *State, g *Goroutine, args []Value) int {
			p := args[0].(*Value)
			m := s.mutex(p)
			return one(!m.locked && !s.blockedWriter(p, m))
		},
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			m.readers++
			c.s.acquire(c.g, p)
			c.obj = objName("mutex", c.s.objID(p))
			c.detail = fmt.Sprintf("readers %d", m.readers)
			// Read locks commute with one another: for the reduction an
			// RLock only reads the mutex. Every operation whose outcome
			// depends on the readers (Lock, Unlock, RUnlock, a TryLock or
			// TryRLock that fails) writes it, so it stays dependent on
			// them.
			c.readOnly = true
			return nil
		},
	}
	vis["(*sync.RWMutex).TryRLock"] = &visibleFn{
		kind: "rwmutex tryrlock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if m.locked || c.s.blockedWriter(p, m) {
				return false // a write for the reduction: see RLock
			}
			m.readers++
			c.s.acquire(c.g, p)
			c.readOnly = true
			return true
		},
	}
	vis["(*sync.RWMutex).RUnlock"] = &visibleFn{
		kind: "rwmutex runlock",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			m := c.s.mutex(p)
			c.obj = objName("mutex", c.s.objID(p))
			if m.readers == 0 {
				panic(&fatalError{msg: "sync: RUnlock of unlocked RWMutex"})
			}
			m.readers--
			c.s.release(c.g, readersKey{p})
			c.detail = fmt.Sprintf("readers %d", m.readers)
			return nil
		},
	}
	// RLocker returns the receiver itself viewed as a Locker whose Lock
	// and Unlock are RLock and RUnlock: modelled by the rlocker type's
	// methods below.
	vis["(*sync.rlocker).Lock"] = vis["(*sync.RWMutex).RLock"]
	vis["(*sync.rlocker).Unlock"] = vis["(*sync.RWMutex).RUnlock"]
	nat["(*sync.RWMutex).RLocker"] = func(c *NativeCall) Value {
		t := c.Lookup("sync", "rlocker")
		if t == nil {
			panic(unsupportedf("sync.RWMutex.RLocker"))
		}
		return Iface{T: c.s.it.pointerTo(t), V: c.args[0]}
	}

	wgAdd := func(c *NativeCall, delta int) Value {
		p := recv(c)
		w := c.s.wg(p)
		c.readOnly = c.s.wgReads(c.g, p, delta)
		c.obj = objName("waitgroup", c.s.objID(p))
		c.reads, c.writes = c.s.wgAccess(c.g, p, delta)
		w.add(c.g, delta)
		c.s.release(c.g, p)
		c.detail = fmt.Sprintf("counter %d", w.n)
		if w.n < 0 {
			panic(plainErrorf("sync: negative WaitGroup counter"))
		}
		return nil
	}
	vis["(*sync.WaitGroup).Add"] = &visibleFn{kind: "waitgroup add", exec: func(c *NativeCall) Value {
		return wgAdd(c, toInt(c.args[1]))
	}}
	vis["(*sync.WaitGroup).Done"] = &visibleFn{kind: "waitgroup done", exec: func(c *NativeCall) Value {
		return wgAdd(c, -1)
	}}
	// Wait returns when the counter is zero. A goroutine waiting since
	// before the counter last came down to zero has been released by the
	// runtime even if the counter has changed since (a WaitGroup reused,
	// a negative counter): it then panics, as Go's Wait does. Nothing
	// orders its arrival in Wait, though: it may also have arrived after
	// the change, and wait for the next zero.
	//
	// So the arrival is part of the WaitGroup's history: the step whose
	// local code brings a goroutine into Wait writes the WaitGroup's
	// zero (wgAccess), as the decrement that brings the counter to zero
	// does: which of the two comes first decides whether the waiter is
	// released by that zero or waits for the next. (At zero or below it
	// writes the WaitGroup itself: see wgAccess.) Without it,
	// partial-order reduction took that step as independent of the
	// Dones and slept a Done across it: a Done that then brought the
	// counter to zero released no waiter where it should have
	// (explorer/testdata/wgorder/arrival lost its "reused" panic). A
	// write, not a read: a Done that commutes with the others reads the
	// WaitGroup, and the arrival would then never be put before it
	// (explorer/testdata/orders/twodones). Other counter changes commute
	// with the arrival: with the counter above zero it only registers a
	// waiter (Go's Wait adds itself to the WaitGroup's state), which
	// none of them releases.
	wgWait := &visibleFn{
		kind: "waitgroup wait", waitReason: "sync.WaitGroup.Wait",
		ready: func(s *State, g *Goroutine, args []Value) int {
			w := s.wg(args[0].(*Value))
			switch {
			case w.n == 0:
				return 1
			case w.zeroes > g.waitSince:
				return 2
			}
			return 0
		},
		pend: func(s *State, g *Goroutine, args []Value) {
			if p, _ := args[0].(*Value); p != nil {
				w := s.wg(p)
				g.waitSince = w.zeroes
				if w.n <= 0 {
					s.localWrites = append(s.localWrites, s.wgObj(p, ""))
				} else {
					s.localWrites = append(s.localWrites, s.wgObj(p, " zero"))
				}
			}
		},
	}
	wgWait.exec = func(c *NativeCall) Value {
		p := recv(c)
		w := c.s.wg(p)
		c.obj = objName("waitgroup", c.s.objID(p))
		// Wait conflicts with the counter changes, which are reads when
		// they commute with each other (wgReads): Wait is the write.
		if w.n != 0 {
			if c.choice == 1 {
				c.detail = fmt.Sprintf("counter %d: waits for the next zero", w.n)
				c.g.waitSince = w.zeroes
				c.g.pending = &nativeOp{vf: wgWait, fn: c.fn, args: c.args, dst: c.dst, pos: c.pos}
				return nil
			}
			c.s.acquire(c.g, p)
			panic(plainErrorf("sync: WaitGroup is reused before previous Wait has returned"))
		}
		c.s.acquire(c.g, p)
		return nil
	}
	vis["(*sync.WaitGroup).Wait"] = wgWait
	vis["(*sync.WaitGroup).Go"] = &visibleFn{kind: "waitgroup go", exec: func(c *NativeCall) Value {
		wgAdd(c, 1)
		p := recv(c)
		f := c.args[1].(*Closure)
		ng := c.s.newGoroutine(c.g, c.pos)
		ng.start(&startOp{fn: f.Fn, env: f.Env})
		ng.exitWG = p
		return nil
	}}

	vis["(*sync.Once).Do"] = &visibleFn{
		kind: "once", waitReason: "sync.Once.Do",
		ready: func(s *State, g *Goroutine, args []Value) int {
			o := s.sync.onces[args[0].(*Value)]
			return one(o == nil || o.running == 0)
		},
		exec: func(c *NativeCall) Value {
			p := recv(c)
			c.obj = objName("once", c.s.objID(p))
			o := c.s.sync.onces[p]
			if o == nil {
				o = &onceState{}
				c.s.sync.onces[p] = o
			}
			if o.done {
				c.readOnly = true
				c.detail = "already done"
				c.s.acquire(c.g, p)
				return nil
			}
			f := c.args[1].(*Closure)
			if f == nil {
				panic(nilDeref())
			}
			o.running = c.g.ID
			if f.Fn == nil || f.Fn.Blocks == nil {
				c.s.callback(c.g, f.Fn, f.Env, nil)
				c.s.onceFinished(c.g, p)
				return nil
			}
			fr := c.s.pushFrame(c.g, f.Fn, f.Env, nil, dstDiscard, c.pos)
			fr.onceDone = p
			return nil
		},
	}

	vis["(*sync.Cond).Wait"] = &visibleFn{
		kind: "cond wait",
		exec: func(c *NativeCall) Value {
			p := recv(c)
			c.obj = objName("cond", c.s.objID(p))
			l := condLocker(c, p)
			lp, m := lockerMutex(c.s, l)
			if !m.locked && m.readers == 0 {
				panic(&fatalError{msg: "sync: unlock of unlocked mutex"})
			}
			if m.readers > 0 {
				m.readers--
				c.s.release(c.g, readersKey{lp})
			} else {
				m.locked = false
				c.s.release(c.g, lp)
			}
			c.writes = []string{objName("mutex", c.s.objID(lp))}
			cs := c.s.cond(p)
			cs.waiters = append(cs.waiters, c.g.ID)
			c.g.pending = &condWakeOp{cond: p, lock: lp, rlock: isRLocker(l), pos: c.pos}
			c.s.peekOp(c.g.pending) // number its objects now (see callNative)
			return nil
		},
		// The wait's first step registers with the cond and releases
		// the lock: its peek says so, as its step does (without it the
		// pending wait was never checked against earlier steps).
		peek: func(s *State, args []Value) []string {
			p, ok := args[0].(*Value)
			if !ok || p == nil {
				return nil
			}
			st, ok := (*p).(Struct)
			if !ok {
				return nil
			}
			l, ok := st[fieldIndex(s.it.lookupType("sync", "Cond"), "L")].(Iface)
			if !ok {
				return []string{objName("cond", s.objID(p))}
			}
			lp, ok := l.V.(*Value)
			if !ok || lp == nil {
				return []string{objName("cond", s.objID(p))}
			}
			return []string{objName("cond", s.objID(p)), objName("mutex", s.objID(lp))}
		},
	}
	vis["(*sync.Cond).Signal"] = &visibleFn{kind: "cond signal", exec: func(c *NativeCall) Value {
		p := recv(c)
		c.obj = objName("cond", c.s.objID(p))
		cs := c.s.cond(p)
		c.s.release(c.g, p)
		if len(cs.waiters) > 0 {
			c.detail = fmt.Sprintf("wakes goroutine %d", cs.waiters[0])
			cs.waiters = cs.waiters[1:]
		} else {
			c.detail = "no waiter"
		}
		return nil
	}}
	vis["(*sync.Cond).Broadcast"] = &visibleFn{kind: "cond broadcast", exec: func(c *NativeCall) Value {
		p := recv(c)
		c.obj = objName("cond", c.s.objID(p))
		cs := c.s.cond(p)
		c.s.release(c.g, p)
		c.detail = fmt.Sprintf("wakes %d", len(cs.waiters))
		cs.waiters = nil
		return nil
	}}
	nat["sync.NewCond"] = func(c *NativeCall) Value {
		t := c.Lookup("sync", "Cond")
		p := new(Value)
		*p = Zero(t)
		st := (*p).(Struct)
		st[fieldIndex(t, "L")] = c.args[0]
		return p
	}
	nat["sync.runtime_notifyListCheck"] = func(*NativeCall) Value { return nil }
	nat["sync.init"] = func(*NativeCall) Value { return nil }
}

func fieldIndex(t types.Type, name string) int {
	st := t.Underlying().(*types.Struct)
	for i := 0; i < st.NumFields(); i++ {
		if st.Field(i).Name() == name {
			return i
		}
	}
	panic(internalErrorf("no field %s in %s", name, t))
}

func (s *State) cond(p *Value) *condState {
	cs := s.sync.conds[p]
	if cs == nil {
		cs = &condState{}
		s.sync.conds[p] = cs
	}
	return cs
}

func condLocker(c *NativeCall, p *Value) Iface {
	t := c.Lookup("sync", "Cond")
	return (*p).(Struct)[fieldIndex(t, "L")].(Iface)
}

func isRLocker(l Iface) bool {
	pt, ok := l.T.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := pt.Elem().(*types.Named)
	return ok && n.Obj().Name() == "rlocker" && n.Obj().Pkg().Path() == "sync"
}

// lockerMutex returns the model mutex behind a sync.Locker: a *Mutex,
// *RWMutex or RWMutex.RLocker(). Other Lockers are not modelled.
func lockerMutex(s *State, l Iface) (*Value, *mutexState) {
	if pt, ok := l.T.(*types.Pointer); ok {
		if n, ok := pt.Elem().(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" {
			switch n.Obj().Name() {
			case "Mutex", "RWMutex", "rlocker":
				p := l.V.(*Value)
				return p, s.mutex(p)
			}
		}
	}
	panic(unsupportedf("sync.Cond with a Locker of type %s (only *sync.Mutex and *sync.RWMutex are modelled)", l.T))
}

// wgReads reports whether g's Add of delta to WaitGroup p (a Done is
// -1), about to run, only reads p itself for partial-order reduction: an
// increment, or a covered decrement (wgCovered). What else orders it
// against other steps is in wgAccess. The event of the change (wgAdd)
// and the peek at it (State.PeekReads, PeekMore) must agree.
func (s *State) wgReads(g *Goroutine, p *Value, delta int) bool {
	return delta >= 0 || s.wgCovered(g, p, -delta)
}

// wgAccess returns the objects beyond p itself that g's Add of delta to
// WaitGroup p, about to run, reads and writes, for partial-order
// reduction. A WaitGroup has two such objects besides itself:
//
//   - its units ("waitgroup N units"), which increments write and the
//     decrements that only read p read while a goroutine waits in
//     p.Wait. Increments commute with one another; an increment and a
//     covered decrement commute when nobody waits (the decrement finds
//     the counter above zero in both orders); with a waiter, the
//     decrement could bring the counter to zero, and release the
//     waiter, before the increment but not after it. A decrement that
//     writes p is ordered against increments through p.
//   - its zero ("waitgroup N zero"), which a decrement that takes the
//     counter to zero or below writes, and so does the step whose local
//     code brings a goroutine into Wait while the counter is above zero
//     (the arrival, see wgWait): a waiter that arrived before the
//     counter came down to zero was released by it even if the counter
//     goes up again before the Wait returns (the "reused" panic), one
//     that arrived after waits for the next zero. Other counter changes
//     commute with such an arrival: no zero passes between them.
//
// An arrival at zero or below writes p itself: which of the decrements
// before it brought the counter to zero depends on their order, and the
// one that did could as well have come after the arrival, releasing it
// (explorer/testdata/wgorder/arrivezero: two covered Dones commute, and
// the arrival that followed the second was not ordered against the
// first, which would then have brought the counter to zero under it).
func (s *State) wgAccess(g *Goroutine, p *Value, delta int) (reads, writes []string) {
	if delta > 0 {
		return nil, []string{s.wgObj(p, " units")}
	}
	if delta == 0 {
		return nil, nil
	}
	if s.wgReads(g, p, delta) && s.wgWaiters(g, p) {
		reads = []string{s.wgObj(p, " units")}
	}
	if s.wg(p).n <= -delta {
		writes = []string{s.wgObj(p, " zero")}
	}
	return reads, writes
}

// wgObj names WaitGroup p's object with the suffix ("", " units" or
// " zero"; "": the WaitGroup). The names of the first objects are
// computed once (peeks ask for them at every state).
func (s *State) wgObj(p *Value, suffix string) string {
	id := s.objID(p)
	if names := wgObjNames[suffix]; id < len(names) {
		return names[id]
	}
	return objName("waitgroup", id) + suffix
}

// wgObjNames holds the names wgObj gives the first objects (read only).
var wgObjNames = func() map[string][]string {
	m := make(map[string][]string)
	for _, suffix := range []string{"", " units", " zero"} {
		ns := make([]string, 256)
		for i := range ns {
			ns[i] = objName("waitgroup", i) + suffix
		}
		m[suffix] = ns
	}
	return m
}()

// wgCovered reports whether g's decrement by k of WaitGroup p, about to
// run, is covered: g owns k of p's units (wgState.units), which it added
// itself or its parent handed it when it started (handOver), so the
// increments that added them happen before g's steps by program order
// and go statements alone, and only g's own decrements or one that is
// not covered take them. So no order of the steps that keeps program
// order, go statements and the order of the steps that are not covered
// takes the counter below zero at a covered decrement: covered
// decrements commute with one another, and with the increments they do
// not happen after (put before such an increment, a covered decrement
// still finds one of its units, so the counter stays above zero), and
// whether a decrement is covered does not change when they are
// reordered. The usual fan-out (Add then go, in a loop, each goroutine
// ending in Done) then needs one order of its Adds and Dones, not all of
// them (testdata/scale/scatter). A decrement that is not covered writes
// p: the counter may cover it only thanks to an increment that could
// come after it (go then Add: explorer/testdata/orders/addaftergo), or
// to a unit of another goroutine's.
func (s *State) wgCovered(g *Goroutine, p *Value, k int) bool {
	return s.wg(p).owned(g.ID) >= k
}

// wgWaiters reports whether a goroutine other than g waits in p.Wait.
func (s *State) wgWaiters(g *Goroutine, p *Value) bool {
	for _, h := range s.gs {
		if h == g || h.done {
			continue
		}
		if op, ok := h.pending.(*nativeOp); ok && op.vf.kind == "waitgroup wait" && len(op.args) > 0 && op.args[0] == Value(p) {
			return true
		}
	}
	return false
}

// onceFinished marks the Once at p done after g ran its function (to
// completion or by unwinding).
func (s *State) onceFinished(g *Goroutine, p *Value) {
	o := s.sync.onces[p]
	o.done, o.running = true, 0
	s.release(g, p)
}

// condWakeOp is a goroutine in Cond.Wait: it continues once signalled
// and the lock is free, which it then takes.
type condWakeOp struct {
	cond  *Value
	lock  *Value
	rlock bool
	pos   token.Pos
}

func (op *condWakeOp) signalled(s *State, g *Goroutine) bool {
	for _, id := range s.cond(op.cond).waiters {
		if id == g.ID {
			return false
		}
	}
	return true
}

func (op *condWakeOp) ready(s *State, g *Goroutine) int {
	if !op.signalled(s, g) {
		return 0
	}
	m := s.mutex(op.lock)
	if op.rlock {
		return one(!m.locked)
	}
	return one(!m.locked && m.readers == 0)
}

func (op *condWakeOp) exec(s *State, g *Goroutine, _ int) Event {
	m := s.mutex(op.lock)
	if op.rlock {
		m.readers++
	} else {
		m.locked, m.owner = true, g.ID
		s.acquire(g, readersKey{op.lock})
	}
	s.acquire(g, op.lock)
	s.acquire(g, op.cond)
	return Event{Kind: "cond wake", Pos: op.pos, Obj: objName("mutex", s.objID(op.lock)), Write: true}
}

// readersKey names the clock RUnlock releases and Lock acquires.
type readersKey struct{ p *Value }
