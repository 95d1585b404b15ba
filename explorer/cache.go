package explorer

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"

	"github.com/cmcheck/cmcheck/model"
)

// State caching combined with dynamic partial-order reduction.
//
// With caching on, every state the search reaches is fingerprinted
// (model.State.Fingerprint, a 64-bit hash: hash compaction, Wolper and
// Leroy 1993) and a state already explored is not explored again. Two
// interactions make that subtle, and are handled as follows.
//
// DPOR computes backtrack points from the steps that follow a state: a
// search that stops at a cached state never sees the steps below it,
// and would miss the backtrack points they call for on the new path (the
// trap described by Yang, Chen, Gopalakrishnan and Kirby, "Efficient
// stateful dynamic partial order reduction", SPIN 2008). So each
// explored state keeps a summary: the set of (goroutine, object) pairs
// the operations below it touch (every pending operation the search
// peeked at, at every state of its subtree, plus "conflicts with
// everything" for steps that end the run). When the search reaches a
// cached state, it treats every entry of the summary as an operation
// that may come next and adds backtrack points for it on the current
// path, as for an operation it runs: at the last earlier step it
// conflicts with that does not happen before it. Each entry carries its
// operation's ancestry, from which its happens-before clock on the new
// path is exact (ancestry.go); entries whose backtracking stops below
// the state are not passed up.
//
// Sleep sets prune transitions whose orderings are covered elsewhere,
// relative to the path by which the state was reached. A state's entry
// keeps the sleep set it was explored with; a new visit is pruned only if
// its sleep set contains the stored one (Godefroid 1996, ch. 5);
// otherwise the state is explored again with the new sleep set, and the
// entry keeps the intersection of the two.
//
// Cycles: reaching a state that is still being explored (on the current
// path) fully expands every state of the cycle (the cycle proviso of
// partial-order reduction, so that no transition is ignored forever), and
// the states on the cycle are not cached as finished, since their
// summaries miss the part of the cycle not yet explored; the state that
// closes the cycle is cached when its own exploration ends.

// sumEntry is one (goroutine, object) pair of a summary.
type sumEntry struct {
	g      int32 // the goroutine that will perform the operation (0: the timers)
	anc    int32 // the operation's ancestry (ancestry.go): the clocks at the state its clock joins
	obj    int32 // the interned object (unused when global)
	flags  uint8
	global bool
}

const (
	sumLock    uint8 = 1 << iota // the operation acquires a lock
	sumWaits                     // the operation waits for another step (a receive, Wait)
	sumReads                     // the operation only reads its object (an RLock)
	sumOrdered                   // the object is the operation's pendingOp.ordered: the steps that changed it do not conflict (addOrdered)
)

// summary is a set of entries being built: a list, without repeats while
// it is short (add looks for the entry), with repeats past that until
// compact drops them.
type summary []sumEntry

// scanUpTo is the length up to which add looks for the entry in the
// list. Summaries hold about 15 entries on the benchmark suite; sorting
// them to drop repeats took 5-6% of the pipeline's time.
const scanUpTo = 32

func (s *summary) add(e sumEntry) {
	if len(*s) <= scanUpTo && slices.Contains(*s, e) {
		return
	}
	*s = append(*s, e)
}

// compact drops the repeats of a long list (sorting it).
func (s *summary) compact() {
	if len(*s) <= scanUpTo {
		return
	}
	slices.SortFunc(*s, cmpEntry)
	*s = slices.CompactFunc(*s, func(a, b sumEntry) bool { return a == b })
}

// stateCache holds the fingerprints of the explored states and the
// interned summaries and sleep sets they refer to.
//
// The fingerprints are in an open addressing table with linear probing,
// 12 bytes a slot (a fingerprint and the index of its entry). Its length
// need not be a power of two (see slot), so it grows by a fifth rather
// than doubling: growing when more than 92% of the slots are used keeps
// the load above 0.92/1.2 ≈ 0.77 once the table has grown, that is 13.0
// to 15.7 bytes per stored state (doubling at a load of 3/4 took 16 to
// 32). The price is longer probes: near a load of 0.92 a probe for an
// absent fingerprint passes some 80 slots on average (½(1+1/(1-α)²),
// Knuth, TAOCP 6.4), though all in sequence in memory; see
// BenchmarkStateCacheLookup. Fingerprints are well mixed 64-bit hashes,
// so the clusters are those of uniform hashing.
type stateCache struct {
	keys  []uint64
	vals  []uint32 // index into infos, +1 (0: empty slot)
	count int

	infos   []cacheInfo
	infoIDs map[cacheInfo]uint32

	sums setTable[sumEntry] // the distinct summaries

	sleeps   [][]sleepKey
	sleepIDs map[string]int32

	ancs ancTable // the summary entries' ancestries

	// mu guards the cache when several workers share it (workers.go).
	mu     spinLock
	shared bool
}

const (
	cacheSlots = 1 << 12 // initial length of the table
	// The table grows by 1/cacheGrowth of its length when more than
	// cacheLoadNum/cacheLoadDen of its slots are used. Once it has grown
	// it takes less than 12·(1+1/cacheGrowth)·cacheLoadDen/cacheLoadNum
	// bytes per stored state (15.65), which must stay at most 16
	// (TestStateCache).
	cacheGrowth                = 5
	cacheLoadNum, cacheLoadDen = 23, 25
)

type cacheInfo struct {
	sum, sleep int32
}

func newStateCache() *stateCache {
	c := &stateCache{
		keys:     make([]uint64, cacheSlots),
		vals:     make([]uint32, cacheSlots),
		infoIDs:  make(map[cacheInfo]uint32),
		sleepIDs: make(map[string]int32),
	}
	return c
}

// slot returns the slot holding fp, or the empty slot where it belongs.
// The probe starts at fp·n/2⁶⁴ for a table of n slots: one
// multiplication maps the (uniform) fingerprints uniformly onto any
// length, where fp mod n would take a division (Lemire, "Fast random
// integer generation in an interval", ACM TOMACS 29(1), 2019).
func (c *stateCache) slot(fp uint64) int {
	keys := c.keys
	vals := c.vals[:len(keys)] // same length: one bounds check for both
	hi, _ := bits.Mul64(fp, uint64(len(keys)))
	i := int(hi)
	for vals[i] != 0 && keys[i] != fp {
		i++
		if i == len(keys) {
			i = 0
		}
	}
	return i
}

// lookup returns the entry of fingerprint fp.
func (c *stateCache) lookup(fp uint64) (cacheInfo, bool) {
	i := c.slot(fp)
	if c.vals[i] == 0 {
		return cacheInfo{}, false
	}
	return c.infos[c.vals[i]-1], true
}

// store records (or replaces) the entry of fp.
func (c *stateCache) store(fp uint64, info cacheInfo) {
	id, ok := c.infoIDs[info]
	if !ok {
		c.infos = append(c.infos, info)
		id = uint32(len(c.infos))
		c.infoIDs[info] = id
	}
	i := c.slot(fp)
	if c.vals[i] == 0 {
		c.count++
	}
	c.keys[i], c.vals[i] = fp, id
	if c.count*cacheLoadDen > len(c.keys)*cacheLoadNum {
		c.grow()
	}
}

// grow moves the fingerprints to a table a fifth longer. (A
// fingerprint's first slot grows with its value in both tables, so the
// copy writes the new table about in sequence.)
func (c *stateCache) grow() {
	keys, vals := c.keys, c.vals
	n := len(keys) + len(keys)/cacheGrowth
	c.keys = make([]uint64, n)
	c.vals = make([]uint32, n)
	for i, v := range vals {
		if v != 0 {
			j := c.slot(keys[i])
			c.keys[j], c.vals[j] = keys[i], v
		}
	}
}

// bytes is the memory the fingerprint table takes.
func (c *stateCache) bytes() int { return len(c.keys) * 12 }

// omission estimates the probability that hash compaction made the
// search skip a state: the chance that some stored fingerprint collided
// with another state's, about n²/2⁶⁵ for n states (Wolper and Leroy).
func (c *stateCache) omission() float64 {
	n := float64(c.count)
	return n * n / (1 << 65)
}

// sortSummary sorts a compacted summary as internSortedSum numbers it
// and returns its hash (done before the cache is locked, when workers
// share it).
func sortSummary(es summary) uint64 {
	slices.SortFunc(es, cmpEntry)
	h := uint64(len(es))
	for _, e := range es {
		hi, lo := e.packed()
		h = model.Mix64(h ^ hi)
		h = model.Mix64(h ^ lo)
	}
	return h
}

// internSortedSum numbers a summary sorted by sortSummary, which
// returned h; the cache keeps a copy.
func (c *stateCache) internSortedSum(es summary, h uint64) int32 {
	if id, ok := c.sums.find(es, h); ok {
		return id
	}
	return c.sums.add(slices.Clone(es), h)
}

// cmpEntry orders entries by goroutine, ancestry, object, flags, and
// global last.
func cmpEntry(a, b sumEntry) int {
	switch {
	case a.g != b.g:
		return cmp.Compare(a.g, b.g)
	case a.anc != b.anc:
		return cmp.Compare(a.anc, b.anc)
	case a.obj != b.obj:
		return cmp.Compare(a.obj, b.obj)
	case a.flags != b.flags:
		return cmp.Compare(a.flags, b.flags)
	case a.global != b.global:
		if a.global {
			return 1
		}
		return -1
	}
	return 0
}

// packed returns e as two words that compare as cmpEntry orders.
func (e sumEntry) packed() (hi, lo uint64) {
	hi = uint64(uint32(e.g)^1<<31)<<32 | uint64(uint32(e.anc)^1<<31)
	lo = uint64(uint32(e.obj)^1<<31)<<16 | uint64(e.flags)<<8
	if e.global {
		lo |= 1
	}
	return hi, lo
}

// sleepKeys sorts the keys ks (distinct) and returns the bytes that
// name the set, in key's memory (done before the cache is locked, when
// workers share it).
func sleepKeys(ks []sleepKey, key []byte) []byte {
	slices.SortFunc(ks, cmpSleepKey)
	key = key[:0]
	for _, k := range ks {
		key = binary.LittleEndian.AppendUint32(key, uint32(k.g))
		key = append(key, byte(k.alt.Kind))
		key = binary.LittleEndian.AppendUint32(key, uint32(k.alt.Case))
		key = binary.LittleEndian.AppendUint32(key, uint32(k.alt.Partner))
		key = binary.LittleEndian.AppendUint32(key, uint32(k.alt.PartnerCase))
	}
	return key
}

// internSleepKeys numbers the sleep set ks, named key by sleepKeys; the
// cache keeps copies.
func (c *stateCache) internSleepKeys(ks []sleepKey, key []byte) int32 {
	if id, ok := c.sleepIDs[string(key)]; ok {
		return id
	}
	id := int32(len(c.sleeps))
	c.sleeps = append(c.sleeps, slices.Clone(ks))
	c.sleepIDs[string(key)] = id
	return id
}

func cmpSleepKey(a, b sleepKey) int {
	return cmp.Or(cmp.Compare(a.g, b.g), cmp.Compare(a.alt.Kind, b.alt.Kind), cmp.Compare(a.alt.Case, b.alt.Case),
		cmp.Compare(a.alt.Partner, b.alt.Partner), cmp.Compare(a.alt.PartnerCase, b.alt.PartnerCase))
}

// sleepCovers reports whether the sleep set stored (in canonical
// numbers) is contained in cur (in the numbers of the state, renamed by
// p).
func sleepCovers(stored []sleepKey, cur sleeping, p perm) bool {
	for _, k := range stored {
		if _, ok := cur[mapSleep(k, p.own)]; !ok {
			return false
		}
	}
	return true
}

// appendIntersectSleep appends to out the keys of stored (canonical,
// distinct) whose renaming is in cur.
func appendIntersectSleep(out, stored []sleepKey, cur sleeping, p perm) []sleepKey {
	for _, k := range stored {
		if _, ok := cur[mapSleep(k, p.own)]; ok {
			out = append(out, k)
		}
	}
	return out
}

// appendSleepSet appends to out the keys of cur in canonical numbers
// (distinct: the renaming is one to one).
func appendSleepSet(out []sleepKey, cur sleeping, p perm) []sleepKey {
	for k := range cur {
		out = append(out, mapSleep(k, p.canon))
	}
	return out
}

// acquisition is what the entry's operation does to a lock.
func (e sumEntry) acquisition() acquisition {
	return acquisitionOf(e.flags&sumLock != 0, e.flags&sumReads != 0)
}

// addEntries adds the summary entries of goroutine g's pending operation,
// whose objects are acc (interned, write: the operation changes the
// object; see opAccesses).
func (x *explorer) addEntries(sum *summary, g int, op pendingOp, acc []access) {
	var flags uint8
	if op.lock {
		flags |= sumLock
	}
	if op.waits {
		flags |= sumWaits
	}
	if op.global {
		if op.reads {
			flags |= sumReads
		}
		sum.add(sumEntry{g: int32(g), anc: x.selfAnc(g), flags: flags, global: true})
		return
	}
	anc := x.selfAnc(g)
	ordered := int32(-1)
	if op.ordered != "" {
		ordered = x.intern(op.ordered)
	}
	for _, a := range acc {
		f := flags
		if a.obj == ordered {
			f |= sumOrdered
		}
		if !a.write {
			f |= sumReads
		}
		sum.add(sumEntry{g: int32(g), anc: anc, obj: a.obj, flags: f})
	}
}

// mergeSummary adds a child state's summary to its parent node's, the
// ancestries pulled back through the parent's step.
func (x *explorer) mergeSummary(parent *node, sum summary) {
	for i, e := range sum {
		if i%4096 == 4095 && x.unwindBound() {
			return
		}
		x.mergeEntry(parent, e)
	}
}

// mergeEntry adds entry e of the state after parent's step to parent's
// summary, unless the backtracking scan for its operation stops at that
// step.
func (x *explorer) mergeEntry(parent *node, e sumEntry) {
	anc, hb := x.lift(parent, e.anc)
	if x.scanStops(parent, e, hb) {
		return
	}
	e.anc = anc
	parent.sum.add(e)
}

// cached fingerprints the state of the new node n at depth and reports
// whether the search can stop there: the state was explored already
// (with a sleep set contained in n's), or it is on the current path.
func (x *explorer) cached(s *model.State, n *node, depth int, pc *procClocks) bool {
	fp, ok := s.Fingerprint(x.hasher)
	if !ok {
		return false
	}
	if x.opts.Preemptions > 0 {
		// What can follow depends on the preemptions left and on who
		// ran last.
		fp = fp*0x9e3779b97f4a7c15 ^ uint64(n.preempts)<<32 ^ uint64(n.lastG)
	}
	c := x.cache
	n.fp, n.hashed, n.perm = fp, true, newPerm(x.hasher)
	if n.remote {
		// A node of a work unit's prefix (workers.go): its subtree
		// belongs to other workers; it is only kept for cycles.
		x.onStack[fp] = depth
		return false
	}
	if d, on := x.onStack[fp]; on {
		// A cycle: expand every state on it fully; their summaries are
		// partial until the state at d is done.
		for k := d; k < depth; k++ {
			nk := x.stack[k]
			nk.markAll(markBacktrack)
			if k > d {
				nk.taint = min(nk.taint, d)
			}
		}
		x.res.Stats.CacheHits++
		return true
	}
	c.lock()
	info, found := c.lookup(fp)
	var sum []sumEntry
	if found {
		sum = c.sums.sets[info.sum]
	}
	if found && !sleepCovers(c.sleeps[info.sleep], n.sleep, n.perm) {
		// Explored with transitions asleep that are awake now: explore
		// again; the entry will keep the intersection.
		n.prevSleep = info.sleep
		n.prevSleepKeys = c.sleeps[info.sleep]
		found = false
	}
	c.unlock()
	if !n.perm.identity() {
		sum = x.mapSummary(sum, n.perm.own)
	}
	if n.prevSleep >= 0 {
		n.sum = append(n.sum[:0], sum...)
	}
	if !found {
		x.onStack[fp] = depth
		return false
	}
	x.res.Stats.CacheHits++
	for _, e := range sum {
		if !x.opts.NoReduction {
			x.backtrackSummary(depth, e, pc)
		}
		if depth > 0 {
			x.mergeEntry(x.stack[depth-1], e)
		}
	}
	return true
}

// finishNode records the node just popped from depth in the cache and
// passes its summary to its parent.
func (x *explorer) finishNode(n *node, depth int) {
	c := x.cache
	n.sum.compact()
	if depth > 0 {
		parent := x.stack[depth-1]
		x.mergeSummary(parent, n.sum)
		if n.taint < depth-1 {
			parent.taint = min(parent.taint, n.taint)
		}
	}
	if !n.hashed {
		return
	}
	delete(x.onStack, n.fp)
	if n.taint < depth {
		return // on a cycle that is still being explored, or shared with other workers
	}
	sum := n.sum
	if !n.perm.identity() {
		sum = x.mapSummary(sum, n.perm.canon)
	}
	// What takes time is done before the lock: sorting and naming.
	h := sortSummary(sum)
	if n.prevSleep >= 0 {
		x.sleepKeyBuf = appendIntersectSleep(x.sleepKeyBuf[:0], n.prevSleepKeys, n.sleep, n.perm)
	} else {
		x.sleepKeyBuf = appendSleepSet(x.sleepKeyBuf[:0], n.sleep, n.perm)
	}
	x.sleepNameBuf = sleepKeys(x.sleepKeyBuf, x.sleepNameBuf)
	c.lock()
	defer c.unlock()
	c.store(n.fp, cacheInfo{sum: c.internSortedSum(sum, h), sleep: c.internSleepKeys(x.sleepKeyBuf, x.sleepNameBuf)})
}

// lock and unlock guard the cache when workers share it.
func (c *stateCache) lock() {
	if c.shared {
		c.mu.Lock()
	}
}

func (c *stateCache) unlock() {
	if c.shared {
		c.mu.Unlock()
	}
}

// backtrackSummary adds backtrack points on the current path for an
// operation that may follow the state at depth i (a summary entry of a
// cached state), as backtrackFor does for a pending operation, with the
// operation's exact clock (ancestry.go).
func (x *explorer) backtrackSummary(i int, e sumEntry, pc *procClocks) {
	var lists []candList
	if !e.global {
		if e.flags&sumOrdered != 0 {
			lists = x.addOrdered(x.scratchLists(), e.obj, e.flags&sumReads != 0, pc)
		} else {
			lists = x.addObjCandidates(x.scratchLists(), e.obj, e.flags&sumReads != 0, pc)
		}
		if e.g == 0 && len(pc.timerSteps) > 0 {
			lists = append(lists, candList{steps: pc.timerSteps, obj: -1})
		}
		x.lists = lists
	}
	x.scan(i, int(e.g), lists, e.acquisition(), e.flags&sumWaits != 0, true, x.ancClock(e.anc, pc), e.anc)
}

// cacheStats adds the cache's figures of the round to the statistics.
func (x *explorer) cacheStats() {
	st := &x.res.Stats
	st.DeadlockStates = len(x.deadlocks)
	c := x.cache
	if c == nil {
		return
	}
	st.States += c.count
	st.CacheBytes = max(st.CacheBytes, c.bytes())
	st.Omission += c.omission()
}
