package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"time"
)

// Time is virtual. The clock starts at a fixed instant and moves only
// when a timer fires (to that timer's deadline). Timers fire in deadline
// order among themselves, but at any point relative to the goroutines: a
// firing is a transition of its own that the scheduler may take whenever
// it is the earliest pending timer.

// epoch is the virtual wall-clock instant at which every execution starts.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()

type timerState struct {
	id       int
	when     int64 // deadline, virtual ns
	period   int64 // ticker period, 0 for one-shot timers
	ch       *Chan // channel to send the time on (nil for AfterFunc)
	fn       *Closure
	active   bool
	pos      token.Pos
	creator  int
	fired    int
	timerPtr *Value
	vc       vclock // creator's clock when the timer was started
	sleeper  int    // the goroutine sleeping on this timer (time.Sleep), or 0
	// dead: the program can no longer see the timer (collectTimers);
	// the next timer started takes its place, number and channel.
	dead bool
}

// timerReady returns the timer that may fire next, or nil.
func (s *State) nextTimer() *timerState {
	var best *timerState
	for _, t := range s.timers {
		if !t.active {
			continue
		}
		if t.ch != nil && t.period > 0 && len(t.ch.buf) >= t.ch.cap {
			continue // a ticker whose last tick was not received: the tick would be dropped
		}
		if best == nil || t.when < best.when {
			best = t
		}
	}
	return best
}

// fireTimer fires t: the clock moves to its deadline; a channel timer
// sends the time (dropped if the buffer is full), an AfterFunc timer
// starts its function in a new goroutine.
func (s *State) fireTimer(t *timerState) Event {
	if t.when > s.now {
		s.now = t.when
	}
	t.fired++
	ev := Event{Kind: "timer fire", Pos: t.pos, Obj: timerObj(t), Write: true, Detail: fmt.Sprintf("timer %d at %s", t.id, time.Duration(s.now))}
	ev.Writes = append(ev.Writes, clockObj)
	// Its turn came because the tickers due before it had their last
	// tick still unreceived (nextTimer): a receive from one of those
	// would have let that ticker fire first (timeorders/tickgap).
	for _, u := range s.timers {
		if u != t && u.active && u.ch != nil && u.period > 0 && u.when <= t.when && len(u.ch.buf) >= u.ch.cap {
			ev.Reads = append(ev.Reads, chanObj(u.ch))
		}
	}
	if t.period > 0 {
		t.when += t.period
	} else {
		t.active = false
	}
	if t.sleeper != 0 {
		ev.Partner = t.sleeper
		return ev
	}
	if t.ch != nil {
		ev.Writes = append(ev.Writes, chanObj(t.ch))
		if len(t.ch.buf) < t.ch.cap {
			if s.race != nil {
				t.ch.slotClock(t.ch.sent%t.ch.cap, false).join(t.vc)
			}
			t.ch.sent++
			t.ch.buf = append(t.ch.buf, s.timeValue(s.now))
			t.ch.bufPos = append(t.ch.bufPos, t.pos)
		}
		return ev
	}
	ng := s.newGoroutine(nil, t.pos)
	ng.Parent = t.creator
	ng.start(&startOp{fn: t.fn.Fn, env: t.fn.Env})
	if s.race != nil {
		ng.vc.join(t.vc)
	}
	ev.Created = []int{ng.ID}
	return ev
}

func (s *State) timeValue(ns int64) Value {
	return Struct{uint64(0), epoch + ns, (*Value)(nil)}
}

// newTimer starts a timer, in the place of a dead one when there is one
// of the same kind (with a channel or without; chanTimer passes the
// channel of the one it takes).
func (s *State) newTimer(c *NativeCall, d int64, ch *Chan, fn *Closure, period int64) *timerState {
	if d < 0 {
		d = 0
	}
	t := &timerState{when: s.now + d, period: period, ch: ch, fn: fn, active: true, pos: c.pos, creator: c.g.ID}
	if s.race != nil {
		t.vc = c.g.vc.clone()
		c.g.vc.tick(c.g.ID)
	}
	if i := s.deadTimer(ch != nil); i >= 0 {
		t.id = s.timers[i].id
		s.timers[i] = t
	} else {
		s.objs++
		t.id = s.objs
		s.timers = append(s.timers, t)
	}
	// The timers are "goroutine 0": starting one happens before it fires.
	s.spawned = append(s.spawned, 0)
	return t
}

func (s *State) timerOf(p *Value) *timerState {
	for _, t := range s.timers {
		if t.timerPtr == p {
			return t
		}
	}
	return nil
}

func timeNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	vis["time.Sleep"] = &visibleFn{kind: "sleep", exec: func(c *NativeCall) Value {
		d := c.args[0].(int64)
		c.detail = durationString(d)
		if d <= 0 {
			return nil // a yield
		}
		// The goroutine waits for a timer of its own: sleepers wake in
		// deadline order among timers, at any point relative to the
		// goroutines that can run.
		t := c.s.newTimer(c, d, nil, nil, 0)
		t.sleeper = c.g.ID
		c.obj = timerObj(t)
		c.g.pending = &sleepOp{t: t, pos: c.pos}
		return nil
	}}
	nat["(time.Duration).String"] = func(c *NativeCall) Value { return durationString(c.args[0].(int64)) }
	durF := map[string]func(time.Duration) float64{
		"Seconds": time.Duration.Seconds, "Minutes": time.Duration.Minutes, "Hours": time.Duration.Hours,
	}
	for n, f := range durF {
		nat["(time.Duration)."+n] = func(c *NativeCall) Value { return f(time.Duration(c.args[0].(int64))) }
	}
	nat["(time.Duration).Milliseconds"] = func(c *NativeCall) Value { return c.args[0].(int64) / 1e6 }
	nat["(time.Duration).Microseconds"] = func(c *NativeCall) Value { return c.args[0].(int64) / 1e3 }
	nat["(time.Duration).Nanoseconds"] = func(c *NativeCall) Value { return c.args[0].(int64) }

	chanTimer := func(c *NativeCall, d int64, period int64) (*Chan, *timerState) {
		c.dropResult()
		c.s.collectTimers(c)
		var ch *Chan
		if i := c.s.deadTimer(true); i >= 0 {
			// The dead timer's channel, emptied when it died: the same
			// number, and the same place in the buffered channels.
			ch = c.s.timers[i].ch
		} else {
			tt := c.Lookup("time", "Time")
			ch = c.s.makeChan(tt, 1, c.s.it.mayClose(tt))
		}
		ch.Pos, ch.timer = c.pos, true
		return ch, c.s.newTimer(c, d, ch, nil, period)
	}
	timerStruct := func(c *NativeCall, typ string, ch *Chan, t *timerState) Value {
		tt := c.Lookup("time", typ)
		p := new(Value)
		st := Zero(tt).(Struct)
		if ch != nil {
			st[0] = ch
		}
		*p = st
		t.timerPtr = p
		return p
	}
	vis["time.After"] = &visibleFn{kind: "timer start", exec: func(c *NativeCall) Value {
		ch, _ := chanTimer(c, c.args[0].(int64), 0)
		c.obj = chanObj(ch)
		return ch
	}}
	vis["time.Tick"] = &visibleFn{kind: "ticker start", exec: func(c *NativeCall) Value {
		d := c.args[0].(int64)
		if d <= 0 {
			return (*Chan)(nil)
		}
		ch, _ := chanTimer(c, d, d)
		c.obj = chanObj(ch)
		return ch
	}}
	vis["time.NewTimer"] = &visibleFn{kind: "timer start", exec: func(c *NativeCall) Value {
		ch, t := chanTimer(c, c.args[0].(int64), 0)
		c.obj = chanObj(ch)
		return timerStruct(c, "Timer", ch, t)
	}}
	vis["time.NewTicker"] = &visibleFn{kind: "ticker start", exec: func(c *NativeCall) Value {
		d := c.args[0].(int64)
		if d <= 0 {
			panic(&goPanic{val: Iface{T: types.Typ[types.String], V: "non-positive interval for NewTicker"}})
		}
		ch, t := chanTimer(c, d, d)
		c.obj = chanObj(ch)
		return timerStruct(c, "Ticker", ch, t)
	}}
	vis["time.AfterFunc"] = &visibleFn{kind: "timer start", exec: func(c *NativeCall) Value {
		c.dropResult()
		c.s.collectTimers(c)
		f := c.args[1].(*Closure)
		t := c.s.newTimer(c, c.args[0].(int64), nil, f, 0)
		c.obj = timerObj(t)
		return timerStruct(c, "Timer", nil, t)
	}}
	stop := func(c *NativeCall) Value {
		t := c.s.timerOf(recv(c))
		if t == nil {
			return false
		}
		c.obj = timerObj(t)
		was := t.active
		t.active = false
		if t.ch != nil {
			t.ch.buf, t.ch.bufPos = t.ch.buf[:0], t.ch.bufPos[:0] // Go 1.23+: no stale value after Stop
			c.writes = append(c.writes, chanObj(t.ch))
		}
		return was
	}
	// Stop and Reset change the timer and empty its channel (a receive
	// after them waits for the next firing: the random programs of
	// TestRandomProgramsReduction with timers, seed 77).
	peekTimer := func(s *State, args []Value) []string {
		p, _ := args[0].(*Value)
		t := s.timerOf(p)
		if t == nil {
			return nil
		}
		if t.ch == nil {
			return []string{timerObj(t)}
		}
		return []string{timerObj(t), chanObj(t.ch)}
	}
	vis["(*time.Timer).Stop"] = &visibleFn{kind: "timer stop", exec: stop, peek: peekTimer}
	vis["(*time.Ticker).Stop"] = &visibleFn{kind: "ticker stop", exec: func(c *NativeCall) Value { stop(c); return nil }, peek: peekTimer}
	reset := func(c *NativeCall) Value {
		t := c.s.timerOf(recv(c))
		if t == nil {
			return false
		}
		c.obj = timerObj(t)
		was := t.active
		d := c.args[1].(int64)
		t.active = true
		t.when = c.s.now + d
		if t.period > 0 {
			t.period = d
		}
		if t.ch != nil {
			t.ch.buf, t.ch.bufPos = t.ch.buf[:0], t.ch.bufPos[:0]
			c.writes = append(c.writes, chanObj(t.ch))
		}
		return was
	}
	vis["(*time.Timer).Reset"] = &visibleFn{kind: "timer reset", exec: reset, peek: peekTimer}
	vis["(*time.Ticker).Reset"] = &visibleFn{kind: "ticker reset", exec: func(c *NativeCall) Value { reset(c); return nil }, peek: peekTimer}

	// Starting a timer reads the clock too: its deadline counts from
	// now, so a start and another timer's firing do not commute (the
	// firing first gives a later deadline: timeorders/afterloop, where a
	// timeout's start after a sleeper's wake-up puts the end at 35 ms).
	for _, name := range []string{"time.Sleep", "time.After", "time.Tick", "time.NewTimer", "time.NewTicker", "time.AfterFunc", "(*time.Timer).Reset", "(*time.Ticker).Reset"} {
		vf := vis[name]
		exec, peek := vf.exec, vf.peek
		vf.exec = func(c *NativeCall) Value {
			v := exec(c)
			c.reads = append(c.reads, clockObj)
			return v
		}
		vf.peek = func(s *State, args []Value) []string {
			if peek == nil {
				return clockObjs
			}
			return append(slices.Clip(peek(s, args)), clockObj)
		}
	}

	// Reading the clock is an operation of its own, on the clock, which
	// a timer's firing moves: without it the reduction took a read and an
	// earlier firing as independent and never read the later time
	// (explorer/testdata/timeorders/afterloop).
	clockRead := func(name string, f func(c *NativeCall) Value) {
		vis[name] = &visibleFn{kind: "clock read", exec: func(c *NativeCall) Value {
			c.s.checkClockRead(name)
			c.obj, c.readOnly = clockObj, true
			return f(c)
		}, peek: func(*State, []Value) []string { return clockObjs }}
	}
	ns := func(v Value) int64 { return v.(Struct)[1].(int64) }
	clockRead("time.Now", func(c *NativeCall) Value { return c.s.timeValue(c.s.now) })
	clockRead("time.Since", func(c *NativeCall) Value { return epoch + c.s.now - ns(c.args[0]) })
	clockRead("time.Until", func(c *NativeCall) Value { return ns(c.args[0]) - epoch - c.s.now })
	nat["(time.Time).Sub"] = func(c *NativeCall) Value { return ns(c.args[0]) - ns(c.args[1]) }
	nat["(time.Time).Add"] = func(c *NativeCall) Value {
		return Struct{uint64(0), ns(c.args[0]) + c.args[1].(int64), (*Value)(nil)}
	}
	nat["(time.Time).Before"] = func(c *NativeCall) Value { return ns(c.args[0]) < ns(c.args[1]) }
	nat["(time.Time).After"] = func(c *NativeCall) Value { return ns(c.args[0]) > ns(c.args[1]) }
	nat["(time.Time).Equal"] = func(c *NativeCall) Value { return ns(c.args[0]) == ns(c.args[1]) }
	nat["(time.Time).Compare"] = func(c *NativeCall) Value {
		a, b := ns(c.args[0]), ns(c.args[1])
		switch {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	nat["(time.Time).IsZero"] = func(c *NativeCall) Value { return ns(c.args[0]) == 0 }
	nat["(time.Time).UnixNano"] = func(c *NativeCall) Value { return ns(c.args[0]) }
	nat["(time.Time).UnixMilli"] = func(c *NativeCall) Value { return ns(c.args[0]) / 1e6 }
	nat["(time.Time).Unix"] = func(c *NativeCall) Value { return ns(c.args[0]) / 1e9 }
	nat["(time.Time).String"] = func(c *NativeCall) Value { return time.Unix(0, ns(c.args[0])).UTC().String() }
	nat["time.Unix"] = func(c *NativeCall) Value {
		return Struct{uint64(0), c.args[0].(int64)*1e9 + c.args[1].(int64), (*Value)(nil)}
	}
	nat["time.init"] = func(c *NativeCall) Value { return nil }
}

func timerObj(t *timerState) string { return objName("timer", t.id) }

// clockObj is the virtual clock as an object of the reduction: timer
// firings move it, time.Now, Since and Until read it.
const clockObj = "clock"

var clockObjs = []string{clockObj}

// sleepOp is a goroutine in time.Sleep: it can go on once its timer fired.
type sleepOp struct {
	t   *timerState
	pos token.Pos
}

func (op *sleepOp) ready(*State, *Goroutine) int { return one(op.t.fired > 0) }

func (op *sleepOp) exec(s *State, g *Goroutine, _ int) Event {
	s.killTimer(op.t) // no one else knows a sleeper's timer
	return Event{Kind: "wake", Pos: op.pos, Obj: timerObj(op.t)}
}

// Dead timers. A program that starts a timer in a loop (a select with
// a time.After case, a time.Sleep) would otherwise never come back to a
// state it was in: every timer gets a new number, and the timers it can
// no longer see stay in the state. In Go (1.23 and later) a timer the
// program no longer refers to is collected, and its firing, running or
// not, is seen by no one. So a timer the program cannot reach any more
// dies: it stops, and the next timer started takes its place and
// number, and its channel, emptied. The loop's states then repeat, and
// state caching closes the cycle.
//
// A sleeper's timer dies when the sleeper wakes. A timer with a
// channel or a function is looked for by a traversal of what the
// program can reach (State.reachable), which runs when a timer with a
// channel or an AfterFunc is started while some other such timer is
// alive: it is dead if neither its channel nor its time.Timer or
// time.Ticker is met, and it has no function still to run.
//
// For the reduction, taking a dead timer's place is a step on that
// timer and its channel, as any start is; a start also reads the clock,
// which the dead timer's firing, the only thing it could still have
// done, writes: the two stay ordered both ways.

// dropResult empties the register the call's result goes to before the
// traversal of collectTimers: it holds a stale value (the timer of the
// loop's last round), which a copy of the state parked at the call does
// not keep (pendingDst).
func (c *NativeCall) dropResult() {
	if n := len(c.g.frames); n > 0 && c.dst >= 0 {
		c.g.frames[n-1].regs[c.dst] = nil
	}
}

// killTimer makes t dead.
func (s *State) killTimer(t *timerState) {
	*t = timerState{id: t.id, ch: t.ch, dead: true}
	if c := t.ch; c != nil {
		*c = Chan{ID: c.ID, Elem: c.Elem, cap: c.cap, closable: c.closable, Pos: c.Pos, timer: true, names: c.names}
	}
}

// deadTimer returns the index of the first dead timer with a channel
// (withChan) or without, or -1.
func (s *State) deadTimer(withChan bool) int {
	for i, t := range s.timers {
		if t.dead && (t.ch != nil) == withChan {
			return i
		}
	}
	return -1
}

// collectTimers kills the timers with a channel or a function that the
// program can no longer reach, when the goroutine of c, about to start a
// timer at c's position, has one from there still alive: a loop's last
// round's (the traversal costs as much as a fingerprint, and sixteen
// goroutines that start one timeout each would run it fifteen times an
// execution for nothing).
func (s *State) collectTimers(c *NativeCall) {
	again := false
	for _, t := range s.timers {
		if !t.dead && t.sleeper == 0 && t.creator == c.g.ID && t.pos == c.pos {
			again = true
			break
		}
	}
	if !again {
		return
	}
	h := NewHasher()
	if !s.reachable(h) {
		return
	}
	for _, t := range s.timers {
		if t.dead || t.sleeper != 0 || t.active && t.fn != nil {
			continue
		}
		if t.ch != nil && h.reach[t.ch] {
			continue
		}
		if _, ok := h.ptrs[t.timerPtr]; ok && t.timerPtr != nil {
			continue
		}
		s.killTimer(t)
	}
}
