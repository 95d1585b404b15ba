package model

import (
	"cmp"
	"go/types"
	"math"
	"slices"
	"sync"
	"unsafe"

	"golang.org/x/tools/go/ssa"
)

// State fingerprints, for the explorer's state caching.
//
// A fingerprint is a 64-bit hash of everything that determines what a
// state can do next: every goroutine (its frames with function, block,
// instruction index and registers, deferred calls, panics, the pending
// visible operation), the heap reachable from the goroutines, the globals,
// the timers and the tests, the channels (contents, closed, counters), the
// synchronisation objects (mutexes, WaitGroups, Onces, Conds, sync.Map,
// sync.Pool), the virtual clock, and with race detection on the
// happens-before state (vector clocks, shadow memory) as far as future
// race and lost-update checks can observe it. Output is included only when
// it is observable (SetVisibleOutput), so that every distinct outcome is
// kept.
//
// The heap is canonicalised: pointers are numbered in the order a
// depth-first traversal from the roots (goroutines in creation order,
// then globals, timers and tests) first meets them, so that two states
// that differ only in where the allocator put things get the same
// fingerprint. Channels, timers and synchronisation objects carry the
// number of their creation (or first use) in the execution, and
// goroutines theirs: states that differ only in the order objects were
// created are told apart, which loses merging, never soundness.
//
// Known approximation: pointers into the middle of a struct or array are
// numbered like pointers to separate variables, so a state where a
// pointer aliases a field and one where it points to a separate variable
// with equal contents can collide. Like the 64-bit hash compaction
// itself, this can only make the search skip a state, and the explorer
// reports the resulting omission probability.

// Hasher computes fingerprints. Its tables (numbers given to functions
// and types) persist across states, so one Hasher must be used for all
// the states of one search; it is not safe for concurrent use.
type Hasher struct {
	h        uint64
	relTime  bool // the state's time is hashed relative to now (Fingerprint)
	ptrs     map[*Value]uint32
	slices   map[*Value]uint32
	objs     map[unsafe.Pointer]uint32 // maps, closures' environments
	marked   map[*Value]bool           // addresses with sync or shadow state
	funcs    map[*ssa.Function]uint64
	types    map[types.Type]uint64
	budget   int
	failed   bool
	s        *State
	tests    map[*testState]uint64
	frameIDs map[uint64]uint64 // frame serials, renumbered per state
	reach    map[*Chan]bool    // the channels met (reachable), or nil

	// The clocks met by the traversal, in order, hashed at the end; and
	// per column the epoch points they are measured against (hashClocks).
	clocks []clockItem
	points [][]uint32 // by goroutine number

	syncEntries []syncEntry // syncClocks' buffer
	liveBuf     []uint64    // a frame's live registers

	// Symmetry (symmetry.go): the goroutines in canonical order, and
	// each goroutine's canonical number by its ID (nil: the identity).
	noSymmetry bool
	order      []*Goroutine
	canon      []int32
	inv        []int32 // canon's inverse
	sigs       []goSig
	colBuf     []uint64
	orderBuf   []*Goroutine
	places     []int

	num *Numbering // shared numbers of functions and types, or nil
}

// Numbering numbers functions and types for the Hashers of one search
// run by several workers, so that a state gets the same fingerprint
// whichever worker hashes it. It is safe for concurrent use.
type Numbering struct {
	mu    sync.Mutex
	funcs map[*ssa.Function]uint64
	types map[types.Type]uint64
}

// NewNumbering returns an empty Numbering.
func NewNumbering() *Numbering {
	return &Numbering{funcs: make(map[*ssa.Function]uint64), types: make(map[types.Type]uint64)}
}

func (n *Numbering) fn(f *ssa.Function) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return numberOf(n.funcs, f)
}

func (n *Numbering) typ(t types.Type) uint64 {
	n.mu.Lock()
	defer n.mu.Unlock()
	return numberOf(n.types, t)
}

// numberOf returns k's number in m, giving it the next one if it has none.
func numberOf[K comparable](m map[K]uint64, k K) uint64 {
	id, ok := m[k]
	if !ok {
		id = uint64(len(m) + 1)
		m[k] = id
	}
	return id
}

// NewSharedHasher returns a Hasher taking its numbers of functions and
// types from num (each worker of a search has its own Hasher).
func NewSharedHasher(num *Numbering) *Hasher {
	h := NewHasher()
	h.num = num
	return h
}

// clockItem is a vector clock (owner: the goroutine whose clock it is,
// or 0) or one (goroutine, clock) epoch of an access.
type clockItem struct {
	vc    vclock
	owner int
	epoch bool
	g     int
	clk   uint32
}

// NewHasher returns a Hasher for the states of one search.
func NewHasher() *Hasher {
	return &Hasher{
		ptrs:     make(map[*Value]uint32),
		slices:   make(map[*Value]uint32),
		objs:     make(map[unsafe.Pointer]uint32),
		marked:   make(map[*Value]bool),
		funcs:    make(map[*ssa.Function]uint64),
		types:    make(map[types.Type]uint64),
		tests:    make(map[*testState]uint64),
		frameIDs: make(map[uint64]uint64),
	}
}

// MaxFingerprintValues bounds the values a fingerprint visits: a state
// with a bigger heap is not fingerprinted (and not cached).
const MaxFingerprintValues = 1 << 20

const (
	prime64 = 0x100000001b3
	offset  = 0xcbf29ce484222325
)

func (h *Hasher) word(x uint64) {
	h.h ^= x
	h.h *= prime64
	h.h ^= h.h >> 29
}

func (h *Hasher) str(s string) {
	h.word(uint64(len(s)))
	for i := 0; i < len(s); i++ {
		h.h ^= uint64(s[i])
		h.h *= prime64
	}
}

func (h *Hasher) bool(b bool) {
	if b {
		h.word(1)
	} else {
		h.word(2)
	}
}

func mix(x uint64) uint64 { return Mix64(x) }

// Mix64 is a 64-bit mixer, SplitMix64's finaliser (Steele, Lea and
// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
// the fingerprints' and the explorer's interning hashes.
func Mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

func (h *Hasher) fn(f *ssa.Function) { h.word(h.fnID(f)) }

// fnID returns the number of function f (0 for nil).
func (h *Hasher) fnID(f *ssa.Function) uint64 {
	if f == nil {
		return 0
	}
	id, ok := h.funcs[f]
	switch {
	case ok:
	case h.num != nil:
		id = h.num.fn(f)
		h.funcs[f] = id
	default:
		id = numberOf(h.funcs, f)
	}
	return id
}

func (h *Hasher) typ(t types.Type) {
	if t == nil {
		h.word(0)
		return
	}
	id, ok := h.types[t]
	switch {
	case ok:
	case h.num != nil:
		id = h.num.typ(t)
		h.types[t] = id
	default:
		id = numberOf(h.types, t)
	}
	h.word(id)
}

// Fingerprint returns the fingerprint of s, or false when s cannot be
// fingerprinted (a heap above MaxFingerprintValues, or a value of a kind
// the hasher does not know).
func (s *State) Fingerprint(h *Hasher) (uint64, bool) {
	h.begin(s)
	// Time relative to now where nothing can read the clock any more
	// (fxTime): the deadlines of the active timers count from now; how
	// far the clock has moved, and the instants the timers' channels
	// hold, do not count.
	relTime := !s.observesTime()
	h.relTime = relTime
	h.bool(relTime)
	if !relTime {
		h.word(uint64(s.now))
	}
	h.word(uint64(s.objs))
	h.bool(s.done)
	h.word(uint64(s.exitCode))
	if c := s.crash; c != nil {
		h.str(c.Msg)
		h.word(h.gid(c.G.ID))
		h.word(uint64(c.Pos))
	}
	if s.failure != nil {
		h.str(s.failure.Error())
	}
	h.word(uint64(s.exitPos))
	if s.randSrc != nil {
		h.word(s.randSrc.n) // the values drawn from math/rand's fixed-seed source
	}
	if s.visibleOutput {
		h.str(s.Stdout.String())
		h.str(s.Stderr.String())
	}
	// Buffered channels first, by creation: they are all kept for the
	// lost-message check, reachable or not.
	h.word(uint64(len(s.chans)))
	for _, c := range s.chans {
		h.chanState(c)
	}
	h.word(uint64(len(s.gs)))
	for _, g := range h.order {
		h.goroutine(g)
	}
	for i, p := range s.globals {
		if p != nil {
			h.word(uint64(i))
			h.ptr(p)
		}
	}
	h.word(uint64(len(s.timers)))
	for _, t := range s.timers {
		h.word(uint64(t.id))
		if t.dead {
			h.word(0xdead) // nothing else of it is left (collectTimers)
			continue
		}
		// The deadline of a timer that is not running is never read
		// (Reset sets a new one); the firings count only as "fired"
		// (a sleeper's wake-up, PeekTimer).
		switch {
		case !t.active:
			h.word(0)
		case relTime:
			h.word(uint64(t.when - s.now))
		default:
			h.word(uint64(t.when))
		}
		h.word(uint64(t.period))
		h.chanRef(t.ch)
		h.closure(t.fn)
		h.bool(t.active)
		h.word(uint64(t.pos))
		h.word(h.gid(t.creator))
		h.bool(t.fired > 0)
		h.ptr(t.timerPtr)
		h.word(h.gid(t.sleeper))
		h.vclock(t.vc)
	}
	h.testsState()
	if s.race != nil {
		h.syncClocks()
		h.hashClocks()
	}
	if h.failed || h.budget < 0 {
		return 0, false
	}
	return mix(h.h), true
}

// begin readies h for a traversal of s.
func (h *Hasher) begin(s *State) {
	h.h, h.budget, h.failed, h.s = offset, MaxFingerprintValues, false, s
	clear(h.ptrs)
	clear(h.slices)
	clear(h.objs)
	clear(h.marked)
	clear(h.tests)
	clear(h.frameIDs)
	h.clocks = h.clocks[:0]
	h.canonicalOrder(s)
	s.markAddrs(h)
}

// reachable traverses what the program can still reach, as Fingerprint
// does (the goroutines' live registers, pending operations, deferred
// calls and panics, the globals, the tests, the contents of the buffered
// channels, the functions of the AfterFunc timers still running), and
// records in h.reach every channel it meets. A timer itself is no root:
// Go (1.23 and later) collects a timer the program no longer refers to,
// running or not, and its firing can then be seen by no one. It reports
// false when the traversal could not be completed (a heap above
// MaxFingerprintValues).
func (s *State) reachable(h *Hasher) bool {
	h.begin(s)
	if h.reach == nil {
		h.reach = make(map[*Chan]bool)
	}
	clear(h.reach)
	h.relTime = false
	for _, c := range s.chans {
		h.chanState(c)
	}
	for _, g := range h.order {
		h.goroutine(g)
	}
	for _, p := range s.globals {
		if p != nil {
			h.ptr(p)
		}
	}
	for _, t := range s.timers {
		if t.active && t.fn != nil {
			h.closure(t.fn)
		}
	}
	h.testsState()
	return !h.failed && h.budget >= 0
}

// markAddrs records the addresses that have synchronisation or shadow
// state, so that the traversal hashes that state where it meets them.
func (s *State) markAddrs(h *Hasher) {
	for p := range s.sync.ids {
		h.marked[p] = true
	}
	for p := range s.sync.mutexes {
		h.marked[p] = true
	}
	for p := range s.sync.wgs {
		h.marked[p] = true
	}
	for p := range s.sync.onces {
		h.marked[p] = true
	}
	for p := range s.sync.conds {
		h.marked[p] = true
	}
	for p := range s.sync.maps {
		h.marked[p] = true
	}
	for p := range s.sync.pools {
		h.marked[p] = true
	}
	if s.race != nil {
		for k := range s.race.shadow {
			if p, ok := k.(*Value); ok {
				h.marked[p] = true
			}
		}
		for k := range s.race.syncVC {
			if p, ok := k.(*Value); ok {
				h.marked[p] = true
			}
		}
	}
}

// addrState hashes the synchronisation and shadow state at address p.
func (h *Hasher) addrState(p *Value) {
	s := h.s
	if id, ok := s.sync.ids[p]; ok {
		h.word(0xa1)
		h.word(uint64(id))
	}
	if m, ok := s.sync.mutexes[p]; ok {
		h.word(0xa2)
		h.bool(m.locked)
		h.word(h.gid(m.owner))
		h.word(uint64(m.readers))
		h.word(uint64(m.bad))
	}
	if w, ok := s.sync.wgs[p]; ok {
		h.word(0xa3)
		// Not zeroes, which only counts: what matters of it is, for
		// each goroutine waiting, whether it moved since the goroutine
		// stopped (hashed with the goroutine).
		h.word(uint64(w.n))
		// Who owns the units decides what the reduction takes a later
		// counter change for (State.wgCovered).
		for _, g := range h.order {
			if n := w.owned(g.ID); n > 0 {
				h.word(h.gid(g.ID))
				h.word(uint64(n))
			}
		}
		h.word(uint64(w.owned(0)))
	}
	if o, ok := s.sync.onces[p]; ok {
		h.word(0xa4)
		h.bool(o.done)
		h.word(h.gid(o.running))
	}
	if c, ok := s.sync.conds[p]; ok {
		h.word(0xa5)
		h.word(uint64(len(c.waiters)))
		for _, g := range c.waiters {
			h.word(h.gid(g))
		}
	}
	if m, ok := s.sync.maps[p]; ok {
		h.word(0xa6)
		h.mapRef(m)
	}
	if vs, ok := s.sync.pools[p]; ok {
		h.word(0xa7)
		h.word(uint64(len(vs)))
		for _, v := range vs {
			h.value(v)
		}
	}
	if r := s.race; r != nil {
		if c, ok := r.shadow[p]; ok {
			h.word(0xa8)
			h.shadow(c)
		}
		if vc, ok := r.syncVC[p]; ok {
			h.word(0xa9)
			h.vclock(vc)
		}
		if vc, ok := r.syncVC[readersKey{p}]; ok {
			h.word(0xaa)
			h.vclock(vc)
		}
	}
}

// vclock records a vector clock, to be hashed by hashClocks.
func (h *Hasher) vclock(c vclock) {
	h.clocks = append(h.clocks, clockItem{vc: c})
}

// hashClocks hashes the clocks met by the traversal, in the order met,
// abstracted to what future race and lost-update checks can tell apart.
// Those checks only ever ask whether an access's epoch (g, c) is covered
// by a clock (clock[g] >= c), for the epochs recorded now and for those
// recorded later, which goroutine g takes from its own clock (its own
// component, the largest of its column; later ones are larger still); and
// clocks only change by joins (maximum) and ticks. So in every column g
// each value is replaced by the number of "epoch points" at or below it:
// the recorded epochs of g and g's own current value. Two states whose
// clocks differ in no such comparison get the same hash; the absolute
// values, which grow with every release, do not matter (a loop's states
// repeat), nor do differences between clocks that no epoch separates (a
// pipeline's states merge whichever worker synchronised with whom).
func (h *Hasher) hashClocks() {
	for g := range h.points {
		h.points[g] = h.points[g][:0]
	}
	note := func(g int, v uint32) {
		if v != 0 {
			for len(h.points) <= g {
				h.points = append(h.points, nil)
			}
			h.points[g] = append(h.points[g], v)
		}
	}
	for _, it := range h.clocks {
		switch {
		case it.epoch:
			note(int(h.gid(it.g)), it.clk)
		case it.owner != 0:
			note(int(h.gid(it.owner)), it.vc.get(it.owner))
		}
	}
	for g, vs := range h.points {
		slices.Sort(vs)
		h.points[g] = slices.Compact(vs)
	}
	// points returns how many epoch points of column g are at or below v.
	points := func(g int, v uint32) uint64 {
		if g >= len(h.points) {
			return 0
		}
		i, found := slices.BinarySearch(h.points[g], v)
		if found {
			i++
		}
		return uint64(i)
	}
	for _, it := range h.clocks {
		if it.epoch {
			c := int(h.gid(it.g))
			h.word(uint64(c))
			h.word(points(c, it.clk))
			continue
		}
		if len(it.vc) == 0 {
			h.word(0) // no component above any epoch point
			continue
		}
		// The components by canonical column (a zero component is
		// below every epoch point, which are all positive).
		cols := h.colBuf[:0]
		for c := range max(len(it.vc), len(h.inv)) {
			v := it.vc.get(h.real(c))
			if v == 0 {
				cols = append(cols, 0)
				continue
			}
			cols = append(cols, points(c, v))
		}
		h.colBuf = cols
		n := len(cols)
		for n > 0 && cols[n-1] == 0 {
			n-- // components below every epoch point say nothing
		}
		h.word(uint64(n))
		for _, w := range cols[:n] {
			h.word(w)
		}
	}
}

// shadow hashes a shadow cell as far as future checks can observe it:
// the last write's and the reads' goroutines, clocks and positions, the
// order of the reads relative to the write, and whether each read was
// made in an activation that is still running (the lost-update check);
// not the absolute access counters or the values (used in messages only).
func (h *Hasher) shadow(c *shadowCell) {
	h.bool(c.hasWrite)
	if c.hasWrite {
		h.epoch(c.write)
		h.value(c.writeVal)
	}
	// The reads are kept one per goroutine, in goroutine order (access);
	// they are hashed in canonical goroutine order: order holds their
	// indices, insertion-sorted (a cell has a few reads, one per
	// goroutine at most).
	reads := c.reads
	h.word(uint64(len(reads)))
	var buf [8]int
	order := buf[:0]
	for i := range reads {
		order = append(order, i)
		for j := len(order) - 1; j > 0 && h.gid(reads[order[j]].g) < h.gid(reads[order[j-1]].g); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, i := range order {
		rd := &reads[i]
		h.epoch(rd.accessEpoch)
		h.bool(rd.at < c.writeAt)
		h.value(rd.val)
		h.word(uint64(rd.depth))
		h.word(h.frameID(rd.f0))
		h.word(h.frameID(rd.f1))
		for _, fr := range rd.stack {
			h.word(h.frameID(fr.serial))
			if fr.in != nil {
				h.word(uint64(fr.in.Pos()))
				h.fn(fr.in.Parent())
			}
		}
	}
}

// frameID renumbers a frame serial by the order the traversal meets it,
// so that serials (which count every call of the execution) compare
// equal across states that have the same activations.
func (h *Hasher) frameID(serial uint64) uint64 {
	if serial == 0 {
		return 0
	}
	id, ok := h.frameIDs[serial]
	if !ok {
		id = uint64(len(h.frameIDs) + 1)
		h.frameIDs[serial] = id
	}
	return id
}

func (h *Hasher) epoch(e accessEpoch) {
	h.word(uint64(e.pos))
	h.clocks = append(h.clocks, clockItem{epoch: true, g: e.g, clk: e.clk})
}

// syncEntry is a clock or shadow cell not keyed by a heap address, with
// the key it is hashed under.
type syncEntry struct {
	key  uint64
	vc   vclock
	cell *shadowCell
}

// syncClocks hashes the race detector's clocks of objects that are not
// heap addresses (channel slots, tests); those keyed by addresses were
// hashed where the traversal met them. The entries are combined in an
// order-independent way.
func (h *Hasher) syncClocks() {
	es := h.syncEntries[:0]
	defer func() { h.syncEntries = es[:0] }()
	for k, vc := range h.s.race.syncVC {
		var key uint64
		switch k := k.(type) {
		case *Value, readersKey:
			continue
		case *testState:
			id, ok := h.tests[k]
			if !ok {
				continue // a test nothing refers to any more
			}
			key = 1<<63 ^ id
		case poolKey:
			id, seen := h.ptrs[k.p]
			if !seen {
				continue
			}
			key = 1<<62 ^ uint64(id)
		default:
			h.failed = true
			return
		}
		es = append(es, syncEntry{key: key, vc: vc})
	}
	for k, c := range h.s.race.shadow {
		switch k := k.(type) {
		case *Value:
			// Hashed where the traversal met the address (addrState).
		case chanState:
			es = append(es, syncEntry{key: 1<<61 ^ uint64(k.ch.ID), cell: c})
		case *Map:
			// A map's accesses (len, lookups, assignments): by the
			// map's number in the traversal; a map nothing refers to
			// any more cannot race again.
			id, ok := h.objs[unsafe.Pointer(k)]
			if !ok {
				continue
			}
			es = append(es, syncEntry{key: 1<<60 ^ uint64(id), cell: c})
		default:
			h.failed = true
			return
		}
	}
	slices.SortFunc(es, func(a, b syncEntry) int { return cmp.Compare(a.key, b.key) })
	h.word(uint64(len(es)))
	for _, e := range es {
		h.word(e.key)
		if e.cell != nil {
			h.shadow(e.cell)
		} else {
			h.vclock(e.vc)
		}
	}
}

func (h *Hasher) testsState() {
	// Tests by their T's canonical number; the T is reachable from the
	// test goroutine's frames.
	var sum uint64
	for p, ts := range h.s.tests {
		id, ok := h.ptrs[p]
		if !ok {
			continue
		}
		// A test is reachable by two addresses (its T and the T's
		// embedded common): the smaller number, whatever the map order.
		if old, seen := h.tests[ts]; !seen || uint64(id) < old {
			h.tests[ts] = uint64(id)
		}
	}
	for p, ts := range h.s.tests {
		id, ok := h.ptrs[p]
		if !ok {
			continue
		}
		sub := &Hasher{h: offset}
		sub.word(uint64(id))
		sub.str(ts.name)
		sub.word(h.gid(ts.g))
		sub.bool(ts.failed)
		sub.bool(ts.skipped)
		sub.bool(ts.finished)
		sub.word(uint64(len(ts.cleanups)))
		if ts.parent != nil {
			sub.word(h.tests[ts.parent])
		}
		sub.bool(ts.ctx != nil)
		sub.bool(ts.cancel != nil)
		sum += mix(sub.h)
	}
	h.word(sum)
	h.testValues()
}

// testValues hashes the tests' cleanups and contexts, in the order of
// their T's canonical number.
func (h *Hasher) testValues() {
	n := len(h.tests)
	if n == 0 {
		return
	}
	byID := make(map[uint64]*testState, n)
	var max uint64
	for ts, id := range h.tests {
		byID[id] = ts
		if id > max {
			max = id
		}
	}
	for id := uint64(0); id <= max; id++ {
		ts, ok := byID[id]
		if !ok {
			continue
		}
		h.word(id)
		for _, c := range ts.cleanups {
			h.closure(c)
		}
		h.value(ts.ctx)
		h.closure(ts.cancel)
	}
}

func (h *Hasher) goroutine(g *Goroutine) {
	h.word(0xb0)
	h.bool(g.done)
	if g.done {
		return
	}
	h.fn(g.StartFn)
	h.word(uint64(g.StartPos))
	h.word(h.gid(g.Parent))
	h.word(uint64(g.curPos))
	h.bool(g.resumeAccess)
	h.bool(g.isMain)
	h.ptr(g.exitWG)
	h.bool(g.exitTest != nil)
	h.value(g.cbResult)
	if op, ok := g.pending.(*nativeOp); ok && len(op.args) > 0 {
		if p, ok := op.args[0].(*Value); ok {
			if w, ok := h.s.sync.wgs[p]; ok {
				h.bool(w.zeroes > g.waitSince)
			}
		}
	}
	if h.s.race != nil {
		h.clocks = append(h.clocks, clockItem{vc: g.vc, owner: g.ID})
	}
	for p := g.panic; p != nil; p = p.prev {
		h.word(0xb1)
		h.value(p.val)
		h.bool(p.recovered)
		h.bool(p.goexit)
		h.bool(p.aborted)
		h.word(uint64(p.pos))
	}
	h.word(uint64(len(g.frames)))
	for j, fr := range g.frames {
		h.liveBuf = fr.liveRegs(pendingDst(g, j), h.liveBuf)
		h.frame(g, fr, h.liveBuf)
	}
	h.op(g.pending)
}

// frame hashes fr, of goroutine g; of its registers only those in live
// (nil: all). Which registers are live follows from the position, hashed
// first.
func (h *Hasher) frame(g *Goroutine, fr *frame, live []uint64) {
	h.fn(fr.code.fn)
	h.word(uint64(fr.block))
	h.word(uint64(fr.pc))
	h.word(uint64(fr.mode))
	h.word(uint64(uint32(fr.dst)))
	h.word(uint64(fr.callPos))
	h.ptr(fr.onceDone)
	h.bool(fr.deferStackTaken)
	h.word(h.frameID(fr.serial))
	n := 0
	for p := g.panic; p != nil; p = p.prev {
		n++
		if p == fr.panicDefer {
			h.word(uint64(n))
		}
	}
	for r, v := range fr.regs {
		if isLive(live, r) {
			h.value(v)
		}
	}
	for d := fr.defers; d != nil; d = d.next {
		h.word(0xb2)
		h.fn(d.fn)
		if d.builtin != nil {
			h.str(d.builtin.Name())
		}
		h.word(uint64(d.pos))
		h.bool(d.nilFunc)
		h.values(d.env)
		h.values(d.args)
	}
}

func (h *Hasher) values(vs []Value) {
	h.word(uint64(len(vs)))
	for _, v := range vs {
		h.value(v)
	}
}

func (h *Hasher) op(o op) {
	switch o := o.(type) {
	case nil:
		h.word(0xc0)
	case *startOp:
		h.word(0xc1)
		h.fn(o.fn)
		if o.builtin != nil {
			h.str(o.builtin.Name())
		}
		h.values(o.env)
		h.values(o.args)
		for _, f := range o.seq {
			h.fn(f)
		}
	case *exitOp:
		h.word(0xc2)
	case *resumeOp:
		h.word(0xc3)
	case *sendOp:
		h.word(0xc4)
		h.chanRef(o.ch)
		h.value(o.val)
		h.word(uint64(o.pos))
	case *recvOp:
		h.word(0xc5)
		h.chanRef(o.ch)
		h.bool(o.commaOk)
		h.word(uint64(uint32(o.dst)))
		h.word(uint64(o.pos))
	case *closeOp:
		h.word(0xc6)
		h.chanRef(o.ch)
		h.word(uint64(o.pos))
	case *selectOp:
		h.word(0xc7)
		h.bool(o.blocking)
		h.word(uint64(uint32(o.dst)))
		h.word(uint64(o.pos))
		for _, c := range o.cases {
			h.chanRef(c.ch)
			h.bool(c.send)
			h.value(c.val)
			h.word(uint64(c.pos))
		}
	case *nativeOp:
		h.word(0xc8)
		h.str(o.vf.kind)
		h.fn(o.fn)
		h.values(o.env)
		h.values(o.args)
		h.word(uint64(uint32(o.dst)))
		h.word(uint64(o.pos))
	case *sleepOp:
		h.word(0xc9)
		h.word(uint64(o.t.id))
		h.word(uint64(o.pos))
	case *condWakeOp:
		h.word(0xca)
		h.ptr(o.cond)
		h.ptr(o.lock)
		h.bool(o.rlock)
		h.word(uint64(o.pos))
	case *subtestWaitOp:
		h.word(0xcb)
		h.word(h.gid(o.sub.ID))
		h.word(uint64(o.pos))
		h.word(uint64(uint32(o.dst)))
	case *crashOp:
		h.word(0xcd)
		if op := o.crash; op != nil {
			h.str(op.Msg)
			h.bool(op.Fatal)
			h.word(uint64(op.Pos))
		}
		h.bool(o.panic != nil)
	case *memAccessOp:
		h.word(0xcc)
		h.str(o.obj)
		h.bool(o.write)
		h.word(uint64(o.pos))
		h.ptr(o.addr)
		h.value(o.val)
	default:
		h.failed = true
	}
}

func (h *Hasher) chanRef(c *Chan) {
	if c == nil {
		h.word(0)
		return
	}
	if h.reach != nil {
		h.reach[c] = true
	}
	h.word(uint64(c.ID))
	if c.cap == 0 {
		// Buffered channels were hashed up front.
		key := unsafe.Pointer(c)
		if _, ok := h.objs[key]; ok {
			return
		}
		h.objs[key] = uint32(len(h.objs) + 1)
		h.chanState(c)
	}
}

func (h *Hasher) chanState(c *Chan) {
	h.word(uint64(c.ID))
	h.word(uint64(c.cap))
	h.bool(c.closed)
	// The counters matter only modulo the capacity (the race detector's
	// slots) and as "ever received" (the lost-message check): a server
	// loop's states repeat.
	m := max(c.cap, 1)
	h.word(uint64(c.sent % m))
	h.word(uint64(c.recvd % m))
	h.bool(c.recvd > 0)
	h.word(uint64(len(c.buf)))
	for i, v := range c.buf {
		if !c.timer || !h.relTime {
			h.value(v) // a timer's instant, which nothing can read now: skipped
		}
		h.word(uint64(c.bufPos[i]))
	}
	h.bool(c.notTokens)
	h.bool(c.valueUsed)
	h.word(uint64(len(c.holders)))
	for _, t := range c.holders {
		h.word(h.gid(t.g))
		if c.timer {
			// Nothing sends back on a timer's channel: a receiver's count
			// only grows, and only whether it is zero can matter
			// (TokenHolder).
			h.bool(t.held > 0)
		} else {
			h.word(uint64(t.held))
		}
	}
	if h.s.race != nil {
		// The slots' clocks, every slot's (a slot never used and a
		// clock below every epoch point hash alike: acquiring either
		// changes no check), and the close's.
		n := 0
		if c.cap > 0 {
			n = 2 * c.cap
			if n > maxHashedSlots {
				n = len(c.slotVC)
				h.word(uint64(n))
			}
		}
		for i := range n {
			var vc vclock
			if i < len(c.slotVC) {
				vc = c.slotVC[i]
			}
			h.vclock(vc)
		}
		h.vclock(c.closeVC)
	}
}

// maxHashedSlots bounds the buffer slots' clocks hashed for every slot,
// used or not: past it, only those used so far are (a channel of a
// thousand slots would cost two thousand clocks per fingerprint).
const maxHashedSlots = 128

func (h *Hasher) mapRef(m *Map) {
	if m == nil {
		h.word(0)
		return
	}
	key := unsafe.Pointer(m)
	if id, ok := h.objs[key]; ok {
		h.word(uint64(id))
		return
	}
	id := uint32(len(h.objs) + 1)
	h.objs[key] = id
	h.word(uint64(id))
	h.word(uint64(m.count))
	for i := range m.entries {
		e := &m.entries[i]
		if !e.live {
			continue
		}
		h.value(e.key)
		h.value(e.val)
	}
}

func (h *Hasher) closure(c *Closure) {
	if c == nil {
		h.word(0)
		return
	}
	h.word(0xd0)
	h.fn(c.Fn)
	if c.Builtin != nil {
		h.str(c.Builtin.Name())
	}
	h.values(c.Env)
}

// ptr hashes a pointer: its canonical number, and the pointee the first
// time the traversal meets it.
func (h *Hasher) ptr(p *Value) {
	if p == nil {
		h.word(0)
		return
	}
	if id, ok := h.ptrs[p]; ok {
		h.word(uint64(id))
		return
	}
	id := uint32(len(h.ptrs) + 1)
	h.ptrs[p] = id
	h.word(uint64(id) | 1<<40)
	h.slot(p)
}

// slot hashes the contents of an addressable location, and the
// synchronisation state kept for it.
func (h *Hasher) slot(p *Value) {
	if h.marked[p] {
		h.addrState(p)
	}
	switch v := (*p).(type) {
	case Struct:
		h.word(0xe1)
		h.word(uint64(len(v)))
		for i := range v {
			h.slot(&v[i])
		}
	case Array:
		h.word(0xe2)
		h.word(uint64(len(v)))
		for i := range v {
			h.slot(&v[i])
		}
	default:
		h.value(v)
	}
}

func (h *Hasher) value(v Value) {
	h.budget--
	if h.budget < 0 {
		h.failed = true
		return
	}
	switch v := v.(type) {
	case nil:
		h.word(0x10)
	case bool:
		h.word(0x11)
		h.bool(v)
	case int:
		h.word(0x12)
		h.word(uint64(v))
	case int8:
		h.word(0x13)
		h.word(uint64(v))
	case int16:
		h.word(0x14)
		h.word(uint64(v))
	case int32:
		h.word(0x15)
		h.word(uint64(v))
	case int64:
		h.word(0x16)
		h.word(uint64(v))
	case uint:
		h.word(0x17)
		h.word(uint64(v))
	case uint8:
		h.word(0x18)
		h.word(uint64(v))
	case uint16:
		h.word(0x19)
		h.word(uint64(v))
	case uint32:
		h.word(0x1a)
		h.word(uint64(v))
	case uint64:
		h.word(0x1b)
		h.word(v)
	case uintptr:
		h.word(0x1c)
		h.word(uint64(v))
	case float32:
		h.word(0x1d)
		h.word(uint64(math.Float32bits(v)))
	case float64:
		h.word(0x1e)
		h.word(math.Float64bits(v))
	case complex64:
		h.word(0x1f)
		h.word(uint64(math.Float32bits(real(v))))
		h.word(uint64(math.Float32bits(imag(v))))
	case complex128:
		h.word(0x20)
		h.word(math.Float64bits(real(v)))
		h.word(math.Float64bits(imag(v)))
	case string:
		h.word(0x21)
		h.str(v)
	case *Value:
		h.word(0x22)
		h.ptr(v)
	case Struct:
		h.word(0x23)
		h.values(v)
	case Array:
		h.word(0x24)
		h.values(v)
	case Tuple:
		h.word(0x25)
		h.values(v)
	case Slice:
		h.word(0x26)
		h.slice(v)
	case *Map:
		h.word(0x27)
		h.mapRef(v)
	case *Chan:
		h.word(0x28)
		h.chanRef(v)
	case *Closure:
		h.word(0x29)
		h.closure(v)
	case Iface:
		h.word(0x2a)
		h.typ(v.T)
		if v.T != nil {
			h.value(v.V)
		}
	default:
		h.failed = true
	}
}

// slice hashes a slice: its backing array's canonical number (the array
// is named by the address of its last element within capacity, which
// every slice of it that reaches that far shares), length and capacity,
// and the whole backing array the first time.
func (h *Hasher) slice(v Slice) {
	if v == nil {
		h.word(0)
		return
	}
	c := cap(v)
	h.word(uint64(len(v)))
	h.word(uint64(c))
	if c == 0 {
		return
	}
	full := v[:c]
	end := &full[c-1]
	if id, ok := h.slices[end]; ok {
		h.word(uint64(id))
		return
	}
	id := uint32(len(h.slices) + 1)
	h.slices[end] = id
	h.word(uint64(id) | 1<<41)
	for i := range full {
		h.slot(&full[i])
	}
}
