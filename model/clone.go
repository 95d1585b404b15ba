package model

import (
	"bytes"
	"cmp"
	"go/token"
	"math/rand"
	"slices"
	"unsafe"
)

// State cloning, so that the explorer can restore a state instead of
// replaying the steps that led to it.
//
// A clone must share nothing mutable with the original and keep every
// aliasing relation of the interpreted program's memory exactly: a
// pointer to a struct field or an array element must point into the copy
// of that struct or array, and two slices of one backing array must share
// the copy of it, as in Go. Memory is []Value backing arrays (structs,
// arrays, slices, tuples) and single cells (new(Value)); a *Value may
// point to a cell or into an array, and a slice may start anywhere in its
// array. So cloning goes in three passes:
//
//  1. discovery: a traversal of everything the state holds records the
//     address range of every cell a pointer points to and of every
//     backing array (to its capacity);
//  2. the ranges are sorted and overlapping ones merged into regions
//     (ranges that overlap lie in one Go allocation: slices cannot span
//     two), and each region gets a new backing array;
//  3. the state is copied, every pointer and slice translated to the same
//     offset in its region's copy, and then every region's contents.
//
// Objects with identity of their own (maps, channels, closures, frames,
// goroutines, timers, tests, panics) are copied once each. A state holding
// something the cloner does not know (a value of an unexpected kind) is
// not cloned: Clone reports false and the caller
// replays instead.

// valueSize is the size of a Value (an interface: two words).
const valueSize = unsafe.Sizeof(Value(nil))

// span is an address range of Values: [lo, hi).
type span struct {
	lo, hi uintptr
	first  *Value // the Value at lo, to read the range through
}

// region is a maximal set of overlapping spans and its copy.
type region struct {
	lo, hi uintptr
	first  *Value // the Value at lo
	old    []Value
	new    []Value
}

// A Cloner copies states (State.Clone). Its tables are kept from one
// copy to the next, so that a search copying many states allocates them
// once; it is not safe for concurrent use.
type Cloner struct {
	s, n   *State
	failed bool
	seen   map[unsafe.Pointer]bool // objects met by the discovery

	spans   []span
	seenPtr map[*Value]bool
	seenArr map[span]bool
	regions []region

	maps     map[*Map]*Map
	chans    map[*Chan]*Chan
	closures map[*Closure]*Closure
	frames   map[*frame]*frame
	defers   map[*deferred]*deferred
	panics   map[*panicState]*panicState
	tests    map[*testState]*testState
	timers   map[*timerState]*timerState
	iters    map[iterator]iterator
	crashes  map[*Crash]*Crash

	// Slabs: the copy's frames, their registers, its vector clocks,
	// the goroutines' frame lists, the channels with their buffers and
	// bookkeeping, and the race detector's shadow cells with their reads
	// are carved out of one array each, sized by the discovery, rather
	// than allocated one by one (fewer allocations for the collector).
	nFrames, nRegs, nClock, nFrameRefs int
	nChans, nChanVals, nBufPos         int
	nHolders, nSlots, nCells, nReads   int
	heap                               []Value // the regions' copies
	mutexSlab                          []mutexState
	wgSlab                             []wgState
	onceSlab                           []onceState
	sendSlab                           []sendOp
	recvSlab                           []recvOp
	gSlab                              []Goroutine
	frameSlab                          []frame
	regSlab                            []Value
	clockSlab                          []uint32
	frameRefSlab                       []*frame
	chanSlab                           []Chan
	chanValSlab                        []Value
	bufPosSlab                         []token.Pos
	holderSlab                         []tokenHolder
	slotSlab                           []vclock
	cellSlab                           []shadowCell
	readSlab                           []readInfo

	// spare holds the arrays of copies the caller is done with
	// (Recycle), for the next copies to be carved out of; spareState and
	// spareSync a State and sync model tables, emptied, for the next.
	spare      []*slabs
	spareState *State
	spareSync  syncState

	// The live registers of the goroutines' frames (liveness.go), set
	// before the discovery so that it and the copy skip the same dead
	// registers whichever way they reach a frame: masks holds the sets,
	// live where each frame's starts (no entry: all live).
	live  map[*frame]int
	masks []uint64
}

// Clone returns a copy of s that shares nothing mutable with it, or false
// when s holds something that cannot be copied. Output echoing and the
// deadline are carried over; the frame pool is not.
func (s *State) Clone() (*State, bool) { return NewCloner().Clone(s) }

// NewCloner returns a Cloner.
func NewCloner() *Cloner {
	c := &Cloner{seenPtr: make(map[*Value]bool), seenArr: make(map[span]bool), seen: make(map[unsafe.Pointer]bool), live: make(map[*frame]int)}
	c.maps = make(map[*Map]*Map)
	c.chans = make(map[*Chan]*Chan)
	c.closures = make(map[*Closure]*Closure)
	c.frames = make(map[*frame]*frame)
	c.defers = make(map[*deferred]*deferred)
	c.panics = make(map[*panicState]*panicState)
	c.tests = make(map[*testState]*testState)
	c.timers = make(map[*timerState]*timerState)
	c.iters = make(map[iterator]iterator)
	c.crashes = make(map[*Crash]*Crash)
	return c
}

// Clone returns a copy of s, as State.Clone does.
func (c *Cloner) Clone(s *State) (*State, bool) {
	c.s, c.n, c.failed = s, nil, false
	defer c.reset()
	c.liveness()
	c.seeState()
	if c.failed {
		return nil, false
	}
	sp := c.takeSpare()
	c.makeRegions(sp.heap)
	c.gSlab = slab(sp.gs, len(s.gs))
	c.frameSlab = slab(sp.frames, c.nFrames)
	c.regSlab = slab(sp.regs, c.nRegs)
	c.clockSlab = slab(sp.clocks, c.nClock)
	c.frameRefSlab = slab(sp.frameRefs, c.nFrameRefs)
	c.chanSlab = slab(sp.chans, c.nChans)
	c.chanValSlab = slab(sp.chanVals, c.nChanVals)
	c.bufPosSlab = slab(sp.bufPos, c.nBufPos)
	c.holderSlab = slab(sp.holders, c.nHolders)
	c.slotSlab = slab(sp.slots, c.nSlots)
	c.cellSlab = slab(sp.cells, c.nCells)
	c.readSlab = slab(sp.reads, c.nReads)
	c.mutexSlab, c.wgSlab, c.onceSlab = sp.mutexes, sp.wgs, sp.onces // sized by syncState
	// A goroutine has one pending operation at most; the commonest kinds
	// are carved out of arrays that size.
	c.sendSlab, c.recvSlab = slab(sp.sends, len(s.gs)), slab(sp.recvs, len(s.gs))
	c.state()
	for i := range c.regions {
		r := &c.regions[i]
		for j, v := range r.old {
			r.new[j] = c.value(v)
		}
	}
	if c.failed {
		return nil, false
	}
	n := c.n
	n.size = c.size(n)
	n.slabs = &slabs{gs: c.gSlab, frames: c.frameSlab, regs: c.regSlab, clocks: c.clockSlab,
		frameRefs: c.frameRefSlab, chans: c.chanSlab, chanVals: c.chanValSlab, bufPos: c.bufPosSlab,
		holders: c.holderSlab, slots: c.slotSlab, cells: c.cellSlab, reads: c.readSlab, heap: c.heap,
		mutexes: c.mutexSlab, wgs: c.wgSlab, onces: c.onceSlab, sends: c.sendSlab, recvs: c.recvSlab}
	return n, true
}

// slabs are the arrays the parts of a copy were carved from (the
// Cloner's slabs and its copy of the heap's regions): most of what a copy
// allocates (philo_chan N=8: 7 of its 9 KB).
type slabs struct {
	gs        []Goroutine
	frames    []frame
	regs      []Value
	clocks    []uint32
	frameRefs []*frame
	chans     []Chan
	chanVals  []Value
	bufPos    []token.Pos
	holders   []tokenHolder
	slots     []vclock
	cells     []shadowCell
	reads     []readInfo
	heap      []Value
	mutexes   []mutexState
	wgs       []wgState
	onces     []onceState
	sends     []sendOp
	recvs     []recvOp
}

// maxSpare bounds the copies' arrays a Cloner keeps for reuse: an
// execution ends one state and drops a snapshot or two.
const maxSpare = 4

// Recycle takes back the memory of s, a copy made by this Cloner that the
// caller is done with and that nothing refers to any more (nor to its
// goroutines, frames or channels): the next copies are carved out of its
// arrays instead of new ones, which the collector would have to mark and
// sweep; s itself, and its sync model's tables, serve the next copy. s
// is emptied, so that a use right after Recycle fails at once; it must
// not be used again. States not made by Clone, or already recycled, are
// left alone.
func (c *Cloner) Recycle(s *State) {
	if s == nil || s.slabs == nil {
		return
	}
	sl := s.slabs
	if c.spareSync.mutexes == nil && s.sync.mutexes != nil {
		// The sync model's tables, emptied, for the next copy's.
		c.spareSync = syncState{mutexes: s.sync.mutexes, wgs: s.sync.wgs, onces: s.sync.onces, conds: s.sync.conds, ids: s.sync.ids}
		clear(c.spareSync.mutexes)
		clear(c.spareSync.wgs)
		clear(c.spareSync.onces)
		clear(c.spareSync.conds)
		clear(c.spareSync.ids)
	}
	*s = State{}
	if c.spareState == nil {
		c.spareState = s
	}
	if len(c.spare) < maxSpare {
		c.spare = append(c.spare, sl)
	}
}

// takeSpare returns the arrays of a recycled copy (empty ones if none).
func (c *Cloner) takeSpare() slabs {
	k := len(c.spare)
	if k == 0 {
		return slabs{}
	}
	sp := c.spare[k-1]
	c.spare[k-1] = nil
	c.spare = c.spare[:k-1]
	return *sp
}

// slab returns an empty slice with room for n elements: old's array,
// cleared (what stays past the copy's part must not keep old objects
// alive), when it is large enough.
func slab[T any](old []T, n int) []T {
	if cap(old) < n {
		return make([]T, 0, n)
	}
	old = old[:cap(old)]
	clear(old)
	return old[:0]
}

// liveness records the live registers of every goroutine's frames.
func (c *Cloner) liveness() {
	var buf []uint64
	for _, g := range c.s.gs {
		for j, fr := range g.frames {
			if _, done := c.live[fr]; done {
				continue
			}
			buf = fr.liveRegs(pendingDst(g, j), buf)
			if buf == nil {
				continue
			}
			c.live[fr] = len(c.masks)
			c.masks = append(c.masks, buf...)
		}
	}
}

// liveOf returns the live registers of fr (nil: all).
func (c *Cloner) liveOf(fr *frame) []uint64 {
	i, ok := c.live[fr]
	if !ok {
		return nil
	}
	return c.masks[i : i+(fr.code.nregs+63)/64]
}

// size estimates the memory of the copy n in units of 16 bytes: each
// Value twice (the interface and what it boxes), each object a few, and
// the tables that are not Values (the race detector's shadow memory and
// clocks, the sync objects, the maps' entries, the frames).
func (c *Cloner) size(n *State) int {
	size := 2*len(c.seenPtr) + len(c.seenArr)
	for _, r := range c.regions {
		size += 2 * len(r.new)
	}
	for _, m := range c.maps {
		size += 4 * len(m.entries)
	}
	for _, g := range n.gs {
		size += 4 + len(g.vc)/4
		for _, fr := range g.frames {
			size += 8 + 2*len(fr.regs)
		}
	}
	size += 4 * (len(n.sync.mutexes) + len(n.sync.wgs) + len(n.sync.onces) + len(n.sync.conds) + len(n.sync.ids))
	if r := n.race; r != nil {
		for _, cell := range r.shadow {
			size += 8 + 8*len(cell.reads)
		}
		for _, vc := range r.syncVC {
			size += 2 + len(vc)/4
		}
	}
	return size
}

// Size estimates the memory of a state made by Clone, in units of 16
// bytes; 0 for other states.
func (s *State) Size() int { return s.size }

// reset empties the tables for the next copy, keeping their memory, and
// drops every reference to the states.
func (c *Cloner) reset() {
	c.s, c.n = nil, nil
	c.nFrames, c.nRegs, c.nClock, c.nFrameRefs = 0, 0, 0, 0
	c.nChans, c.nChanVals, c.nBufPos = 0, 0, 0
	c.nHolders, c.nSlots, c.nCells, c.nReads = 0, 0, 0, 0
	c.heap, c.gSlab, c.frameSlab, c.regSlab, c.clockSlab, c.frameRefSlab = nil, nil, nil, nil, nil, nil
	c.mutexSlab, c.wgSlab, c.onceSlab, c.sendSlab, c.recvSlab = nil, nil, nil, nil, nil
	c.chanSlab, c.chanValSlab, c.bufPosSlab = nil, nil, nil
	c.holderSlab, c.slotSlab, c.cellSlab, c.readSlab = nil, nil, nil, nil
	clear(c.seenPtr)
	clear(c.seenArr)
	clear(c.seen)
	clear(c.spans)
	c.spans = c.spans[:0]
	clear(c.regions)
	c.regions = c.regions[:0]
	clear(c.maps)
	clear(c.chans)
	clear(c.closures)
	clear(c.frames)
	clear(c.defers)
	clear(c.panics)
	clear(c.tests)
	clear(c.timers)
	clear(c.iters)
	clear(c.crashes)
	clear(c.live)
	c.masks = c.masks[:0]
}

// makeRegions merges the discovered spans into regions and allocates
// their copies (in spare, a recycled array, when it is large enough).
func (c *Cloner) makeRegions(spare []Value) {
	slices.SortFunc(c.spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	for _, sp := range c.spans {
		if n := len(c.regions); n > 0 && sp.lo < c.regions[n-1].hi {
			if r := &c.regions[n-1]; sp.hi > r.hi {
				r.hi = sp.hi
			}
			continue
		}
		c.regions = append(c.regions, region{lo: sp.lo, hi: sp.hi, first: sp.first})
	}
	total := 0
	for i := range c.regions {
		r := &c.regions[i]
		total += int((r.hi - r.lo) / valueSize)
	}
	// One array for all the copies (one allocation): each region gets
	// its part, with capacity its length.
	all := slab(spare, total)[:total]
	c.heap = all
	off := 0
	for i := range c.regions {
		r := &c.regions[i]
		n := int((r.hi - r.lo) / valueSize)
		// The region lies within the allocation first points into.
		r.old = unsafe.Slice(r.first, n)
		r.new = all[off : off+n : off+n]
		off += n
	}
}

// region returns the region holding address a.
func (c *Cloner) region(a uintptr) *region {
	i, _ := slices.BinarySearchFunc(c.regions, a, func(r region, a uintptr) int {
		if r.hi <= a {
			return -1
		}
		if r.lo > a {
			return 1
		}
		return 0
	})
	if i >= len(c.regions) || c.regions[i].lo > a || c.regions[i].hi <= a {
		panic(internalErrorf("clone: address not discovered"))
	}
	return &c.regions[i]
}

// addr translates a pointer.
func (c *Cloner) addr(p *Value) *Value {
	if p == nil {
		return nil
	}
	a := uintptr(unsafe.Pointer(p))
	r := c.region(a)
	return &r.new[(a-r.lo)/valueSize]
}

// array translates a backing array given as a slice header: it returns
// the copy's elements at the same offset, length and capacity.
func (c *Cloner) array(v []Value) []Value {
	if v == nil {
		return nil
	}
	n := cap(v)
	if n == 0 {
		return []Value{}
	}
	a := uintptr(unsafe.Pointer(&v[:n][0]))
	r := c.region(a)
	off := int((a - r.lo) / valueSize)
	return r.new[off : off+len(v) : off+n]
}

// clock copies a vector clock into the clock slab.
func (c *Cloner) clock(v vclock) vclock {
	if len(v) == 0 {
		return nil
	}
	i := len(c.clockSlab)
	c.clockSlab = append(c.clockSlab, v...)
	return c.clockSlab[i:len(c.clockSlab):len(c.clockSlab)]
}

// carve appends vs to *slab and returns the copy, with capacity its
// length (an append to it cannot run into the next one's), or nil for
// nil. A slab is sized by the discovery; past its capacity, append
// allocates anew, which only costs an allocation.
func carve[T any](slab *[]T, vs []T) []T {
	if vs == nil {
		return nil
	}
	i := len(*slab)
	*slab = append(*slab, vs...)
	return (*slab)[i:len(*slab):len(*slab)]
}

// carveRoom is carve with room for at least n elements.
func carveRoom[T any](slab *[]T, vs []T, n int) []T {
	n = max(n, len(vs))
	i := len(*slab)
	*slab = append(*slab, vs...)
	var zero T
	for len(*slab) < i+n {
		*slab = append(*slab, zero)
	}
	return (*slab)[i : i+len(vs) : i+n]
}

// fresh copies a list of values that nothing points into (arguments,
// environments).
func (c *Cloner) fresh(vs []Value) []Value {
	if vs == nil {
		return nil
	}
	return c.freshRoom(vs, len(vs))
}

// freshRoom copies a list of values as fresh does, into an array of at
// least n values.
func (c *Cloner) freshRoom(vs []Value, n int) []Value {
	out := make([]Value, len(vs), max(n, len(vs)))
	for i, v := range vs {
		out[i] = c.value(v)
	}
	return out
}

func (c *Cloner) value(v Value) Value {
	switch v := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		uintptr, float32, float64, complex64, complex128, string, *rtype:
		return v
	case *Value:
		return c.addr(v)
	case Struct:
		return Struct(c.array(v))
	case Array:
		return Array(c.array(v))
	case Slice:
		return Slice(c.array(v))
	case Tuple:
		return Tuple(c.array(v))
	case Iface:
		return Iface{T: v.T, V: c.value(v.V)}
	case *Map:
		return c.mapv(v)
	case *Chan:
		return c.chanv(v)
	case *Closure:
		return c.closure(v)
	case *deferStack:
		if v == nil {
			return v
		}
		return &deferStack{fr: c.frame(v.fr)}
	case iterator:
		return c.iter(v)
	}
	c.failed = true
	return nil
}

func (c *Cloner) mapv(m *Map) *Map {
	if m == nil {
		return nil
	}
	if n, ok := c.maps[m]; ok {
		return n
	}
	n := &Map{count: m.count, epoch: m.epoch}
	c.maps[m] = n
	n.entries = c.entries(m.entries)
	n.index = make(map[any]int, len(m.index))
	for i, e := range n.entries {
		if e.live {
			n.index[e.nk] = i
		}
	}
	return n
}

// entries copies map entries, with their normalised keys recomputed for
// the copied keys (they hold addresses).
func (c *Cloner) entries(es []mapEntry) []mapEntry {
	if es == nil {
		return nil
	}
	out := make([]mapEntry, len(es), cap(es))
	for i, e := range es {
		if !e.live {
			continue
		}
		k := c.value(e.key)
		out[i] = mapEntry{nk: c.s.it.keyOf(k), key: k, val: c.value(e.val), live: true}
	}
	return out
}

func (c *Cloner) iter(it iterator) iterator {
	if n, ok := c.iters[it]; ok {
		return n
	}
	var n iterator
	switch it := it.(type) {
	case *stringIter:
		if it == nil {
			return it
		}
		cp := *it
		n = &cp
	case *mapIter:
		if it == nil {
			return it
		}
		cp := &mapIter{i: it.i, epoch: it.epoch}
		cp.m = c.mapv(it.m)
		if it.m != nil && len(it.entries) > 0 && len(it.m.entries) > 0 && &it.entries[0] == &it.m.entries[0] {
			// The iteration still reads the map's own entries.
			if cp.m.entries != nil {
				cp.entries = cp.m.entries[:len(it.entries)]
			}
		} else {
			cp.entries = c.entries(it.entries)
		}
		n = cp
	default:
		c.failed = true
		return it
	}
	c.iters[it] = n
	return n
}

func (c *Cloner) chanv(ch *Chan) *Chan {
	if ch == nil {
		return nil
	}
	if n, ok := c.chans[ch]; ok {
		return n
	}
	c.chanSlab = append(c.chanSlab, *ch)
	n := &c.chanSlab[len(c.chanSlab)-1]
	c.chans[ch] = n
	// Room for the buffer to fill (up to a bound: a huge channel grows
	// as it is used), so that the copy's sends do not reallocate.
	room := chanRoom(ch)
	n.buf = carveRoom(&c.chanValSlab, ch.buf, room)
	for i, v := range n.buf {
		n.buf[i] = c.value(v)
	}
	n.bufPos = carveRoom(&c.bufPosSlab, ch.bufPos, room)
	n.holders = carve(&c.holderSlab, ch.holders)
	n.slotVC = carve(&c.slotSlab, ch.slotVC)
	for i, vc := range n.slotVC {
		n.slotVC[i] = c.clock(vc)
	}
	n.closeVC = c.clock(ch.closeVC)
	return n
}

// chanRoom is the room a copy of ch gets for its buffer.
func chanRoom(ch *Chan) int { return max(min(ch.cap, 64), len(ch.buf)) }

func (c *Cloner) closure(f *Closure) *Closure {
	if f == nil {
		return nil
	}
	if n, ok := c.closures[f]; ok {
		return n
	}
	n := &Closure{Fn: f.Fn, Builtin: f.Builtin}
	c.closures[f] = n
	n.Env = c.fresh(f.Env)
	return n
}

func (c *Cloner) frame(fr *frame) *frame {
	if fr == nil {
		return nil
	}
	if n, ok := c.frames[fr]; ok {
		return n
	}
	c.frameSlab = append(c.frameSlab, *fr)
	n := &c.frameSlab[len(c.frameSlab)-1]
	c.frames[fr] = n
	if fr.regs != nil {
		// Capacity len: an append would not run into the next frame's.
		// Dead registers are left nil.
		live := c.liveOf(fr)
		i := len(c.regSlab)
		for r, v := range fr.regs {
			if !isLive(live, r) {
				v = nil
			}
			c.regSlab = append(c.regSlab, c.value(v))
		}
		n.regs = c.regSlab[i:len(c.regSlab):len(c.regSlab)]
	}
	n.defers = c.deferred(fr.defers)
	n.panicDefer = c.panic(fr.panicDefer)
	n.onceDone = c.addr(fr.onceDone)
	return n
}

func (c *Cloner) deferred(d *deferred) *deferred {
	if d == nil {
		return nil
	}
	if n, ok := c.defers[d]; ok {
		return n
	}
	n := new(deferred)
	*n = *d
	c.defers[d] = n
	n.env = c.fresh(d.env)
	n.args = c.fresh(d.args)
	n.next = c.deferred(d.next)
	return n
}

func (c *Cloner) panic(p *panicState) *panicState {
	if p == nil {
		return nil
	}
	if n, ok := c.panics[p]; ok {
		return n
	}
	n := new(panicState)
	*n = *p
	c.panics[p] = n
	n.val = c.value(p.val)
	n.prev = c.panic(p.prev)
	return n
}

func (c *Cloner) test(ts *testState) *testState {
	if ts == nil {
		return nil
	}
	if n, ok := c.tests[ts]; ok {
		return n
	}
	n := new(testState)
	*n = *ts
	c.tests[ts] = n
	n.cleanups = make([]*Closure, len(ts.cleanups))
	for i, f := range ts.cleanups {
		n.cleanups[i] = c.closure(f)
	}
	n.parent = c.test(ts.parent)
	n.ctx = c.value(ts.ctx)
	n.cancel = c.closure(ts.cancel)
	return n
}

func (c *Cloner) timer(t *timerState) *timerState {
	if t == nil {
		return nil
	}
	if n, ok := c.timers[t]; ok {
		return n
	}
	n := new(timerState)
	*n = *t
	c.timers[t] = n
	n.ch = c.chanv(t.ch)
	n.fn = c.closure(t.fn)
	n.timerPtr = c.addr(t.timerPtr)
	n.vc = c.clock(t.vc)
	return n
}

func (c *Cloner) goroutine(g *Goroutine) *Goroutine {
	if g == nil {
		return nil
	}
	return c.n.gs[g.ID-1]
}

func (c *Cloner) crash(cr *Crash) *Crash {
	if cr == nil {
		return nil
	}
	if n, ok := c.crashes[cr]; ok {
		return n
	}
	n := new(Crash)
	*n = *cr
	c.crashes[cr] = n
	n.G = c.goroutine(cr.G)
	n.Value = c.value(cr.Value)
	n.Stack = slices.Clone(cr.Stack)
	return n
}

func (c *Cloner) op(o op) op {
	switch o := o.(type) {
	case nil:
		return nil
	case *exitOp, *resumeOp:
		return o // no state
	case *startOp:
		n := *o
		n.env, n.args = c.fresh(o.env), c.fresh(o.args)
		return &n
	case *sendOp:
		c.sendSlab = append(c.sendSlab, *o)
		n := &c.sendSlab[len(c.sendSlab)-1]
		n.ch, n.val = c.chanv(o.ch), c.value(o.val)
		return n
	case *recvOp:
		c.recvSlab = append(c.recvSlab, *o)
		n := &c.recvSlab[len(c.recvSlab)-1]
		n.ch = c.chanv(o.ch)
		return n
	case *closeOp:
		n := *o
		n.ch = c.chanv(o.ch)
		return &n
	case *selectOp:
		n := *o
		n.cases = make([]selCase, len(o.cases))
		for i, cs := range o.cases {
			cs.ch, cs.val = c.chanv(cs.ch), c.value(cs.val)
			n.cases[i] = cs
		}
		return &n
	case *nativeOp:
		n := *o
		n.env, n.args = c.fresh(o.env), c.fresh(o.args)
		return &n
	case *crashOp:
		n := *o
		n.panic, n.crash = c.panic(o.panic), c.crash(o.crash)
		return &n
	case *memAccessOp:
		n := *o
		n.addr, n.val = c.addr(o.addr), c.value(o.val)
		return &n
	case *sleepOp:
		n := *o
		n.t = c.timer(o.t)
		return &n
	case *condWakeOp:
		n := *o
		n.cond, n.lock = c.addr(o.cond), c.addr(o.lock)
		return &n
	case *subtestWaitOp:
		n := *o
		n.sub, n.ts = c.goroutine(o.sub), c.test(o.ts)
		return &n
	}
	c.failed = true
	return nil
}

// key translates a key of the race detector's or the sync model's maps.
func (c *Cloner) key(k any) any {
	switch k := k.(type) {
	case *Value:
		return c.addr(k)
	case chanState:
		return chanState{c.chanv(k.ch)}
	case readersKey:
		return readersKey{c.addr(k.p)}
	case poolKey:
		return poolKey{c.addr(k.p)}
	case *Map:
		return c.mapv(k)
	case *testState:
		return c.test(k)
	}
	c.failed = true
	return k
}

// state copies the whole state.
func (c *Cloner) state() {
	s := c.s
	n := c.spareState
	c.spareState = nil
	if n == nil {
		n = new(State)
	}
	c.n = n
	*n = *s
	n.slabs = nil // s's own: n gets its own when the copy is done
	// Fresh buffers: copies of a bytes.Buffer would append into one array.
	n.Stdout, n.Stderr = bytes.Buffer{}, bytes.Buffer{}
	n.Stdout.Write(s.Stdout.Bytes())
	n.Stderr.Write(s.Stderr.Bytes())
	n.spawned, n.localWrites, n.localReads, n.framePool = nil, nil, nil, nil
	n.fx, n.fxBuf, n.fxOK, n.fxChecked = nil, nil, false, false // s.fx may be s's buffer
	n.findings = slices.Clone(s.findings)
	if s.rand != nil {
		n.randSrc = newCountedSource(s.randSrc.n)
		n.rand = rand.New(n.randSrc)
	}
	n.zeroBase = c.addr(s.zeroBase)

	n.globals = make([]*Value, len(s.globals))
	for i, p := range s.globals {
		n.globals[i] = c.addr(p)
	}
	n.gs = make([]*Goroutine, len(s.gs))
	for i, g := range s.gs {
		c.gSlab = append(c.gSlab, *g)
		n.gs[i] = &c.gSlab[i]
	}
	for i, g := range s.gs {
		ng := n.gs[i]
		ng.frames = carve(&c.frameRefSlab, g.frames)
		for j, fr := range ng.frames {
			ng.frames[j] = c.frame(fr)
		}
		ng.panic = c.panic(g.panic)
		ng.pending = c.op(g.pending)
		ng.cbResult = c.value(g.cbResult)
		ng.vc = c.clock(g.vc)
		ng.exitWG = c.addr(g.exitWG)
		ng.exitTest = c.test(g.exitTest)
	}
	n.crash = c.crash(s.crash)
	n.timers = make([]*timerState, len(s.timers))
	for i, t := range s.timers {
		n.timers[i] = c.timer(t)
	}
	n.chans = make([]*Chan, len(s.chans))
	for i, ch := range s.chans {
		n.chans[i] = c.chanv(ch)
	}
	if s.tests != nil {
		n.tests = make(map[*Value]*testState, len(s.tests))
		for p, ts := range s.tests {
			n.tests[c.addr(p)] = c.test(ts)
		}
	}
	c.syncState()
	if s.race != nil {
		c.raceState()
	}
}

func (c *Cloner) syncState() {
	old, n := &c.s.sync, &c.n.sync
	*n = c.spareSync
	c.spareSync = syncState{}
	if n.mutexes == nil {
		*n = newSyncState()
	}
	// The objects' states are carved out of one array per kind, sized
	// here (append past it would move earlier ones: pointers are taken).
	c.mutexSlab = slab(c.mutexSlab, len(old.mutexes))
	for p, m := range old.mutexes {
		c.mutexSlab = append(c.mutexSlab, *m)
		n.mutexes[c.addr(p)] = &c.mutexSlab[len(c.mutexSlab)-1]
	}
	c.wgSlab = slab(c.wgSlab, len(old.wgs))
	for p, w := range old.wgs {
		c.wgSlab = append(c.wgSlab, *w)
		n.wgs[c.addr(p)] = &c.wgSlab[len(c.wgSlab)-1]
	}
	c.onceSlab = slab(c.onceSlab, len(old.onces))
	for p, o := range old.onces {
		c.onceSlab = append(c.onceSlab, *o)
		n.onces[c.addr(p)] = &c.onceSlab[len(c.onceSlab)-1]
	}
	for p, cd := range old.conds {
		n.conds[c.addr(p)] = &condState{waiters: slices.Clone(cd.waiters)}
	}
	for p, id := range old.ids {
		n.ids[c.addr(p)] = id
	}
	if old.maps != nil {
		n.maps = make(map[*Value]*Map, len(old.maps))
		for p, m := range old.maps {
			n.maps[c.addr(p)] = c.mapv(m)
		}
	}
	if old.pools != nil {
		n.pools = make(map[*Value][]Value, len(old.pools))
		for p, vs := range old.pools {
			n.pools[c.addr(p)] = c.fresh(vs)
		}
	}
}

func (c *Cloner) raceState() {
	old := c.s.race
	n := &raceState{shadow: make(map[any]*shadowCell, len(old.shadow)), syncVC: make(map[any]vclock, len(old.syncVC)), now: old.now}
	c.n.race = n
	for k, cell := range old.shadow {
		c.cellSlab = append(c.cellSlab, *cell)
		cp := &c.cellSlab[len(c.cellSlab)-1]
		cp.writeVal = c.value(cell.writeVal)
		cp.reads = carve(&c.readSlab, cell.reads)
		for i := range cp.reads {
			cp.reads[i].val = c.value(cp.reads[i].val)
		}
		n.shadow[c.key(k)] = cp
	}
	for k, vc := range old.syncVC {
		n.syncVC[c.key(k)] = c.clock(vc)
	}
}

// Discovery: the same traversal as the copy, recording the ranges of
// Values that pointers and slices refer to (and allocating nothing).

// once reports whether object p is met for the first time.
func (c *Cloner) once(p unsafe.Pointer) bool {
	if p == nil || c.seen[p] {
		return false
	}
	c.seen[p] = true
	return true
}

func (c *Cloner) seePtr(p *Value) {
	if p == nil || c.seenPtr[p] {
		return
	}
	c.seenPtr[p] = true
	a := uintptr(unsafe.Pointer(p))
	c.spans = append(c.spans, span{lo: a, hi: a + valueSize, first: p})
	c.see(*p)
}

func (c *Cloner) seeArr(v []Value) {
	n := cap(v)
	if n == 0 {
		return
	}
	full := v[:n]
	a := uintptr(unsafe.Pointer(&full[0]))
	sp := span{lo: a, hi: a + uintptr(n)*valueSize, first: &full[0]}
	if c.seenArr[sp] {
		return
	}
	c.seenArr[sp] = true
	c.spans = append(c.spans, sp)
	for _, x := range full {
		c.see(x)
	}
}

func (c *Cloner) seeAll(vs []Value) {
	for _, v := range vs {
		c.see(v)
	}
}

func (c *Cloner) see(v Value) {
	switch v := v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		uintptr, float32, float64, complex64, complex128, string, *rtype:
	case *Value:
		c.seePtr(v)
	case Struct:
		c.seeArr(v)
	case Array:
		c.seeArr(v)
	case Slice:
		c.seeArr(v)
	case Tuple:
		c.seeArr(v)
	case Iface:
		c.see(v.V)
	case *Map:
		c.seeMap(v)
	case *Chan:
		c.seeChan(v)
	case *Closure:
		c.seeClosure(v)
	case *deferStack:
		if v != nil {
			c.seeFrame(v.fr)
		}
	case *stringIter:
	case *mapIter:
		if v != nil && c.once(unsafe.Pointer(v)) {
			c.seeMap(v.m)
			c.seeEntries(v.entries)
		}
	default:
		c.failed = true
	}
}

func (c *Cloner) seeMap(m *Map) {
	if m != nil && c.once(unsafe.Pointer(m)) {
		c.seeEntries(m.entries)
	}
}

func (c *Cloner) seeEntries(es []mapEntry) {
	for _, e := range es {
		if e.live {
			c.see(e.key)
			c.see(e.val)
		}
	}
}

func (c *Cloner) seeChan(ch *Chan) {
	if ch != nil && c.once(unsafe.Pointer(ch)) {
		c.nChans++
		room := chanRoom(ch)
		c.nChanVals += room
		c.nBufPos += max(room, len(ch.bufPos))
		c.nHolders += len(ch.holders)
		c.nSlots += len(ch.slotVC)
		for _, vc := range ch.slotVC {
			c.nClock += len(vc)
		}
		c.nClock += len(ch.closeVC)
		c.seeAll(ch.buf)
	}
}

func (c *Cloner) seeClosure(f *Closure) {
	if f != nil && c.once(unsafe.Pointer(f)) {
		c.seeAll(f.Env)
	}
}

func (c *Cloner) seeFrame(fr *frame) {
	if fr == nil || !c.once(unsafe.Pointer(fr)) {
		return
	}
	c.nFrames++
	c.nRegs += len(fr.regs)
	live := c.liveOf(fr)
	for r, v := range fr.regs {
		if isLive(live, r) {
			c.see(v)
		}
	}
	for d := fr.defers; d != nil; d = d.next {
		c.seeAll(d.env)
		c.seeAll(d.args)
	}
	c.seePanic(fr.panicDefer)
	c.seePtr(fr.onceDone)
}

func (c *Cloner) seePanic(p *panicState) {
	for ; p != nil && c.once(unsafe.Pointer(p)); p = p.prev {
		c.see(p.val)
	}
}

func (c *Cloner) seeTest(ts *testState) {
	for ; ts != nil && c.once(unsafe.Pointer(ts)); ts = ts.parent {
		for _, f := range ts.cleanups {
			c.seeClosure(f)
		}
		c.see(ts.ctx)
		c.seeClosure(ts.cancel)
	}
}

func (c *Cloner) seeTimer(t *timerState) {
	if t != nil && c.once(unsafe.Pointer(t)) {
		c.seeChan(t.ch)
		c.seeClosure(t.fn)
		c.seePtr(t.timerPtr)
		c.nClock += len(t.vc)
	}
}

func (c *Cloner) seeOp(o op) {
	switch o := o.(type) {
	case nil, *exitOp, *resumeOp:
	case *startOp:
		c.seeAll(o.env)
		c.seeAll(o.args)
	case *sendOp:
		c.seeChan(o.ch)
		c.see(o.val)
	case *recvOp:
		c.seeChan(o.ch)
	case *closeOp:
		c.seeChan(o.ch)
	case *selectOp:
		for _, cs := range o.cases {
			c.seeChan(cs.ch)
			c.see(cs.val)
		}
	case *nativeOp:
		c.seeAll(o.env)
		c.seeAll(o.args)
	case *crashOp:
		c.seePanic(o.panic)
		if o.crash != nil {
			c.see(o.crash.Value)
		}
	case *memAccessOp:
		c.seePtr(o.addr)
		c.see(o.val)
	case *sleepOp:
		c.seeTimer(o.t)
	case *condWakeOp:
		c.seePtr(o.cond)
		c.seePtr(o.lock)
	case *subtestWaitOp:
		c.seeTest(o.ts)
	default:
		c.failed = true
	}
}

func (c *Cloner) seeKey(k any) {
	switch k := k.(type) {
	case *Value:
		c.seePtr(k)
	case chanState:
		c.seeChan(k.ch)
	case readersKey:
		c.seePtr(k.p)
	case poolKey:
		c.seePtr(k.p)
	case *Map:
		c.seeMap(k)
	case *testState:
		c.seeTest(k)
	default:
		c.failed = true
	}
}

func (c *Cloner) seeState() {
	s := c.s
	c.seePtr(s.zeroBase)
	for _, p := range s.globals {
		c.seePtr(p)
	}
	for _, g := range s.gs {
		c.nFrameRefs += len(g.frames)
		for _, fr := range g.frames {
			c.seeFrame(fr)
		}
		c.seePanic(g.panic)
		c.seeOp(g.pending)
		c.see(g.cbResult)
		c.seePtr(g.exitWG)
		c.seeTest(g.exitTest)
		c.nClock += len(g.vc)
	}
	if s.crash != nil {
		c.see(s.crash.Value)
	}
	for _, t := range s.timers {
		c.seeTimer(t)
	}
	for _, ch := range s.chans {
		c.seeChan(ch)
	}
	for p, ts := range s.tests {
		c.seePtr(p)
		c.seeTest(ts)
	}
	sy := &s.sync
	for p := range sy.mutexes {
		c.seePtr(p)
	}
	for p := range sy.wgs {
		c.seePtr(p)
	}
	for p := range sy.onces {
		c.seePtr(p)
	}
	for p := range sy.conds {
		c.seePtr(p)
	}
	for p := range sy.ids {
		c.seePtr(p)
	}
	for p, m := range sy.maps {
		c.seePtr(p)
		c.seeMap(m)
	}
	for p, vs := range sy.pools {
		c.seePtr(p)
		c.seeAll(vs)
	}
	if r := s.race; r != nil {
		c.nCells += len(r.shadow)
		for k, cell := range r.shadow {
			c.seeKey(k)
			c.nReads += len(cell.reads)
			c.see(cell.writeVal)
			for _, rd := range cell.reads {
				c.see(rd.val)
			}
		}
		for k, vc := range r.syncVC {
			c.seeKey(k)
			c.nClock += len(vc)
		}
	}
}
