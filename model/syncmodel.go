package model

import (
	"fmt"
	"go/token"
	"go/types"
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
}

// add adds delta to the counter.
func (w *wgState) add(delta int) {
	w.n += delta
	if w.n == 0 && delta != 0 {
		w.zeroes++
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
		w.add(delta)
		c.s.release(c.g, p)
		c.obj = objName("waitgroup", c.s.objID(p))
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
	// local code brings a goroutine into Wait writes the WaitGroup (with
	// the counter above zero it registers a waiter, as Go's Wait adds
	// itself to the WaitGroup's state; at zero, which Done brought the
	// counter there first decides whether it is released by it or not).
	// Without it, partial-order reduction took that step as independent
	// of the Dones and slept a Done across it: a Done that then brought
	// the counter to zero released no waiter where it should have
	// (explorer/testdata/wgorder/arrival lost its "reused" panic). Not a
	// read at a zero counter: a Done that commutes with the others is a
	// read itself (commutingWG), and the arrival would then never be put
	// before it (explorer/testdata/orders/twodones).
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
				g.waitSince = s.wg(p).zeroes
				s.localWrites = append(s.localWrites, objName("waitgroup", s.objID(p)))
			}
		},
	}
	wgWait.exec = func(c *NativeCall) Value {
		p := recv(c)
		w := c.s.wg(p)
		c.obj = objName("waitgroup", c.s.objID(p))
		// Wait conflicts with the counter changes, which are reads when
		// they commute with each other (commutingWG): Wait is the write.
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
// -1), about to run, only reads p for partial-order reduction: a
// decrement that commutes with the others pending (commutingWG). An
// increment is a write: the Dones it must commute with need not be
// pending yet (a goroutine started before its Add prints, then calls
// Done: explorer/testdata/orders/addaftergo), and a Done run after it
// would count on it. The event of the change (wgAdd) and the peek at it
// (State.PeekReads) must agree.
func (s *State) wgReads(g *Goroutine, p *Value, delta int) bool {
	return delta <= 0 && s.commutingWG(g, p, delta)
}

// commutingWG reports whether g's Add of delta to WaitGroup p (a Done
// is -1), about to run, commutes with the other counter changes pending
// on p: the counter covers every pending decrement, this one included,
// so that in any order none makes it negative (which panics in whichever
// goroutine comes last); and, if a goroutine waits in p.Wait, none brings
// it to zero either (which releases the waiter). Such changes lead to
// the same state in any order: the counter, the joined clocks, and the
// zeroes it passes, which only matter to goroutines waiting (see
// wgState). So partial-order reduction may treat them as reads of the
// WaitGroup, and WaitGroup.Wait as its write: with N workers each ending
// in Done, one order of the Dones is explored instead of all of them.
// Only decrements are asked (wgAdd): an increment is always a write.
func (s *State) commutingWG(g *Goroutine, p *Value, delta int) bool {
	need := max(-delta, 0)
	waiters := false
	for _, h := range s.gs {
		if h == g || h.done {
			continue
		}
		op, ok := h.pending.(*nativeOp)
		if !ok || len(op.args) == 0 || op.args[0] != Value(p) {
			continue
		}
		switch op.vf.kind {
		case "waitgroup wait":
			waiters = true
		case "waitgroup done":
			need++
		case "waitgroup add":
			if len(op.args) > 1 {
				if d := toInt(op.args[1]); d < 0 {
					need -= d
				}
			}
		}
	}
	if waiters {
		return s.wg(p).n > need
	}
	return s.wg(p).n >= need
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
