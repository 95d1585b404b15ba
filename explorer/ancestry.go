package explorer

import (
	"slices"

	"github.com/cmcheck/cmcheck/model"
)

// Exact clocks for summary entries.
//
// A summary entry stands for an operation that some goroutine has pending
// at a state below a cached state R. To add the backtrack points it calls
// for on a new path to R, the search needs the operation's
// happens-before clock on that path. That clock is a join of clocks the
// search has at R: the goroutines' clocks, the objects' last-write and
// read clocks, and the timers' clock, chosen by the steps between R and
// the operation (the operation's goroutine's clock where it was pending,
// pulled back through each step: a step by goroutine p touching objects
// O replaces "p's clock" by "p's clock before it, the write clocks of O,
// and the read clocks of the objects it wrote"; and so on for what it
// writes, reads, starts and meets). That set of sources is the entry's
// ancestry: with it the clock is exact, so the search can apply
// Flanagan and Godefroid's rule as it does for the operations it runs:
// reverse the last conflicting step that does not happen before the
// operation, and stop. Without it (a lower bound: the goroutine's own
// clock) the search had to reverse every conflicting step, and most of
// the executions those reversals started ended with every transition
// asleep (philo_chan N=6: 7,008 of 12,367; ring N=10 T=5: 5,839 of 9,242).
//
// The same pull-back also shows where the rule stops on the steps below
// R: an entry whose scan would stop at a step between R and its
// operation (the step that it conflicts with and that is the last one not
// happening before it, or one that happens before it) had its backtrack
// point added when that part was explored, and is dropped from the
// summaries above that step.

// source is one clock of a state: kind<<32 | id.
type source uint64

const (
	srcG source = iota << 32 // a goroutine's clock (id: the goroutine)
	srcW                     // an object's last-write clock (id: the interned object)
	srcR                     // an object's read clock
	srcT                     // the timers' clock
)

func (s source) kind() source { return s &^ (1<<32 - 1) }
func (s source) id() int32    { return int32(uint32(s)) }

// ancTable interns ancestries (sorted sets of sources) to numbers; it
// belongs to the state cache, so that the workers sharing a cache share
// it.
type ancTable struct {
	mu   spinLock
	sets setTable[source]
}

func (t *ancTable) intern(set []source, shared bool) int32 {
	h := uint64(len(set))
	for _, s := range set {
		h = model.Mix64(h ^ uint64(s))
	}
	if shared {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	if id, ok := t.sets.find(set, h); ok {
		return id
	}
	return t.sets.add(slices.Clone(set), h)
}

func (t *ancTable) get(id int32, shared bool) []source {
	if shared {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
	return t.sets.sets[id]
}

// selfAnc returns the ancestry of an operation goroutine g has pending
// at the state itself: g's clock. It is asked for every pending
// operation at every state a summary is made at; with several workers
// the table is behind a lock that both then take all the time, so each
// worker keeps the numbers it got (a set's number never changes).
func (x *explorer) selfAnc(g int) int32 {
	if !x.cache.shared {
		return x.cache.ancs.intern([]source{srcG | source(uint32(g))}, false)
	}
	x.ancMemoFor(x.cache)
	if g >= 0 && g < len(x.selfAncs) && x.selfAncs[g] != 0 {
		return x.selfAncs[g] - 1
	}
	id := x.cache.ancs.intern([]source{srcG | source(uint32(g))}, true)
	if g >= 0 {
		for len(x.selfAncs) <= g {
			x.selfAncs = append(x.selfAncs, 0)
		}
		x.selfAncs[g] = id + 1
	}
	return id
}

// ancSet returns the sources of ancestry id. With several workers, each
// keeps the sets it has looked up, as selfAnc keeps numbers: a set never
// changes once interned.
func (x *explorer) ancSet(id int32) []source {
	if !x.cache.shared {
		return x.cache.ancs.get(id, false)
	}
	x.ancMemoFor(x.cache)
	if int(id) < len(x.ancSets) && x.ancSets[id] != nil {
		return x.ancSets[id]
	}
	set := x.cache.ancs.get(id, true)
	for len(x.ancSets) <= int(id) {
		x.ancSets = append(x.ancSets, nil)
	}
	x.ancSets[id] = set
	return set
}

// ancMemoFor empties the worker's memos of ancestries when they belong
// to another table than c's.
func (x *explorer) ancMemoFor(c *stateCache) {
	if x.ancMemoOf != c {
		x.ancMemoOf, x.selfAncs, x.ancSets = c, nil, nil
	}
}

// ancClock returns the clock an ancestry stands for at the current
// point of the execution, valid until the next call.
func (x *explorer) ancClock(id int32, pc *procClocks) vclock {
	c := x.ancBuf[:0]
	for _, s := range x.ancSet(id) {
		switch s.kind() {
		case srcG:
			c = c.join(pc.get(int(s.id())))
		case srcW:
			c = c.join(pc.write.at(int(s.id())))
		case srcR:
			c = c.join(pc.read.at(int(s.id())))
		case srcT:
			c = c.join(pc.timerClock)
		}
	}
	x.ancBuf = c[:0]
	return c
}

// ancGoroutines returns the goroutines whose clocks are in the ancestry
// (a non-nil slice).
func (x *explorer) ancGoroutines(id int32) []int {
	gs := []int{}
	for _, s := range x.ancSet(id) {
		if s.kind() == srcG {
			gs = append(gs, int(s.id()))
		}
	}
	return gs
}

// lift pulls the ancestry id (at the state after parent's step) back to
// the state before it. hb reports whether the step happens before the
// operation (some source the step changed is in the ancestry).
func (x *explorer) lift(parent *node, id int32) (int32, bool) {
	for _, l := range parent.lifts {
		if l.from == id {
			return l.anc, l.hb
		}
	}
	anc, hb := x.liftOnce(parent, id)
	parent.lifts = append(parent.lifts, lifted{id, anc, hb})
	return anc, hb
}

// lifted is an ancestry (from) pulled back through a node's step (anc).
// A node has few: a slice searched in order costs less than a map.
type lifted struct {
	from, anc int32
	hb        bool
}

// stepSources appends to buf the sources of the clock of a step of
// goroutine p touching acc, as clockStep joins them (stepClock): p's
// clock, the objects' write clocks, the read clocks of those it writes,
// and the timers' clock for a firing.
func stepSources(buf []source, p int, acc []access) []source {
	buf = append(buf, srcG|source(uint32(p)))
	for _, a := range acc {
		buf = append(buf, srcW|source(uint32(a.obj)))
		if a.write {
			buf = append(buf, srcR|source(uint32(a.obj)))
		}
	}
	if p == 0 {
		buf = append(buf, srcT)
	}
	return buf
}

func (x *explorer) liftOnce(parent *node, id int32) (lifted int32, hb bool) {
	p := parent.taken.G
	e := &parent.event
	if parent.acc == nil {
		parent.acc = x.accesses(*e)
	}
	acc := parent.acc
	set := x.ancSet(id)
	// The sources kept stay in set's order (sorted); the step's sources,
	// added once if any source leads to the step, are merged in after.
	kept := x.liftBuf[:0]
	dropped := false // a read clock the step reset
	for _, s := range set {
		switch s.kind() {
		case srcG:
			g := int(s.id())
			switch {
			case g == p || slices.Contains(e.Created, g):
				hb = true
			case e.Partner != 0 && g == e.Partner:
				kept, hb = append(kept, s), true
			default:
				kept = append(kept, s)
			}
		case srcW:
			written := false
			for _, a := range acc {
				if a.obj == s.id() && a.write {
					written = true
				}
			}
			if written {
				hb = true
			} else {
				kept = append(kept, s)
			}
		case srcR:
			// The read clock as clockStep leaves it: a write resets it
			// to nothing, a read joins the step's clock.
			keep, joined := true, false
			for _, a := range acc {
				if a.obj != s.id() {
					continue
				}
				if a.write {
					keep, joined = false, false
				} else {
					joined = true
				}
			}
			if keep {
				kept = append(kept, s)
			} else {
				dropped = true
			}
			hb = hb || joined
		case srcT:
			if p == 0 {
				hb = true
			} else {
				kept = append(kept, s)
			}
		}
	}
	x.liftBuf = kept
	if !hb && !dropped {
		return id, false // the step changed none of the clocks
	}
	out := kept
	if hb {
		var stepBuf [16]source
		step := stepSources(stepBuf[:0], p, acc)
		slices.Sort(step)
		step = slices.Compact(step)
		out = mergeSources(x.liftOut[:0], kept, step)
		x.liftOut = out
	}
	return x.cache.ancs.intern(out, x.cache.shared), hb
}

// mergeSources appends to buf the union of the sorted sets a and b, in
// order.
func mergeSources(buf, a, b []source) []source {
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			buf, a = append(buf, a[0]), a[1:]
		case b[0] < a[0]:
			buf, b = append(buf, b[0]), b[1:]
		default:
			buf, a, b = append(buf, a[0]), a[1:], b[1:]
		}
	}
	return append(append(buf, a...), b...)
}

// conflicts reports whether parent's step is one the scan for entry e
// considers (candidates): it touches e's object (writes it, for an
// operation that only reads), or is a timer firing for the timers'
// entry; every step for an operation that ends the run.
func (x *explorer) conflicts(parent *node, e sumEntry) bool {
	if e.global {
		return true
	}
	if e.g == 0 && parent.taken.G == 0 {
		return true
	}
	for _, a := range parent.acc {
		if a.obj != e.obj {
			continue
		}
		if e.flags&sumOrdered != 0 && parent.writes(e.obj) && !parent.event.Failed {
			return false // it changed the object: an order (addOrdered)
		}
		if a.write || e.flags&sumReads == 0 {
			return true
		}
	}
	return false
}

// scanStops reports whether Flanagan and Godefroid's scan for the
// operation of entry e, going back from it, stops at parent's step (see
// backtrackFor): a conflicting step of another goroutine (not a lock
// release for a lock acquisition, nor a Done a Wait cannot precede) that
// happens before the operation and conflicts with every earlier step the
// scan would meet (see candList), or that does not happen before it and
// is not one that may have enabled a waiting operation.
func (x *explorer) scanStops(parent *node, e sumEntry, hb bool) bool {
	if e.flags&sumOrdered != 0 && parent.writes(e.obj) && !parent.event.Failed {
		// A step that changed the object and happens before the
		// operation: every step that read it before happens before
		// both, and is no race.
		return hb
	}
	if !x.conflicts(parent, e) || parent.taken.G == int(e.g) {
		return false
	}
	ev := parent.event
	waits := e.flags&sumWaits != 0
	if !e.acquisition().coEnabled(ev) || waits && waitsBehind(ev) {
		return false
	}
	if hb {
		return !e.global && (e.flags&sumReads != 0 || parent.writes(e.obj) || e.g == 0 && parent.taken.G == 0)
	}
	return !(waits && ev.Enables())
}
