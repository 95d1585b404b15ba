package explorer

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cmcheck/cmcheck/model"
)

// Dynamic partial-order reduction (Flanagan and Godefroid, POPL 2005) with
// source sets (Abdulla, Aronis, Jonsson and Sagonas, POPL 2014) and sleep
// sets (Godefroid 1996).
//
// Two steps are dependent when they are taken by the same goroutine, when
// one starts or completes a rendezvous with the other's goroutine, when
// one ends the program (main returning), when both are timer firings
// (timers fire in deadline order and move the clock), or when they touch a
// common object (channel, mutex, WaitGroup, Once, Cond, atomic cell, timer)
// and at least one of them changes it (an RLock only reads its RWMutex:
// read locks commute, while Lock, Unlock, RUnlock and failing TryLocks
// change it). A select observes all its channels:
// it is dependent on any change to any of them, which covers the
// select's choice of case as well as the default case.
//
// A channel with a buffer of two slots or more is several objects
// (model's split): its closed flag (the channel's own name: a close
// changes it; every send, every select case and every receive that
// finds the buffer empty reads it, but not a receive of a value, which
// commutes with close), its tail
// (every send changes it), its head (every receive of a value), and its
// slots: the k-th send and the k-th receive change slot k mod cap. So
// sends are ordered among themselves, receives too, and a send and a
// receive conflict only when the receive takes that send's value or
// frees the slot it fills; with values between them in the buffer they
// commute. A send's number, and so its slot, is the same in every
// equivalent order (sends never commute with one another), so the
// objects a step touches do not depend on which equivalent order ran.
// A receive that finds the channel closed and empty reads its head; a
// select case not taken reads the flag, the end it would move and the
// slot it would use; len reads the head and the tail. A channel of one
// slot, or none, stays one object that every operation changes
// (pipeline P=3 M=2 W=2 B=2: 27,717 executions before, 14,541 after;
// ring N=10 T=5: 429 and 153). Two losses the randomised test found on
// the way: a select that takes one case must read the other cases on the
// same channel, which decided its ways (seed 6152); and a receive of a
// value read the closed flag, so a close after it was ordered after it,
// and a receive that followed the close in its goroutine could never be
// put before the first one (seed 6152 again).
//
// The virtual clock is an object too (model's clockObj): a firing
// changes it; time.Now, Since and Until read it, and so does the start
// or reset of a timer (its deadline counts from now). A firing also
// reads the channels of the tickers due before it whose last tick is
// still unreceived, since that is why its turn came. A firing's sleep
// key names its timer (model.AltTimer): which timer fires next changes
// with the state. All timers are one pseudo-goroutine (0) here, whose
// clock over-approximates what happens before a firing: firings are
// explored wherever they are possible, and after a step that starts a
// timer (which joins that clock) every goroutine that could move instead
// is too (clockStep; testdata/timeorders/tickgap lost 23 of its 165
// outputs without it).
//
// A WaitGroup is three objects (model's wgAccess). The WaitGroup itself:
// increments and covered decrements only read it; Wait writes it, and so
// does a decrement that is not covered. A decrement is covered when its
// goroutine owns units of the counter (added by itself, or handed over
// by its parent's go statement: model's wgCovered), as each worker of the
// usual Add-then-go fan-out does; covered decrements can take the counter
// below zero in no order, so they commute with one another and with the
// increments. Its units: increments write them, and covered decrements
// read them while a goroutine waits in Wait (a decrement could then
// release the waiter before an increment but not after it). Its zero:
// the decrement that takes the counter to zero or below writes it, and so
// does the step whose local code brings a goroutine into Wait (model's
// wgWait), since which comes first decides whether the waiter is
// released by that zero; an arrival at zero writes the WaitGroup itself
// (which of the covered Dones before it brought the counter to zero
// depends on their order). A Wait is never reordered before a Done that
// commuted (waitsBehind). The step whose goroutine ends in
// WaitGroup.Go's Done touches these objects after its operation, as a
// Done would: what a step touches after its operation is checked against
// earlier steps as an operation of its goroutine would be
// (backtrackLate).
//
// Whether a WaitGroup change is covered, and whether it brings the
// counter to zero, depend on the state: a transition stays asleep across
// a step only if it commutes with it with what it would touch both in
// the state the step is taken in and in the state after it
// (refreshSleep).
//
// At every new state, for the next operation of every goroutine, the last
// earlier step that conflicts with it and does not happen before it gets
// a goroutine added to its backtrack set that can start the reversed
// order (addSource), so that the reverse order is explored too.
//
// Some conflicts order two steps without being races to reverse (model's
// PeekOrdered): a plain send or receive on a split channel never comes
// before the step that last changed its slot (the send whose value the
// receive takes; the receive that freed the room the send fills), and a
// receive that will find the channel closed and empty never comes before
// the close. The scan for such an operation meets, on that object, only
// the steps that read it without changing it and those that failed
// (addOrdered: a select case not taken that saw the slot full or empty, a
// second close, a send on a closed channel are races still; the
// randomised test's seed 3994 lost a race between a send on a closed
// channel and a second close without the last); a summary entry for it is
// marked sumOrdered, and dropped above a step that changed the object and
// happens before the operation. Their peeks say what they
// will do: a receive from a closed, empty channel only reads it (workers
// leaving their range loops do not race with one another), and a receive
// that finds a value does not read the closed flag. Scanning those objects
// reversed orders that could not be reversed, and every execution that
// tried ended with its transitions asleep: testdata/scale/pool (12 workers
// ranging over a channel of 4 slots) ran 17,898 executions in 8 s, 17,892
// of them cut so, before.

func objects(e model.Event) (writes, reads []string) {
	if e.Obj != "" {
		if e.Write {
			writes = append(writes, e.Obj)
		} else {
			reads = append(reads, e.Obj)
		}
	}
	return append(writes, e.Writes...), append(reads, e.Reads...)
}

func dependent(a, b model.Event) bool {
	if a.G == b.G || a.Global || b.Global {
		return true
	}
	if a.G == 0 && b.G == 0 {
		return true
	}
	if (a.Partner != 0 && a.Partner == b.G) || (b.Partner != 0 && b.Partner == a.G) {
		return true
	}
	for _, c := range a.Created {
		if c == b.G {
			return true
		}
	}
	for _, c := range b.Created {
		if c == a.G {
			return true
		}
	}
	return conflicting(&a, &b) || conflicting(&b, &a)
}

// conflicting reports whether a changes an object b touches (without
// building objects' lists: dependent runs for every sleeping transition
// at every step).
func conflicting(a, b *model.Event) bool {
	if a.Obj != "" && a.Write && touches(b, a.Obj) {
		return true
	}
	for _, o := range a.Writes {
		if touches(b, o) {
			return true
		}
	}
	return false
}

// touches reports whether e reads or changes object o.
func touches(e *model.Event, o string) bool {
	return (e.Obj != "" && e.Obj == o) || slices.Contains(e.Writes, o) || slices.Contains(e.Reads, o)
}

// vclock maps a goroutine number to 1 + the depth of its latest step known
// to happen before (0: none).
type vclock []int

func (c vclock) get(g int) int {
	if g < len(c) {
		return c[g]
	}
	return 0
}

func (c vclock) join(d vclock) vclock {
	for len(c) < len(d) {
		c = append(c, 0)
	}
	for i, v := range d {
		if v > c[i] {
			c[i] = v
		}
	}
	return c
}

// joined returns the join of a and b without changing either: b itself
// when it covers a (clocks are shared, never changed once computed).
func joined(a, b vclock) vclock {
	if a.leq(b) {
		return b
	}
	return append(vclock(nil), a...).join(b)
}

// leq reports whether every component of c is at most d's.
func (c vclock) leq(d vclock) bool {
	for i, v := range c {
		if v > d.get(i) {
			return false
		}
	}
	return true
}

func (c vclock) set(g, v int) vclock {
	for len(c) <= g {
		c = append(c, 0)
	}
	c[g] = v
	return c
}

// access is an object a step touched, interned to a small integer.
type access struct {
	obj   int32
	write bool
}

// intern returns the number of object name o, allocating one if needed.
// With several workers the numbers come from the search's shared table
// (they are stored in the shared state cache's summaries), each worker
// keeping the ones it has seen.
func (x *explorer) intern(o string) int32 {
	if id, ok := x.objIDs[o]; ok {
		return id
	}
	if x.objIDs == nil {
		x.objIDs = make(map[string]int32)
	}
	var id int32
	if sh := x.shared; sh != nil {
		id = sh.intern(o)
	} else {
		id = int32(len(x.objIDs))
	}
	x.objIDs[o] = id
	return id
}

// accesses returns the interned objects an event touches.
func (x *explorer) accesses(e model.Event) []access {
	w, r := objects(e)
	acc := make([]access, 0, len(w)+len(r))
	for _, o := range w {
		acc = append(acc, access{x.intern(o), true})
	}
	for _, o := range r {
		acc = append(acc, access{x.intern(o), false})
	}
	return acc
}

// procClocks holds, for one execution, each goroutine's clock (the steps
// that happen before its next step) and each object's clocks: the last
// step that wrote it and the reads since, plus the steps that touched it
// (for the backtracking search).
type procClocks struct {
	m          dense[vclock] // by goroutine
	write      dense[vclock] // by object number (explorer.intern)
	read       dense[vclock]
	steps      dense[[]int]
	wsteps     dense[[]int] // the steps that wrote each object
	timerSteps []int
	timerClock vclock
}

func newProcClocks() *procClocks { return &procClocks{} }

// reset empties p for a new execution, keeping its tables' memory.
func (p *procClocks) reset() {
	clear(p.m)
	clear(p.write)
	clear(p.read)
	for o, l := range p.steps {
		p.steps[o] = l[:0]
	}
	for o, l := range p.wsteps {
		p.wsteps[o] = l[:0]
	}
	p.timerSteps = p.timerSteps[:0]
	p.timerClock = nil
}

func (p *procClocks) get(g int) vclock { return p.m.at(g) }

// dense is a table indexed by small non-negative numbers (goroutines,
// objects as explorer.intern numbers them), growing as needed; absent
// entries are zero.
type dense[T any] []T

func (t dense[T]) at(i int) T {
	if i < len(t) {
		return t[i]
	}
	var zero T
	return zero
}

func (t *dense[T]) set(i int, v T) {
	if i >= len(*t) {
		*t = append(*t, make([]T, i+1-len(*t))...)
	}
	(*t)[i] = v
}

// stepClock returns a new clock: what happens before a step of
// goroutine p touching acc (its own position not yet set): p's clock,
// the write clocks of the objects, the read clocks of those it writes,
// and the timers' clock for a firing (stepSources names the same).
func (pc *procClocks) stepClock(p int, acc []access) vclock {
	c := append(vclock(nil), pc.get(p)...)
	for _, a := range acc {
		c = c.join(pc.write.at(int(a.obj)))
		if a.write {
			c = c.join(pc.read.at(int(a.obj)))
		}
	}
	if p == 0 {
		c = c.join(pc.timerClock)
	}
	return c
}

// clockStep computes the happens-before clock of the step at depth i and
// updates the goroutines' and objects' clocks. For a step replayed
// (known, its node's clock computed when it was first run, from the same
// prefix), the clock is the node's. Clocks are never changed in place
// once computed: the tables share them.
func (x *explorer) clockStep(i int, pc *procClocks, known bool) {
	n := x.stack[i]
	e := n.event
	p := n.taken.G
	if n.acc == nil {
		n.acc = x.accesses(e)
	}
	c := n.clock
	if !known || c == nil {
		c = pc.stepClock(p, n.acc).set(p, i+1)
		n.clock = c
	}
	pc.m.set(p, c)
	for _, a := range n.acc {
		o := int(a.obj)
		if a.write {
			pc.write.set(o, c)
			if o < len(pc.read) {
				pc.read[o] = nil
			}
		} else {
			pc.read.set(o, joined(pc.read.at(o), c))
		}
		pc.steps.set(o, append(pc.steps.at(o), i))
		if a.write {
			pc.wsteps.set(o, append(pc.wsteps.at(o), i))
		}
	}
	if p == 0 {
		pc.timerClock = c
		pc.timerSteps = append(pc.timerSteps, i)
	}
	join := func(q int) {
		pc.m.set(q, joined(pc.m.at(q), c))
	}
	if e.Partner != 0 {
		join(e.Partner)
	}
	for _, q := range e.Created {
		join(q)
	}
	// Every alternative of the goroutine's step is explored: a select's
	// cases and a send's receivers are choices of the same goroutine. A
	// rendezvous also completes its partner's operation, which the
	// partner might have completed otherwise (another case of its
	// select): if the partner could move here, it is explored too.
	// The end of main disables everything: all goroutines that could
	// still move are explored before it.
	// Timer firings are explored wherever they are possible: all timers
	// share one pseudo-goroutine, whose clock over-approximates what
	// happens before a firing, so the backtracking search alone can miss
	// a firing that should come earlier.
	// Starting a timer joins the pseudo-goroutine's clock too, so every
	// later firing seems to happen after the start, and the race between
	// the start (which reads the clock) and another timer's firing is
	// never seen: every goroutine that could move instead is explored
	// (timeorders/tickgap).
	startsTimer := slices.Contains(e.Created, 0)
	for i, t := range n.enabled {
		if t.G == p || (e.Partner != 0 && t.G == e.Partner) || e.Global || t.G == 0 || startsTimer {
			n.marks[i] |= markBacktrack
		}
	}
}

// backtrackPending looks, for the next operation of every goroutine (and
// of the timers) in the state at depth i, for the last earlier step it
// conflicts with that does not happen before it, and schedules the
// goroutine to run before that step.
//
// With state caching it also adds the operations it looked at to sum, as
// summary entries.
//
// The scan for an operation is skipped when it would repeat the one made
// at depth i-1 (memo, kept in the node there): the goroutine's operation
// is the same, touching the same objects, and the step at depth i-1 is
// neither the goroutine's nor its partner's, nor one that started it,
// nor one that conflicts with the operation. The scan meets the same
// steps then and adds backtrack points where it did (the step at i-1,
// not conflicting, is no candidate, and added at the end of the steps
// between, it makes no earlier step a non-initial of the reversed
// order). memo, if not nil, receives this state's operations for the
// scans at depth i+1.
func (x *explorer) backtrackPending(s *model.State, i int, pc *procClocks, sum *summary, memo *[]scanMemo) {
	var prev *node
	var prevMemo []scanMemo
	var prevAcc []access
	if i > 0 && i-1 < len(x.stack) {
		prev = x.stack[i-1]
		prevMemo = prev.memo
		prevAcc = prev.acc
		if prevAcc == nil {
			prevAcc = x.accesses(prev.event)
		}
	}
	if memo != nil {
		if n := len(s.Goroutines()) + 1; cap(*memo) < n {
			*memo = make([]scanMemo, 0, n)
		}
		*memo = (*memo)[:0]
	}
	k := 0
	pendingOps(s, func(g int, op pendingOp) {
		var old *scanMemo
		for ; k < len(prevMemo); k++ {
			if m := &prevMemo[k]; m.g == g {
				old = m
				break
			} else if g != 0 && (m.g == 0 || m.g > g) {
				break
			}
		}
		var acc []access
		if old != nil && !op.global && prev.unchangedFor(g, prevAcc, old, op) {
			acc = old.acc
		} else {
			ls := x.candidates(i, op.objs, op.ordered, op.global, g == 0, op.reads, pc)
			n := len(ls)
			for _, o := range op.moreReads {
				if o == op.ordered {
					ls = x.addOrdered(ls, x.intern(o), true, pc)
				} else {
					ls = x.addCandidates(ls, o, true, pc)
				}
			}
			for _, o := range op.moreWrites {
				ls = x.addCandidates(ls, o, false, pc)
			}
			keepLists(ls, n)
			if !op.global {
				acc = x.opAccesses(op)
			}
			x.scanAcc = acc
			x.backtrackFor(i, g, ls, acquisitionOf(op.lock, op.reads), op.waits, op.waitGroup(), pc)
			x.scanAcc = nil
		}
		if memo != nil && !op.global {
			*memo = append(*memo, scanMemo{g: g, op: op, acc: acc})
		}
		if x.cache != nil {
			x.addEntries(sum, g, op, acc)
		}
	})
}

// scanMemo is a goroutine's pending operation at a node, as
// backtrackPending scanned for it, with its objects interned (write: the
// operation changes the object).
type scanMemo struct {
	g   int
	op  pendingOp
	acc []access
}

// opAccesses interns the objects of a pending operation.
func (x *explorer) opAccesses(op pendingOp) []access {
	acc := make([]access, 0, len(op.objs)+len(op.moreReads)+len(op.moreWrites))
	for _, o := range op.objs {
		acc = append(acc, access{x.intern(o), !op.reads})
	}
	for _, o := range op.moreReads {
		acc = append(acc, access{x.intern(o), false})
	}
	for _, o := range op.moreWrites {
		acc = append(acc, access{x.intern(o), true})
	}
	return acc
}

// unchangedFor reports whether the scan for goroutine g's operation op
// after n's step (whose objects are acc) would repeat the scan made for
// it before the step (old): see backtrackPending.
func (n *node) unchangedFor(g int, acc []access, old *scanMemo, op pendingOp) bool {
	e := &n.event
	if n.taken.G == g || e.Partner == g || e.Global || slices.Contains(e.Created, g) || g == 0 && n.taken.G == 0 {
		return false
	}
	if !sameOp(old.op, op) {
		return false
	}
	for _, a := range acc {
		for _, b := range old.acc {
			if a.obj == b.obj && (a.write || b.write) {
				return false
			}
		}
	}
	return true
}

func sameOp(a, b pendingOp) bool {
	return a.global == b.global && a.lock == b.lock && a.waits == b.waits && a.reads == b.reads && a.ordered == b.ordered &&
		slices.Equal(a.objs, b.objs) && slices.Equal(a.moreReads, b.moreReads) && slices.Equal(a.moreWrites, b.moreWrites)
}

// backtrackLate is backtrackPending for what the step at depth i (event
// e) changed or observed after its operation, which the peek before it
// did not show (model.Event.LateWrites, LateReads): its goroutine's
// local code ending in a WaitGroup.Go's Done or arriving in a Wait. They
// conflict with earlier steps as an operation would.
//
// Their clock is not the goroutine's before the step but that of the
// step's operation, which they follow: the goroutine's clock joined with
// the clocks of what the operation touched (as clockStep joins them).
// With the goroutine's clock alone, the search took it as an initial of
// the reversed order though its operation depended on a step in between
// (orders/loadwait: an atomic load that read another goroutine's
// addition, then the arrival in Wait). Summary entries carry the same
// sources as their ancestry.
func (x *explorer) backtrackLate(i int, e *model.Event, pc *procClocks, sum *summary) {
	lateW := e.Writes[len(e.Writes)-int(e.LateWrites):]
	lateR := e.Reads[len(e.Reads)-int(e.LateReads):]
	op := *e
	op.Writes = e.Writes[:len(e.Writes)-int(e.LateWrites)]
	op.Reads = e.Reads[:len(e.Reads)-int(e.LateReads)]
	acc := x.accesses(op)
	g := e.G
	ls := x.candidates(i, lateW, "", false, false, false, pc)
	for _, o := range lateR {
		ls = x.addCandidates(ls, o, true, pc)
	}
	keepLists(ls, 0)
	x.scan(i, g, ls, noLock, false, true, pc.stepClock(g, acc), -1)
	if x.cache == nil {
		return
	}
	srcs := stepSources(nil, g, acc)
	slices.Sort(srcs)
	anc := x.cache.ancs.intern(slices.Compact(srcs), x.cache.shared)
	for _, o := range lateW {
		sum.add(sumEntry{g: int32(g), anc: anc, obj: x.intern(o)})
	}
	for _, o := range lateR {
		sum.add(sumEntry{g: int32(g), anc: anc, obj: x.intern(o), flags: sumReads})
	}
}

// pendingOp is a goroutine's next operation as the backtracking search
// sees it: the objects it touches, whether it affects every goroutine,
// whether it acquires a lock, whether it waits for another step, whether
// it only reads its objects; and the objects beyond them it reads and
// writes (model's PeekMore: a WaitGroup's units and zero).
type pendingOp struct {
	objs                       []string
	global, lock, waits, reads bool
	moreReads, moreWrites      []string
	ordered                    string // an object it touches whose changes are orders, not races (model's PeekOrdered, addOrdered)
}

// waitGroup reports whether the operation touches a WaitGroup. A
// goroutine in Wait released by a zero stays released while the counter
// changes (model's wgWait), which the WaitGroup's objects do not order
// against every later change: addSource keeps Flanagan and Godefroid's
// fallback for such operations (the randomised test's seed 586 lost a
// "reused" panic without it).
func (op pendingOp) waitGroup() bool {
	for _, l := range [][]string{op.objs, op.moreReads, op.moreWrites} {
		for _, o := range l {
			if strings.HasPrefix(o, "waitgroup ") {
				return true
			}
		}
	}
	return false
}

// pendingOps calls f with the next operation of every goroutine that
// touches objects, then of the timers (goroutine 0).
func pendingOps(s *model.State, f func(g int, op pendingOp)) {
	for _, g := range s.Goroutines() {
		objs, global := s.Peek(g)
		if len(objs) == 0 && !global {
			continue
		}
		op := pendingOp{objs: objs, global: global, reads: s.PeekReads(g)}
		op.lock, op.waits = s.PeekWaits(g)
		op.moreReads, op.moreWrites = s.PeekMore(g)
		op.ordered = s.PeekOrdered(g)
		f(g.ID, op)
	}
	if objs := s.PeekTimer(); objs != nil {
		f(0, pendingOp{objs: objs})
	}
}

// candidates returns the lists (ascending) of the steps before depth i
// that touch one of objs (that wrote one, for an operation that only
// reads them), plus every timer firing for the timers; nil for a global
// operation, which conflicts with every step.
func (x *explorer) candidates(i int, objs []string, skip string, global, timers, reads bool, pc *procClocks) []candList {
	if global {
		return nil
	}
	ls := x.scratchLists()
	for _, o := range objs {
		if o == skip {
			ls = x.addOrdered(ls, x.intern(o), reads, pc)
		} else {
			ls = x.addCandidates(ls, o, reads, pc)
		}
	}
	if timers && len(pc.timerSteps) > 0 {
		ls = append(ls, candList{steps: pc.timerSteps, obj: -1})
	}
	x.lists = ls
	return ls
}

// addCandidates adds to ls the list of the steps that touch object o
// (that wrote it, if the operation only reads it). A nil ls (a global
// operation's: every step) stays nil.
func (x *explorer) addCandidates(ls []candList, o string, reads bool, pc *procClocks) []candList {
	if ls == nil {
		return nil
	}
	return x.addObjCandidates(ls, x.intern(o), reads, pc)
}

// addObjCandidates is addCandidates for object number o.
func (x *explorer) addObjCandidates(ls []candList, o int32, reads bool, pc *procClocks) []candList {
	if reads {
		if l := pc.wsteps.at(int(o)); len(l) > 0 {
			ls = append(ls, candList{steps: l, obj: -1})
		}
	} else if l := pc.steps.at(int(o)); len(l) > 0 {
		ls = append(ls, candList{steps: l, obj: o})
	}
	x.lists = ls
	return ls
}

// addOrdered adds to ls the candidates on object o for an operation
// whose pendingOp.ordered it is (reads: the operation only reads it):
// the steps that touched it, but for those that changed it, which are
// orders, not races. A step that wrote it but failed (a second close, a
// send on a closed channel: they panic and change nothing) is a race
// still, and so is one that read it without writing it (a select case not
// taken that saw a slot full or empty).
func (x *explorer) addOrdered(ls []candList, o int32, reads bool, pc *procClocks) []candList {
	all := pc.steps.at(int(o))
	if reads {
		all = pc.wsteps.at(int(o))
	}
	if len(all) == 0 {
		return ls
	}
	l := x.orderedBuf[:0]
	for _, k := range all {
		if n := x.stack[k]; n.event.Failed || !n.writes(o) {
			l = append(l, k)
		}
	}
	x.orderedBuf = l
	if len(l) > 0 {
		ls = append(ls, candList{steps: l, obj: o})
	}
	x.lists = ls
	return ls
}

// candList is a list (ascending) of the steps that may conflict with an
// operation: the steps that touched object obj, or (obj -1) steps that
// all conflict with one another (the writes of an object, the timer
// firings). When the scan meets one of its steps that happens before the
// operation, the earlier ones of the list do too if the step conflicts
// with all of them: in a list of the second kind, or if it wrote obj.
// (A step that only read obj says nothing of the reads before it; nor
// does a step of one list of the others': Flanagan and Godefroid's
// "last" conflicting step is the last that does not happen before.)
//
// A list marked keep is not ended by a conflict with a step of another
// list: the scan goes on to the last step of its own that does not
// happen before the operation. Those are the lists of the objects whether
// an operation touches which depends on the order of steps it commutes
// with (a WaitGroup's units and zero, model's PeekMore). Which Done
// brings a counter to zero, for one, can change when the last
// conflicting step is reversed: in A.D2 (a Done that is not covered)
// then C.D (the Done to zero), C.D conflicts with A.D2 (the WaitGroup)
// and with an earlier arrival in Wait (the zero); reversing the last
// conflict gives C.D then A.D2, where A.D2 brings the counter to zero
// and C.D no longer touches the zero, so that neither execution reverses
// the arrival against the Done to zero (wgorder/zerolast, seed 15280).
// Summary entries (cache.go) are per object already: the scan for each
// stops at the last conflict on its own object.
type candList struct {
	steps []int
	obj   int32
	keep  bool
}

// keepLists marks lists from the n-th on as keep lists.
func keepLists(ls []candList, n int) {
	for k := n; k < len(ls); k++ {
		ls[k].keep = true
	}
}

// scratchLists returns an empty, non-nil list of step lists for
// candidates and backtrackSummary, reusing the explorer's buffer: the
// lists are used by one scan and dropped.
func (x *explorer) scratchLists() []candList {
	if x.lists == nil {
		x.lists = make([]candList, 0, 4)
	}
	return x.lists[:0]
}

// latestFirst iterates over the union of ascending lists, latest first,
// without repeats; nil lists mean every step below i.
type latestFirst struct {
	lists []candList
	pos   []int
	next  int // for the all-steps case
	all   bool
}

// newLatestFirst starts the iteration, keeping its positions in buf's
// array.
func newLatestFirst(i int, lists []candList, buf []int) latestFirst {
	it := latestFirst{lists: lists, all: lists == nil, next: i - 1, pos: buf[:0]}
	for _, l := range lists {
		it.pos = append(it.pos, len(l.steps)-1)
	}
	return it
}

func (it *latestFirst) pop() (int, bool) {
	if it.all {
		if it.next < 0 {
			return 0, false
		}
		it.next--
		return it.next + 1, true
	}
	best := -1
	for k, l := range it.lists {
		if p := it.pos[k]; p >= 0 && l.steps[p] > best {
			best = l.steps[p]
		}
	}
	if best < 0 {
		return 0, false
	}
	for k, l := range it.lists {
		for it.pos[k] >= 0 && l.steps[it.pos[k]] == best {
			it.pos[k]--
		}
	}
	return best, true
}

// closeBelow ends the lists that step j (just popped), which happens
// before the operation, closes (see candList), and reports whether every
// list has ended.
func (it *latestFirst) closeBelow(j int, n *node) bool {
	done := true
	for k, l := range it.lists {
		p := it.pos[k]
		if p < 0 {
			continue
		}
		if p+1 < len(l.steps) && l.steps[p+1] == j && (l.obj < 0 || n.writes(l.obj)) {
			it.pos[k] = -1
			continue
		}
		done = false
	}
	return done
}

// raceAt ends the lists that a conflict with step j (just popped), which
// does not happen before the operation, ends: all but keep lists, and
// those that hold j; it reports whether every list has ended.
func (it *latestFirst) raceAt(j int) bool {
	done := true
	for k, l := range it.lists {
		p := it.pos[k]
		if p < 0 {
			continue
		}
		if !l.keep || p+1 < len(l.steps) && l.steps[p+1] == j {
			it.pos[k] = -1
			continue
		}
		done = false
	}
	return done
}

// writes reports whether n's step wrote object o.
func (n *node) writes(o int32) bool {
	for _, a := range n.acc {
		if a.obj == o && a.write {
			return true
		}
	}
	return false
}

// backtrackFor handles goroutine q (0: the timers) whose next operation
// conflicts with the steps js (latest first). Flanagan and Godefroid
// reverse the last step that is dependent on q's operation and may be
// co-enabled with it. A lock acquisition is never co-enabled with a
// release of the same lock (but for a read lock and another reader's
// release: acquisition.coEnabled), so the search skips releases. When q's
// operation waits for something (a receive, WaitGroup.Wait) and the step
// is one that may have enabled it (a send, a Done), the two may not have
// been co-enabled: the step gets a backtrack point, conservatively, and
// the search goes on to the step before it.
//
// What is added at the step is a goroutine that can start the reversed
// order (see addSource), not necessarily q.
//
// keepFallback keeps Flanagan and Godefroid's fallback for a race whose
// reversed order cannot start (addSource): for WaitGroup operations, and
// for scans whose operation's objects are not at hand (x.scanAcc).
func (x *explorer) backtrackFor(i, q int, lists []candList, lock acquisition, waits, keepFallback bool, pc *procClocks) {
	x.scan(i, q, lists, lock, waits, keepFallback, pc.get(q), -1)
}

// acquisition is what an operation does to a lock, for the scan's rule
// on releases (backtrackFor).
type acquisition uint8

const (
	noLock        acquisition = iota
	takesLock                 // Lock, or a Cond.Wait taking its lock back
	takesReadLock             // RLock
)

func acquisitionOf(lock, reads bool) acquisition {
	switch {
	case !lock:
		return noLock
	case reads:
		return takesReadLock
	}
	return takesLock
}

// coEnabled reports whether the acquisition may have been enabled
// alongside step e, where e releases a lock (if it does not, the rule
// does not apply: true). A lock is not free while anyone holds it, nor
// a read lock while a writer does; but a read lock can be taken while
// another reader holds the lock, so another reader's RUnlock may be
// reordered after it (orders/rlockagain).
func (a acquisition) coEnabled(e model.Event) bool {
	switch {
	case a == noLock || !e.ReleasesLock():
		return true
	case a == takesReadLock:
		return e.Kind == "rwmutex runlock"
	}
	return false
}

// scan is backtrackFor for an operation of goroutine q whose
// happens-before clock is cq. anc, for an operation below a cached state
// (a summary entry), is its ancestry, whose goroutines' steps below the
// state may come before it; -1 otherwise.
func (x *explorer) scan(i, q int, lists []candList, lock acquisition, waits, keepFallback bool, cq vclock, anc int32) {
	it := newLatestFirst(i, lists, x.scanPos)
	x.scanPos = it.pos // scans do not nest: the next one reuses the array
	for {
		j, ok := it.pop()
		if !ok {
			return
		}
		nj := x.stack[j]
		if nj.taken.G == q {
			continue
		}
		if !lock.coEnabled(nj.event) {
			continue
		}
		if waits && waitsBehind(nj.event) {
			continue
		}
		if cq.get(nj.taken.G) >= j+1 {
			if x.opts.Debug != nil {
				fmt.Fprintf(x.opts.Debug, "  at %d: g%d conflicts with step %d but happens after it (clock %v)\n", i, q, j, cq)
			}
			if lists == nil {
				// A global step (the end of the program) conflicts
				// with every step: an earlier one of another
				// goroutine need not happen before it.
				continue
			}
			if it.closeBelow(j, nj) {
				return // j happens before q's next step; so do all earlier conflicts
			}
			continue
		}
		if x.opts.Debug != nil {
			fmt.Fprintf(x.opts.Debug, "  at %d: g%d conflicts with step %d\n", i, q, j)
		}
		x.addSource(j, i, q, keepFallback, cq, anc)
		if waits && nj.event.Enables() {
			continue
		}
		if lists == nil {
			// A global step races with every earlier step of another
			// goroutine that does not happen before it, not only the
			// last: reversing the last one need not bring the others
			// after it with sleep sets (the random programs with
			// timers, seed 149: main's exit and a print of a goroutine
			// three steps before it).
			continue
		}
		if it.raceAt(j) {
			return
		}
	}
}

// addSource adds a backtrack point at step j for the operation of
// goroutine q pending at depth i (clock cq), which conflicts with step j
// and does not happen after it. Flanagan and Godefroid add q if it can
// move at j. That is not enough with sleep sets: q's next step at j may
// be another one, which may need others' steps first, and q may be
// asleep at j; the orders that reverse the race then start with another
// goroutine, which nothing adds. (Three philosophers, where the third
// eats first and the first before the second: missed.) Source sets
// (Abdulla, Aronis, Jonsson and Sagonas, "Optimal dynamic partial order
// reduction", POPL 2014) add instead a goroutine that can start the
// reversed order: an initial of v, the steps after j that do not happen
// after it, followed by q's operation; none if one is already in j's
// backtrack set.
//
// For an operation below a cached state (anc >= 0), v also holds
// steps below the state, not on the stack: the initials among the steps
// on the stack are certain; when there are none, q and the goroutines of
// its ancestry are all added.
//
// A race whose reversed order cannot start at j is not reversed: an
// initial of v is the next step of its goroutine at j (its steps between
// j and i are all in v), and so must be enabled at j if v followed by q's
// operation can run there; if the only initial is q's pending operation,
// no step of v touches its objects (opNeedsNone) and q cannot move at j
// (a philosopher waiting for the fork step j puts back), no order puts it
// before step j. Flanagan and Godefroid add every enabled
// goroutine when q cannot move at j, since their q need not be an
// initial; with initials that fallback only explored orders that every
// enabled transition's sleep set then cut (philo_chan N=8: 6,902
// executions, 6,647 of them cut so, before; 760 after).
func (x *explorer) addSource(j, i, q int, keepFallback bool, cq vclock, anc int32) {
	nj := x.stack[j]
	pj := nj.taken.G
	// seen lists the goroutines with a step in v, firstAt their first.
	seen := x.srcSeen[:0]
	firstAt := func(r int) int {
		for _, h := range seen {
			if h.g == r {
				return h.at
			}
		}
		return -1
	}
	var initials []int
	for k := j + 1; k < i && k < len(x.stack); k++ {
		nk := x.stack[k]
		if nk.clock.get(pj) >= j+1 {
			continue // happens after step j: not in v
		}
		r := nk.taken.G
		if firstAt(r) >= 0 {
			continue
		}
		initial := true
		for _, h := range seen {
			if nk.clock.get(h.g) >= h.at+1 {
				initial = false
				break
			}
		}
		seen = append(seen, firstStep{r, k})
		if initial {
			initials = append(initials, r)
		}
	}
	if firstAt(q) < 0 && anc < 0 {
		initial := true
		for _, h := range seen {
			if cq.get(h.g) >= h.at+1 {
				initial = false
				break
			}
		}
		if initial {
			initials = append(initials, q)
		}
	}
	x.srcSeen = seen[:0]
	if x.opts.Debug != nil {
		fmt.Fprintf(x.opts.Debug, "  addSource at %d for g%d: initials %v\n", j, q, initials)
	}
	for _, r := range initials {
		if nj.hasBacktrack(r) {
			return
		}
	}
	if len(initials) > 0 {
		// q itself when it can start the reversed order (as Flanagan
		// and Godefroid would), else the earliest.
		pick := initials[0]
		if slices.Contains(initials, q) {
			pick = q
		}
		if pick == q && firstAt(q) < 0 && !nj.canMove(q) && !keepFallback && x.opNeedsNone(j, i) {
			// The reversed order would start with q's operation itself,
			// which cannot be taken at j: the race is not reversible
			// (a receive of the value step j sends).
			return
		}
		nj.addBacktrack(pick)
		return
	}
	nj.addBacktrack(q)
	if anc >= 0 {
		for _, r := range x.ancGoroutines(anc) {
			nj.addBacktrack(r)
		}
	}
}

// opNeedsNone reports whether no step of v (the steps after j and before
// i that do not happen after step j) touches an object of the pending
// operation being scanned for (x.scanAcc). Its clock is its goroutine's,
// which leaves out what the operation itself will depend on (the receive
// that frees the room a send needs): without this check a send that v
// would have let through was taken as one that could not move (random
// program seed 7279).
func (x *explorer) opNeedsNone(j, i int) bool {
	if x.scanAcc == nil {
		return false
	}
	pj := x.stack[j].taken.G
	for k := j + 1; k < i && k < len(x.stack); k++ {
		nk := x.stack[k]
		if nk.clock.get(pj) >= j+1 {
			continue
		}
		for _, a := range nk.acc {
			for _, b := range x.scanAcc {
				if a.obj == b.obj {
					return false
				}
			}
		}
	}
	return true
}

// canMove reports whether goroutine q has a transition enabled at n.
func (n *node) canMove(q int) bool {
	for _, t := range n.enabled {
		if t.G == q {
			return true
		}
	}
	return false
}

// firstStep is a goroutine's first step in the steps addSource looks at.
type firstStep struct{ g, at int }

// hasBacktrack reports whether a transition of goroutine r is in n's
// backtrack set (explored or to be).
func (n *node) hasBacktrack(r int) bool {
	for i, t := range n.enabled {
		if n.marks[i]&markBacktrack != 0 && t.G == r {
			return true
		}
	}
	return false
}

// waitsBehind reports whether a waiting operation (WaitGroup.Wait) that
// conflicts with step e can never be reordered before it: e is a Done
// that commuted with the other counter changes (a read, see model's
// wgReads), so the counter stayed above zero until e, and in
// any reordering where a Wait returns before e the counter would reach
// zero with e still to come, and e would then take it below zero. Such an
// execution has a counter change that does not commute (a write of the
// WaitGroup, dependent on e), and the search reorders that one.
// Backtracking the waiter at every Done of a fan-out (Add, go and Done in
// a loop, then Wait) made the search exponential in the goroutines.
func waitsBehind(e model.Event) bool {
	// A step whose local code went on to change other objects after its
	// Done (model.Event.LateWrites: a goroutine arriving in another
	// WaitGroup's Wait) may conflict with the waiting operation through
	// those: it is a race like any other (orders/waitother).
	if e.Failed || e.LateWrites > 0 {
		return false
	}
	if e.Kind == "waitgroup done" {
		return !e.Write
	}
	// A goroutine's end in WaitGroup.Go's Done that commuted, after an
	// operation that touched nothing (the goroutine's start: it ran to
	// its end in one step; wgorder/gofanout). After an operation on
	// other objects (a send, say), the step may conflict with the
	// waiting operation through them (a send on a channel main also
	// sends on: orders/gosendexit).
	return e.LateReads > 0 && e.Obj == "" && len(e.Writes) == 0 && len(e.Reads) == int(e.LateReads)
}

// addBacktrack schedules goroutine q at n, or every enabled goroutine if
// q cannot move there (Flanagan and Godefroid's fallback).
func (n *node) addBacktrack(q int) {
	added := false
	for i, t := range n.enabled {
		if t.G == q {
			n.marks[i] |= markBacktrack
			added = true
		}
	}
	if !added {
		n.markAll(markBacktrack)
	}
}
