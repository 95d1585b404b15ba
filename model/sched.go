package model

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"time"

	"golang.org/x/tools/go/ssa"
)

// An op is a goroutine's next visible operation: the point where it waits
// for the scheduler.
type op interface {
	// ready returns how many different ways the operation can complete
	// now (0: blocked).
	ready(s *State, g *Goroutine) int
	// exec completes the operation taking the k-th way (0 <= k < ready).
	exec(s *State, g *Goroutine, k int) Event
}

// Event describes one step: a visible operation performed by a goroutine.
type Event struct {
	G    int       // goroutine number
	Kind string    // "chan send", "chan recv", "select", "lock", "go start", ...
	Pos  token.Pos // where the operation is in the source
	// Obj identifies the object the operation touches ("chan 3",
	// "mutex 0xc000..."), empty for operations touching nothing shared.
	Obj string
	// Write says whether the operation changes Obj (false for a receive
	// from a closed channel, an RLock, ...).
	Write bool
	// Writes lists further objects the operation changed.
	Writes []string
	// Reads lists further objects whose state the operation observed
	// without changing it (the other channels of a select).
	Reads []string
	// Partner is the goroutine at the other end of a rendezvous, or 0.
	Partner int
	// Created lists the goroutines the step started.
	Created []int
	// Global marks a step that affects every goroutine (the end of main).
	Global bool
	// Failed marks an operation that panicked or hit a fatal error
	// instead of completing (an unlock of an unlocked mutex, a send on a
	// closed channel): it released and delivered nothing.
	Failed bool
	// LateWrites counts the last entries of Writes that the step's local
	// code changed after its operation (State's localWrites): what the
	// goroutine's pending operation before the step (Peek) did not show.
	LateWrites uint8
	// LateReads counts the last entries of Reads that the step's local
	// code observed after its operation (State's localReads).
	LateReads uint8
	// Func is the function a goroutine starts with (for "go start").
	Func *ssa.Function
	// Detail is a human-readable account of the values involved.
	Detail string
}

// Choices returns the number of ways g's next visible operation can be
// taken now; 0 means g is blocked (or has exited).
func (s *State) Choices(g *Goroutine) int {
	if g.done || g.pending == nil || s.done {
		return 0
	}
	return g.pending.ready(s, g)
}

// Step performs g's next visible operation, taking its k-th way, then runs
// g's local code up to its next visible operation.
func (s *State) Step(g *Goroutine, k int) (ev Event) {
	op := g.pending
	g.pending = nil
	s.budget = s.maxInstrs
	s.spawned = s.spawned[:0]
	s.localWrites, s.localReads = s.localWrites[:0], s.localReads[:0]
	func() {
		defer func() {
			if r := recover(); r != nil {
				kind, pos := describeOp(op)
				ev.Kind, ev.Pos = kind, pos
				// The operation did not complete, but it observed the
				// objects it touches (a closed channel, an unlocked
				// mutex): its step conflicts with the other
				// goroutines' operations on them.
				objs, _ := s.peekOp(op)
				if len(objs) > 0 {
					// As the peek said: a WaitGroup increment that
					// commutes with the others only reads it.
					ev.Obj, ev.Write, ev.Writes = objs[0], !s.peekReads(g, op), objs[1:]
					if !ev.Write {
						ev.Writes, ev.Reads = nil, append(slices.Clip(ev.Reads), objs[1:]...)
					}
				}
				if more := bufferedChans(op); more != nil {
					// A send on a closed buffered channel: it read the
					// closed flag, as the peek said (PeekMore). An event
					// must not touch more than the peek before it showed:
					// the order it then imposed would never be reversed
					// (a failed send that wrote the flag ordered itself
					// after a receive that found the channel closed,
					// random program seed 179).
					ev.Reads = append(slices.Clip(ev.Reads), more...)
				}
				if p, delta, ok := wgChange(op); ok && delta < 0 {
					// Below zero: it wrote the WaitGroup's zero too.
					ev.Writes = append(slices.Clip(ev.Writes), s.wgObj(p, " zero"))
				}
				s.recoverGo(g, r)
				if _, crashing := g.pending.(*crashOp); crashing || g.panic != nil {
					ev.Detail = "panics"
					ev.Failed = true
				}
			}
		}()
		ev = op.exec(s, g, k)
	}()
	ev.G = g.ID
	s.run(g, 1)
	s.afterStep(g)
	if len(s.spawned) > 0 {
		ev.Created = append([]int(nil), s.spawned...)
	}
	// A step's local code ends at most one goroutine and brings it to at
	// most one operation: an entry or two.
	if len(s.localWrites) > 0 {
		ev.Writes = append(slices.Clip(ev.Writes), s.localWrites...)
		ev.LateWrites = uint8(len(s.localWrites))
	}
	if len(s.localReads) > 0 {
		ev.Reads = append(slices.Clip(ev.Reads), s.localReads...)
		ev.LateReads = uint8(len(s.localReads))
	}
	if s.done {
		// A step that ends the run (a crash, os.Exit, the end of main)
		// disables every other goroutine: it is dependent on all.
		ev.Global = true
	}
	return ev
}

// Blocked describes why g cannot move: "chan receive", "select",
// "sync.Mutex.Lock", ... ("" if it can).
func (s *State) Blocked(g *Goroutine) (what string, pos token.Pos) {
	if g.done || g.pending == nil {
		return "", token.NoPos
	}
	switch op := g.pending.(type) {
	case *sendOp:
		if op.ch == nil {
			return "chan send (nil chan)", op.pos
		}
		return "chan send", op.pos
	case *recvOp:
		if op.ch == nil {
			return "chan receive (nil chan)", op.pos
		}
		return "chan receive", op.pos
	case *selectOp:
		if len(op.cases) == 0 {
			return "select (no cases)", op.pos
		}
		return "select", op.pos
	case *nativeOp:
		if op.vf.waitReason == "" {
			return op.vf.kind, op.pos
		}
		return op.vf.waitReason, op.pos
	case *condWakeOp:
		return "sync.Cond.Wait", op.pos
	case *subtestWaitOp:
		return "chan receive (t.Run)", op.pos
	case *sleepOp:
		return "sleep", op.pos
	}
	return "runnable", token.NoPos
}

type startOp struct {
	fn      *ssa.Function
	builtin *ssa.Builtin
	env     []Value
	args    []Value
	call    *ssa.CallCommon
	seq     []*ssa.Function
}

func (op *startOp) ready(*State, *Goroutine) int { return 1 }

func (op *startOp) exec(s *State, g *Goroutine, _ int) Event {
	ev := Event{Kind: "go start"}
	if op.fn != nil {
		ev.Pos = op.fn.Pos()
		ev.Func = op.fn
	}
	switch {
	case op.seq != nil:
		s.pushFrame(g, op.fn, op.env, op.args, dstDiscard, token.NoPos)
		for i := len(op.seq) - 1; i >= 0; i-- {
			s.pushFrame(g, op.seq[i], nil, nil, dstDiscard, token.NoPos)
		}
	case op.builtin != nil:
		s.builtin(g, nil, op.builtin, op.call, op.args, dstDiscard, token.NoPos)
		if g.pending == nil {
			s.goroutineDone(g)
		}
	case op.fn.Blocks != nil:
		s.pushFrame(g, op.fn, op.env, op.args, dstDiscard, token.NoPos)
	default:
		// A native function started as a goroutine (go wg.Done()).
		s.invoke(g, op.fn, op.env, op.args, dstDiscard, token.NoPos)
		if g.pending == nil {
			s.goroutineDone(g)
		}
	}
	return ev
}

type exitOp struct{}

func (*exitOp) ready(*State, *Goroutine) int { return 1 }

func (*exitOp) exec(s *State, g *Goroutine, _ int) Event {
	s.done = true
	g.done = true
	return Event{Kind: "exit", Global: true}
}

type resumeOp struct{}

func (*resumeOp) ready(*State, *Goroutine) int { return 1 }

func (*resumeOp) exec(*State, *Goroutine, int) Event { return Event{Kind: "resume"} }

type sendOp struct {
	ch  *Chan
	val Value
	pos token.Pos
}

func (op *sendOp) ready(s *State, g *Goroutine) int {
	c := op.ch
	switch {
	case c == nil:
		return 0
	case c.closed:
		return 1
	case c.cap > 0:
		if len(c.buf) < c.cap {
			return 1
		}
		return 0
	}
	n := 0
	s.waitingReceivers(c, g, func(*Goroutine, int) { n++ })
	return n
}

func (op *sendOp) exec(s *State, g *Goroutine, k int) Event {
	c := op.ch
	ev := Event{Kind: "chan send", Pos: op.pos, Obj: chanObj(c), Write: true}
	s.chanAccess(g, c, false, op.pos)
	if c.closed {
		panic(plainErrorf("send on closed channel"))
	}
	if c.cap > 0 {
		if split(c) {
			ev.Write, ev.Writes = false, sendObjs(c)
		}
		s.chanSend(g, c)
		c.buf = append(c.buf, op.val)
		c.bufPos = append(c.bufPos, op.pos)
		ev.Detail = lenDetail(len(c.buf), c.cap)
		return ev
	}
	p := s.receivers(c, g)[k]
	s.rendezvous(g, p.g)
	ev.Reads = otherChans(p)
	s.completeRecv(p, op.val, true)
	ev.Partner = p.g.ID
	return ev
}

type recvOp struct {
	ch      *Chan
	commaOk bool
	dst     int32
	pos     token.Pos
	elem    types.Type
	used    bool // the program uses the value received (recvUsed)
}

func (op *recvOp) ready(s *State, g *Goroutine) int {
	c := op.ch
	if c == nil {
		return 0
	}
	if len(c.buf) > 0 || c.closed {
		return 1
	}
	return 0 // an unbuffered rendezvous is performed by the sender
}

func (op *recvOp) exec(s *State, g *Goroutine, _ int) Event {
	c := op.ch
	ev := Event{Kind: "chan recv", Pos: op.pos}
	recvAccess(c, &ev)
	v, ok := s.take(g, c, op.elem)
	if ok && op.used {
		c.valueUsed = true
	}
	if !ok {
		ev.Detail = "closed"
	}
	if op.commaOk {
		s.deliver(g, op.dst, Tuple{v, ok})
	} else {
		s.deliver(g, op.dst, v)
	}
	return ev
}

// take receives from a channel that has buffered values or is closed.
func (s *State) take(g *Goroutine, c *Chan, elem types.Type) (Value, bool) {
	if len(c.buf) > 0 {
		s.chanRecv(g, c)
		// Shifted down rather than resliced, so that the backing arrays
		// keep their room for the next sends.
		v := c.buf[0]
		n := copy(c.buf, c.buf[1:])
		c.buf[n] = nil
		c.buf = c.buf[:n]
		c.bufPos = c.bufPos[:copy(c.bufPos, c.bufPos[1:])]
		return v, true
	}
	s.acquireFrom(g, c.closeVC)
	return Zero(elem), false
}

type closeOp struct {
	ch  *Chan
	pos token.Pos
	dst int32
}

func (op *closeOp) ready(*State, *Goroutine) int { return 1 }

func (op *closeOp) exec(s *State, g *Goroutine, _ int) Event {
	c := op.ch
	if c == nil {
		panic(plainErrorf("close of nil channel"))
	}
	ev := Event{Kind: "chan close", Pos: op.pos, Obj: chanObj(c), Write: true}
	s.chanAccess(g, c, true, op.pos)
	if c.closed {
		panic(plainErrorf("close of closed channel"))
	}
	c.closed = true
	s.releaseTo(g, &c.closeVC)
	return ev
}

type selCase struct {
	ch   *Chan
	send bool
	val  Value
	elem types.Type
	pos  token.Pos
	used bool // a receive whose value the program uses (recvUsed)
}

type selectOp struct {
	cases    []selCase
	blocking bool
	dst      int32
	pos      token.Pos
	objs     []string // the channels' names, once peekOp has listed them (no split channel)
	flags    []string // the split channels' names, once bufferedChans has listed them
}

// alts enumerates the ways the select can complete: a case index with a
// partner (for unbuffered rendezvous), or -1 for default.
//
// A non-blocking select may take default even when its only ready cases
// are rendezvous with goroutines parked at the matching operation: in Go
// such a partner may not have reached the operation yet (nothing can
// order its arrival before the select), so "nobody was there" is a
// possible outcome. Cases ready on their own (buffer space or data, a
// closed channel) exclude default, as in Go.
func (op *selectOp) alts(s *State, g *Goroutine, f func(cas int, p partner) bool) {
	local := false
	for i, cs := range op.cases {
		c := cs.ch
		if c == nil {
			continue
		}
		if cs.send {
			if c.closed || (c.cap > 0 && len(c.buf) < c.cap) {
				local = true
				if !f(i, partner{}) {
					return
				}
				continue
			}
			if c.cap == 0 {
				for _, p := range s.receivers(c, g) {
					if !f(i, p) {
						return
					}
				}
			}
			continue
		}
		if len(c.buf) > 0 || c.closed {
			local = true
			if !f(i, partner{}) {
				return
			}
			continue
		}
		if c.cap == 0 && !op.blocking {
			// A non-blocking select takes a receive from a blocked
			// sender itself; a blocking one is completed by the sender.
			for _, p := range s.senders(c, g) {
				if !f(i, p) {
					return
				}
			}
		}
	}
	if !local && !op.blocking {
		f(-1, partner{})
	}
}

func (op *selectOp) ready(s *State, g *Goroutine) int {
	n := 0
	op.alts(s, g, func(int, partner) bool { n++; return true })
	return n
}

func (op *selectOp) exec(s *State, g *Goroutine, k int) Event {
	cas, p := -1, partner{}
	i := 0
	op.alts(s, g, func(c int, q partner) bool {
		if i == k {
			cas, p = c, q
			return false
		}
		i++
		return true
	})
	ev := Event{Kind: "select", Pos: op.pos}
	for i, cs := range op.cases {
		if cs.ch != nil && i != cas && (cas < 0 || cs.ch != op.cases[cas].ch || split(cs.ch)) {
			ev.Reads = appendCaseObjs(ev.Reads, cs.ch, cs.send)
		}
	}
	if cas < 0 {
		ev.Detail = "default"
		s.deliver(g, op.dst, op.result(-1, nil, false))
		return ev
	}
	cs := op.cases[cas]
	c := cs.ch
	ev.Obj = chanObj(c)
	ev.Write = true
	ev.Pos = cs.pos
	if cs.send {
		ev.Detail = caseDetail(cas, true)
		s.chanAccess(g, c, false, cs.pos)
		if c.closed {
			panic(plainErrorf("send on closed channel"))
		}
		if c.cap > 0 {
			if split(c) {
				ev.Write, ev.Writes = false, sendObjs(c)
			}
			s.chanSend(g, c)
			c.buf = append(c.buf, cs.val)
			c.bufPos = append(c.bufPos, cs.pos)
		} else {
			s.rendezvous(g, p.g)
			ev.Reads = append(ev.Reads, otherChans(p)...)
			s.completeRecv(p, cs.val, true)
			ev.Partner = p.g.ID
		}
		s.deliver(g, op.dst, op.result(cas, nil, false))
		return ev
	}
	ev.Detail = caseDetail(cas, false)
	var v Value
	ok := true
	if p.g != nil {
		s.rendezvous(g, p.g)
		ev.Reads = append(ev.Reads, otherChans(p)...)
		v = s.completeSend(p)
		ev.Partner = p.g.ID
	} else {
		recvAccess(c, &ev)
		v, ok = s.take(g, c, cs.elem)
		if ok && cs.used {
			c.valueUsed = true
		}
		if !ok {
			ev.Detail += " (closed)"
		}
	}
	s.deliver(g, op.dst, op.result(cas, v, ok))
	return ev
}

// result builds the select's result tuple: (index, recvOk, r0, r1, ...)
// with one r per receive case.
func (op *selectOp) result(cas int, v Value, ok bool) Tuple {
	t := Tuple{cas, ok}
	for i, cs := range op.cases {
		if cs.send {
			continue
		}
		if i == cas && ok {
			t = append(t, v)
		} else {
			t = append(t, Zero(cs.elem))
		}
	}
	return t
}

// A buffered channel of two slots or more is, for the reduction, more
// objects than itself (dpor.go in explorer has the whole relation). The
// channel itself is its closed flag: a close changes it, and every send
// and select case on it reads it, and every receive that finds the
// buffer empty (a receive of a value commutes with close). Its tail is
// the count of sends, which every send changes; its head the count of
// receives, which every receive changes. And its slots, one per unit of capacity: the k-th
// send writes slot k mod cap, and so does the k-th receive (the one
// that takes that send's value), so a send and a receive conflict when
// the receive takes the send's value or frees the slot the send fills,
// and commute otherwise (a send and a receive with values between them
// in the buffer). Since sends conflict among themselves (the tail) and
// receives too (the head), a send's number, and so its slot, is the
// same in every order of the steps that the reduction takes as
// equivalent. A channel of one slot, or none, stays one object, which
// every operation on it changes: with one slot every send and receive
// would meet in it anyway.

// split reports whether c's operations name its parts (head, tail,
// slots) rather than c.
func split(c *Chan) bool { return c.cap > 1 }

func headObj(c *Chan) string { return c.objNames().head }
func tailObj(c *Chan) string { return c.objNames().tail }

// sendObjs returns what the next send on buffered channel c changes
// (callers only read the list).
func sendObjs(c *Chan) []string {
	n := c.objNames()
	if k := c.sent % c.cap; k < len(n.send) {
		return n.send[k]
	}
	return []string{n.tail, slotName(c, c.sent)}
}

// recvObjs returns what the next receive of a value from buffered
// channel c changes (callers only read the list).
func recvObjs(c *Chan) []string {
	n := c.objNames()
	if k := c.recvd % c.cap; k < len(n.recv) {
		return n.recv[k]
	}
	return []string{n.head, slotName(c, c.recvd)}
}

func slotName(c *Chan, k int) string { return chanObj(c) + " slot " + strconv.Itoa(k%c.cap) }

// drained reports whether channel c is closed with nothing left in it: a
// receive from it can only find it so.
func drained(c *Chan) bool { return c.closed && len(c.buf) == 0 }

// bufNames are the names of a buffered channel's objects, made with the
// channel (peeks name them at every state) and never changed after:
// copies of the channel share them.
type bufNames struct {
	head, tail string
	send, recv [][]string // by slot, up to maxNamedSlots
	drained    []string   // what a receive that finds the channel closed and empty touches: the head
}

// maxNamedSlots bounds the slots whose names a channel keeps.
const maxNamedSlots = 64

func newBufNames(c *Chan) *bufNames {
	o := chanObj(c)
	n := &bufNames{head: o + " head", tail: o + " tail"}
	n.drained = []string{n.head}
	k := min(c.cap, maxNamedSlots)
	n.send, n.recv = make([][]string, k), make([][]string, k)
	for i := range k {
		slot := slotName(c, i)
		n.send[i] = []string{n.tail, slot}
		n.recv[i] = []string{n.head, slot}
	}
	return n
}

func (c *Chan) objNames() *bufNames {
	if c.names == nil {
		c.names = newBufNames(c) // a channel made before names existed
	}
	return c.names
}

// recvAccess records on ev what a receive from c, about to take a
// value or to find c closed and empty, changes and observes: c itself,
// changed only by taking a value, for a channel that is not split; for a
// split one, its head and slot when it takes a value (not the closed
// flag: such a receive commutes with close), else the flag and the head
// (it found the buffer empty, which a receive of a value changes).
func recvAccess(c *Chan, ev *Event) {
	taken := len(c.buf) > 0
	switch {
	case !split(c):
		ev.Obj, ev.Write = chanObj(c), taken
	case taken:
		objs := recvObjs(c)
		ev.Obj, ev.Write, ev.Writes = objs[0], true, objs[1:]
	default:
		ev.Obj, ev.Write = chanObj(c), false
		ev.Reads = append(ev.Reads, headObj(c))
	}
}

// appendCaseObjs appends what a select case on c that was not taken
// observed: whether the case could proceed, which for a buffered channel
// is its closed flag and the next send's slot and the tail (a send case),
// or the next receive's slot and the head (a receive case).
func appendCaseObjs(objs []string, c *Chan, send bool) []string {
	switch {
	case !split(c):
		return append(objs, chanObj(c))
	case send:
		return append(append(objs, chanObj(c)), sendObjs(c)...)
	}
	return append(append(objs, chanObj(c)), recvObjs(c)...)
}

// bufferedChans returns the buffered channels a channel operation op
// reads (their closed flags), or nil.
func bufferedChans(o op) []string {
	switch op := o.(type) {
	case *sendOp:
		if op.ch != nil && split(op.ch) {
			return chanObjs(op.ch)
		}
	case *recvOp:
		// A receive that finds a value takes it whether or not the
		// channel is closed (recvAccess): only one that finds the
		// buffer empty observes the flag.
		if op.ch != nil && split(op.ch) && len(op.ch.buf) == 0 {
			return chanObjs(op.ch)
		}
	case *selectOp:
		if op.flags == nil {
			op.flags = []string{}
			for _, cs := range op.cases {
				if cs.ch != nil && split(cs.ch) {
					op.flags = append(op.flags, chanObj(cs.ch))
				}
			}
		}
		if len(op.flags) > 0 {
			return op.flags
		}
	}
	return nil
}

func chanObj(c *Chan) string {
	if c.ID >= 0 && c.ID < len(chanNames) {
		return chanNames[c.ID]
	}
	return "chan " + strconv.Itoa(c.ID)
}

// chanObjs returns the one-element list of c's name, for peekOp: a
// subslice of chanNames for the first channels (no allocation; callers
// only read it).
func chanObjs(c *Chan) []string {
	if c.ID >= 0 && c.ID < len(chanNames) {
		return chanNames[c.ID : c.ID+1 : c.ID+1]
	}
	return []string{chanObj(c)}
}

// chanNames holds the names of the first channels of an execution
// (computed once: a step on a channel names it).
var chanNames = func() []string {
	ns := make([]string, 256)
	for i := range ns {
		ns[i] = "chan " + strconv.Itoa(i)
	}
	return ns
}()

// caseDetail describes the case a select took ("case 1: send"); the
// names of the first cases are computed once, as chanNames.
func caseDetail(cas int, send bool) string {
	if cas < len(caseNames) {
		if send {
			return caseNames[cas][0]
		}
		return caseNames[cas][1]
	}
	if send {
		return "case " + strconv.Itoa(cas) + ": send"
	}
	return "case " + strconv.Itoa(cas) + ": receive"
}

var caseNames = func() [][2]string {
	ns := make([][2]string, 16)
	for i := range ns {
		ns[i] = [2]string{"case " + strconv.Itoa(i) + ": send", "case " + strconv.Itoa(i) + ": receive"}
	}
	return ns
}()

// lenDetail describes a buffered channel's length after a send
// ("len 1/2"); those of small channels are computed once.
func lenDetail(n, capacity int) string {
	if capacity < len(lenNames) && n <= capacity {
		return lenNames[capacity][n]
	}
	return "len " + strconv.Itoa(n) + "/" + strconv.Itoa(capacity)
}

var lenNames = func() [][]string {
	ns := make([][]string, 17)
	for c := range ns {
		ns[c] = make([]string, c+1)
		for n := range ns[c] {
			ns[c][n] = "len " + strconv.Itoa(n) + "/" + strconv.Itoa(c)
		}
	}
	return ns
}()

// nativeOp is a call of a modelled visible operation (sync.Mutex.Lock,
// WaitGroup.Wait, atomic.AddInt64, time.Sleep, ...).
type nativeOp struct {
	vf   *visibleFn
	fn   *ssa.Function
	env  []Value // the closure's environment, for natives that return closures of themselves
	args []Value
	dst  int32
	pos  token.Pos
}

func (op *nativeOp) ready(s *State, g *Goroutine) int {
	if op.vf.ready == nil {
		return 1
	}
	return op.vf.ready(s, g, op.args)
}

func (op *nativeOp) exec(s *State, g *Goroutine, k int) Event {
	c := &NativeCall{s: s, g: g, fn: op.fn, env: op.env, args: op.args, pos: op.pos, choice: k, dst: op.dst}
	ev := Event{Kind: op.vf.kind, Pos: op.pos, Write: true}
	var caller *frame
	if n := len(g.frames); n > 0 {
		caller = g.frames[n-1]
	}
	v := op.vf.exec(c)
	ev.Obj, ev.Detail, ev.Writes, ev.Reads = c.obj, c.detail, c.writes, c.reads
	if c.readOnly {
		ev.Write = false
	}
	if g.pending == nil && caller != nil {
		s.deliverTo(g, caller, op.dst, v)
	}
	return ev
}

// Transition names one step the scheduler can take: goroutine G taking
// the K-th way of its next operation, or, with G == 0, timer K firing.
type Transition struct{ G, K int }

func (t Transition) String() string {
	if t.G == 0 {
		return fmt.Sprintf("timer%d", t.K)
	}
	if t.K == 0 {
		return fmt.Sprintf("g%d", t.G)
	}
	return fmt.Sprintf("g%d.%d", t.G, t.K)
}

// Enabled appends to buf the transitions possible in s, goroutines in
// creation order, then the timer that fires next, if any.
func (s *State) Enabled(buf []Transition) []Transition {
	if s.done {
		return buf
	}
	for _, g := range s.gs {
		n := s.Choices(g)
		for k := 0; k < n; k++ {
			buf = append(buf, Transition{g.ID, k})
		}
	}
	if t := s.nextTimer(); t != nil && (!s.fairTime || t.when-s.now <= int64(Quantum) || len(buf) == 0) {
		buf = append(buf, Transition{0, t.id})
	}
	return buf
}

// Quantum is the time slice of Go's scheduler: a goroutine is preempted
// after 10 ms (forcePreemptNS in runtime/proc.go). With fair time
// (SetFairTime), virtual time never jumps more than Quantum ahead while
// some goroutine can take a step.
const Quantum = 10 * time.Millisecond

// SetFairTime chooses how timers relate to goroutines that can run. By
// default a timer may fire whenever its goroutine could observe it, even
// while other goroutines could run: their local work between visible
// operations may take any time, as a lookup over the network would (the
// timeout bugs of BUGS.md need this). With fair time, local work takes
// no time and the scheduler is fair: a timer whose deadline is more than
// Quantum away fires only when no goroutine can take a step, so a test
// that gives a goroutine ten seconds to reach a channel operation does
// not fail, and neither is a timeout that only a slow lookup could
// trigger explored.
func (s *State) SetFairTime(on bool) { s.fairTime = on }

// Do takes transition t, which must be enabled.
func (s *State) Do(t Transition) Event {
	if t.G == 0 {
		for _, tm := range s.timers {
			if tm.id == t.K {
				return s.fireTimer(tm)
			}
		}
		panic(internalErrorf("no timer %d", t.K))
	}
	return s.Step(s.gs[t.G-1], t.K)
}

// Goroutine returns goroutine number id.
func (s *State) Goroutine(id int) *Goroutine { return s.gs[id-1] }

// Peek returns the objects g's next operation may touch (taken as
// changed), whether or not it can move now, and whether the operation
// affects every goroutine (the end of main).
func (s *State) Peek(g *Goroutine) (objs []string, global bool) {
	if g.done || g.pending == nil {
		return nil, false
	}
	return s.peekOp(g.pending)
}

// peekOp returns the objects operation op may touch, and whether it
// affects every goroutine.
func (s *State) peekOp(op op) (objs []string, global bool) {
	switch op := op.(type) {
	case *sendOp:
		if op.ch != nil {
			if split(op.ch) {
				return sendObjs(op.ch), false
			}
			return chanObjs(op.ch), false
		}
	case *recvOp:
		if op.ch != nil {
			if split(op.ch) {
				if drained(op.ch) {
					// It will read the head (and the closed flag:
					// PeekMore), as recvAccess records.
					return op.ch.objNames().drained[:1:1], false
				}
				return recvObjs(op.ch), false
			}
			return chanObjs(op.ch), false
		}
	case *closeOp:
		if op.ch != nil {
			return chanObjs(op.ch), false
		}
	case *selectOp:
		if op.objs != nil {
			return op.objs, false
		}
		var objs []string
		buffered := false
		for _, cs := range op.cases {
			switch {
			case cs.ch == nil:
			case !split(cs.ch):
				objs = append(objs, chanObj(cs.ch))
			case cs.send:
				objs, buffered = append(objs, sendObjs(cs.ch)...), true
			default:
				objs, buffered = append(objs, recvObjs(cs.ch)...), true
			}
		}
		if objs == nil {
			objs = []string{}
		}
		if !buffered {
			op.objs = objs // the same at every state
		}
		return objs, false
	case *nativeOp:
		if op.vf.global {
			return nil, true
		}
		if op.vf.peekEnv != nil && len(op.env) > 0 {
			return op.vf.peekEnv(s, op.env), false
		}
		if op.vf.peek != nil && len(op.env) == 0 {
			return op.vf.peek(s, op.args), false
		}
	case *condWakeOp:
		return []string{objName("cond", s.objID(op.cond)), objName("mutex", s.objID(op.lock))}, false
	case *exitOp, *crashOp:
		return nil, true
	case *memAccessOp:
		if op.reads != nil {
			return append([]string{op.obj}, op.reads...), false
		}
		return []string{op.obj}, false
	case *sleepOp:
		return []string{timerObj(op.t)}, false
	}
	return nil, false
}

// PeekTimer returns the objects the timers' next firings touch: those of
// every timer that has not fired, including stopped ones (a Stop is a
// race with the firing it prevents).
func (s *State) PeekTimer() []string {
	var objs []string
	for _, t := range s.timers {
		// A one-shot timer that fired is done, unless a Reset started it
		// again (resetloop's firings were not peeked).
		if t.dead || !t.active && (t.fired > 0 || t.period > 0) {
			continue
		}
		objs = append(objs, timerObj(t))
		if t.ch != nil {
			objs = append(objs, chanObj(t.ch))
		}
	}
	if len(objs) > 0 {
		objs = append(objs, clockObj) // a firing moves the clock
	}
	return objs
}

func objName(kind string, id int) string {
	if names := objNames[kind]; id >= 0 && id < len(names) {
		return names[id]
	}
	return kind + " " + strconv.Itoa(id)
}

// objNames holds the names of the first objects of each kind that
// peekOp names on every peek (computed once: read only).
var objNames = func() map[string][]string {
	m := make(map[string][]string)
	for _, kind := range []string{"mutex", "waitgroup", "once", "cond", "timer", "mem"} {
		ns := make([]string, 256)
		for i := range ns {
			ns[i] = kind + " " + strconv.Itoa(i)
		}
		m[kind] = ns
	}
	return m
}()

// PeekWaits classifies g's next operation for partial-order reduction:
// lock is true for a lock acquisition (Lock, RLock, the re-lock at the end
// of Cond.Wait), which is never enabled together with a release of the
// same lock; waits is true for any operation that may be waiting for
// another goroutine to enable it (a receive, a select, WaitGroup.Wait, a
// lock).
func (s *State) PeekWaits(g *Goroutine) (lock, waits bool) {
	switch op := g.pending.(type) {
	case *nativeOp:
		switch op.vf.kind {
		case "lock", "rwmutex lock", "rwmutex rlock":
			return true, true
		case "waitgroup wait", "once":
			return false, true
		}
	case *condWakeOp:
		return true, true
	case *recvOp, *selectOp, *sendOp, *subtestWaitOp:
		return false, true
	}
	return false, false
}

// PeekReads reports whether g's next operation only reads the objects it
// touches (an RLock: read locks commute with one another; a WaitGroup
// counter increment, or a decrement that takes back units its goroutine
// owns, see wgReads).
func (s *State) PeekReads(g *Goroutine) bool { return s.peekReads(g, g.pending) }

// peekReads is PeekReads for operation o of goroutine g.
func (s *State) peekReads(g *Goroutine, o op) bool {
	if r, ok := o.(*recvOp); ok {
		// A receive from a closed channel with nothing left in it
		// only observes it (recvAccess); nothing can change that
		// (a send on it panics). Workers ending their range loops
		// over a closed channel do not race with one another.
		return r.ch != nil && drained(r.ch)
	}
	op, ok := o.(*nativeOp)
	if !ok {
		return false
	}
	switch op.vf.kind {
	case "rwmutex rlock":
		return true
	case "waitgroup done", "waitgroup add", "waitgroup go":
		if p, delta, ok := wgChange(op); ok {
			return s.wgReads(g, p, delta)
		}
	}
	return false
}

// PeekOrdered returns an object that g's next operation touches (one of
// Peek's or PeekMore's) through which it can never be put before the step
// that last changed it, or "": for a plain send to or receive from a
// channel of two slots or more (but for a send on a closed channel, which
// panics), the buffer slot it fills or empties (last changed by the send
// whose value the receive takes, or by the receive that freed the room the
// send fills); for a receive that will find such a channel closed and
// empty, the closed flag (without the close it would block; the receives
// that emptied the buffer after the close are ordered against it by the
// head). The object orders the two steps but is never a race to reverse
// with a step that changed it: the explorer's scans meet only the steps
// that read it without changing it (a select case not taken) or that
// failed. A select's own cases are not such objects: which case it takes
// depends on them.
func (s *State) PeekOrdered(g *Goroutine) string {
	if g.done {
		return ""
	}
	switch op := g.pending.(type) {
	case *sendOp:
		// A send on a closed channel panics, needing no room: it is
		// ordered against nothing by the slot.
		if op.ch != nil && split(op.ch) && !op.ch.closed {
			return sendObjs(op.ch)[1]
		}
	case *recvOp:
		switch {
		case op.ch == nil || !split(op.ch):
		case drained(op.ch):
			return chanObj(op.ch)
		default:
			return recvObjs(op.ch)[1]
		}
	}
	return ""
}

// PeekMore returns the objects beyond Peek's that g's next operation
// reads and writes: a WaitGroup's units and zero (State.wgAccess).
func (s *State) PeekMore(g *Goroutine) (reads, writes []string) {
	if g.done {
		return nil, nil
	}
	if r := bufferedChans(g.pending); r != nil {
		return r, nil
	}
	p, delta, ok := wgChange(g.pending)
	if !ok {
		return nil, nil
	}
	return s.wgAccess(g, p, delta)
}

// wgChange returns the WaitGroup and the change of the counter of op, if
// it is an Add, a Done or a WaitGroup.Go (whose operation is its Add).
func wgChange(o op) (p *Value, delta int, ok bool) {
	op, isNative := o.(*nativeOp)
	if !isNative || len(op.args) == 0 {
		return nil, 0, false
	}
	switch op.vf.kind {
	case "waitgroup done":
		delta = -1
	case "waitgroup go":
		delta = 1
	case "waitgroup add":
		if len(op.args) < 2 {
			return nil, 0, false
		}
		delta = toInt(op.args[1])
	default:
		return nil, 0, false
	}
	p, _ = op.args[0].(*Value)
	return p, delta, p != nil
}

// ReleasesLock reports whether an event released a lock.
func (e Event) ReleasesLock() bool {
	if e.Failed {
		return false
	}
	switch e.Kind {
	case "unlock", "rwmutex unlock", "rwmutex runlock", "cond wait":
		return true
	}
	return false
}

// Enables reports whether an event may have enabled another goroutine's
// waiting operation on the same object: a send, receive or close, an
// unlock, a WaitGroup Add or Done, a Cond signal, a timer firing.
func (e Event) Enables() bool {
	if e.Failed {
		return false
	}
	switch e.Kind {
	case "chan send", "chan recv", "chan close", "select", "unlock", "rwmutex unlock", "rwmutex runlock",
		"cond wait", "cond signal", "cond broadcast", "waitgroup add", "waitgroup done", "timer fire", "once":
		return true
	}
	return false
}

// describeOp names an operation and its position, for a step that ended
// in a panic before it could describe itself.
func describeOp(op op) (string, token.Pos) {
	switch op := op.(type) {
	case *sendOp:
		return "chan send", op.pos
	case *recvOp:
		return "chan recv", op.pos
	case *closeOp:
		return "chan close", op.pos
	case *selectOp:
		return "select", op.pos
	case *nativeOp:
		return op.vf.kind, op.pos
	case *condWakeOp:
		return "cond wake", op.pos
	case *crashOp:
		if op.crash != nil {
			return "fatal error", op.crash.Pos
		}
		return "panic", op.panic.pos
	case *memAccessOp:
		if op.write {
			return "write", op.pos
		}
		return "read", op.pos
	case *startOp:
		if op.fn != nil {
			return "go start", op.fn.Pos()
		}
		return "go start", token.NoPos
	}
	return "step", token.NoPos
}

// ending reports whether g's next operation ends the program: a crash or
// os.Exit.
func (s *State) ending(g *Goroutine) bool {
	switch op := g.pending.(type) {
	case *crashOp:
		return true
	case *nativeOp:
		return op.vf.global
	}
	return false
}

// CanMove reports whether g's next operation could be taken, even if the
// run has ended (for the final status of goroutines in a trace).
func (s *State) CanMove(g *Goroutine) bool {
	return !g.done && g.pending != nil && g.pending.ready(s, g) > 0
}

// AltKey describes what taking transition t would do, in terms that do
// not depend on how the alternatives are numbered in this state: a
// select's case and partner, an unbuffered send's receiver. Two states
// may number a goroutine's alternatives differently (a select case
// becomes ready); sleep sets compare transitions by AltKey.
func (s *State) AltKey(t Transition) Alt {
	if t.G == 0 {
		// Which timer fires: the next one changes as timers start, stop,
		// reset and as tickers' channels fill and empty, so a sleeping
		// firing is one timer's, not whichever comes next.
		return Alt{Kind: AltTimer, Case: int32(t.K)}
	}
	g := s.gs[t.G-1]
	switch op := g.pending.(type) {
	case *selectOp:
		i, key := 0, Alt{}
		op.alts(s, g, func(cas int, p partner) bool {
			if i == t.K {
				key = Alt{Kind: AltSelect, Case: int32(cas), PartnerCase: int32(p.cas)}
				if p.g != nil {
					key.Partner = int32(p.g.ID)
				}
				return false
			}
			i++
			return true
		})
		return key
	case *nativeOp:
		if t.K > 0 {
			return Alt{Kind: AltChoice, Case: int32(t.K)}
		}
	case *sendOp:
		if op.ch != nil && op.ch.cap == 0 && !op.ch.closed {
			if ps := s.receivers(op.ch, g); t.K < len(ps) {
				return Alt{Kind: AltSend, Partner: int32(ps[t.K].g.ID), PartnerCase: int32(ps[t.K].cas)}
			}
		}
	}
	return Alt{}
}

// Alt describes what taking a transition does (State.AltKey): which
// select case, native choice or receiver, and the partner goroutine of a
// rendezvous. It is comparable.
type Alt struct {
	Kind        AltKind
	Case        int32 // the select case, or the native choice
	Partner     int32 // the goroutine met (0: none)
	PartnerCase int32 // its select case
}

// AltKind tells what an Alt describes.
type AltKind uint8

const (
	AltNone   AltKind = iota // the goroutine's only way to go on
	AltSelect                // a select case (with a partner)
	AltChoice                // a native operation's choice
	AltSend                  // an unbuffered send to a waiting receiver
	AltTimer                 // a timer's firing (Case: the timer)
	AltUnknown
)
