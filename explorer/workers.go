package explorer

import (
	"context"
	"encoding/binary"
	"fmt"
	"maps"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/ssa"

	"github.com/cmcheck/cmcheck/model"
)

// Parallel search within one entry point (Options.Workers > 1).
//
// The search tree is split into work units: a unit is a node of the tree,
// named by the schedule that leads to it from the initial state, and one
// transition to take there; the worker that takes the unit replays the
// schedule, takes the transition and searches the subtree below it
// depth-first exactly as the sequential search does (reduction, sleep
// sets, state caching, snapshots). The first unit is the whole tree. A
// worker with work gives a unit away when another is idle (Yang, Chen,
// Gopalakrishnan and Kirby, "Distributed dynamic partial order reduction
// based verification of threaded software", SPIN 2007, split the search
// the same way): the deepest node of its stack that still has a
// transition to explore, and idle workers take the latest unit first.
// Deep first, unlike the usual work stealing, because what makes the
// sequential search small is what it has explored before a subtree: the
// states cached and the siblings asleep. A subtree split off early, near
// the root, runs with little of either: on philo_mutex N=5, giving away
// the shallowest node made the search ten times larger (44k executions
// instead of 4.3k); the deepest, 1.3 times (5.6k).
//
// Soundness. Partial-order reduction adds backtrack points to the nodes
// of the current path, the prefix of the unit included. A node of another
// worker's path cannot be reached, so a backtrack point there becomes a
// new unit. Each node that has been given away from is shared: a
// transition is explored there only by the worker that claims it first
// (the claims are kept per node), so every transition added to any node
// is explored exactly once, by someone. A unit starts with the sleep set
// the node has on its owner's path, plus the transitions started there
// by the time the unit is taken (by its owner or as other units: a
// transition is started once its step has run there), asleep below it as
// they are in the sequential search below the transitions explored after
// them: a sleeping transition only has to be explored from the node by
// the end of the search, as the owner's own later transitions there
// already assume of the units given away below its earlier ones. The
// order is the order in which the transitions start: a unit's sleep set
// is read before its own transition starts, so of two transitions at a
// node at most one is asleep below the other. (Without them, the
// parallel search explored 10% more than the sequential one on
// philo_chan N=8 and 40% more on philo_mutex N=8; an earlier attempt at
// them lost an outcome, which came from a dependency missing in the
// model, fixed since: wgorder/arrival. With the transitions finished
// rather than started, the ones being explored by the owner when the
// unit was taken were missing: philo_chan N=10, 5.4 to 5.9 million
// transitions instead of 4.83 million, now 4.93 million.)
// Shared nodes, and the nodes of a unit's prefix, are never stored in
// the state cache, since part of what
// follows them is explored elsewhere and their summaries are partial;
// every other node's subtree is explored by the worker that owns it, so
// its summary is complete and its entry can be used by every worker (the
// cache is shared, under a lock, with fingerprints numbered alike by all
// workers: model.Numbering). Cycles are detected on each worker's own
// path, prefix included; a state on another worker's path is explored
// again rather than waited for.
//
// Results. Verdicts and findings (kind and position) are those of the
// sequential search when both complete (TestWorkersSameFindings). The
// schedules reported are each the best the search met, compared in
// canonical order (analyse.go), so they are the sequential search's when
// both searches reach the finding by equivalent executions; which
// executions a worker meets depends on which worker got where first with
// state caching, and so do the statistics.

// shared is what the workers of one round of a search share.
type shared struct {
	workers int
	mu      sync.Mutex
	cond    *sync.Cond
	queue   []unit
	claims  map[string]map[model.Transition]bool
	nodes   map[string]*nodeInfo // the shared nodes' sleep sets, as their owners know them
	idle    int
	over    bool

	hungry atomic.Int32 // workers waiting for a unit
	execs  atomic.Int64 // executions by all workers
	abort  atomic.Bool  // a worker stopped the search (a bound, an error)

	objMu  sync.Mutex
	objIDs map[string]int32
}

// nodeInfo is what is known of a shared node: the sleep set its owner
// got from above and the transitions started there, given to the units
// made at the node.
type nodeInfo struct {
	sleep    sleeping
	explored []sharedStep
}

// sharedStep is a transition started at a shared node: its sleep key
// there and a copy of its event.
type sharedStep struct {
	t  model.Transition
	k  sleepKey
	ev *model.Event
}

// started records that transition t (event e) of node n, shared as key,
// is being explored, by the worker that took it there or as a unit, and
// returns the transitions started there before it, which may sleep below
// it: each of them either is a unit whose sleep set was read before t
// started, or took its own when it started, before t.
func (sh *shared) started(key string, n *node, t model.Transition, e model.Event) []sharedStep {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	ni := sh.nodes[key]
	if ni == nil {
		return nil
	}
	for i, st := range ni.explored {
		if st.t == t {
			return ni.explored[:i:i]
		}
	}
	k := len(ni.explored)
	ni.explored = append(ni.explored, newSharedStep(n, t, e))
	return ni.explored[:k:k]
}

// newSharedStep records transition t of node n, with a copy of its event
// e: the node's memory is reused once its worker is done with it.
func newSharedStep(n *node, t model.Transition, e model.Event) sharedStep {
	return sharedStep{t, n.key(t), &e}
}

// unit is a piece of work: a node of the tree and a transition to take
// there, or the whole tree.
type unit struct {
	// path is the schedule to the node followed by the transition to
	// take there (nil: the whole tree).
	path []model.Transition
	// The sleep set of the node, as the worker exploring the node knows
	// it (nil if unknown).
	sleep sleeping
	key   string // the node's shareKey: its sleep set is read when the unit is taken
}

func (sh *shared) intern(o string) int32 {
	sh.objMu.Lock()
	defer sh.objMu.Unlock()
	id, ok := sh.objIDs[o]
	if !ok {
		id = int32(len(sh.objIDs))
		sh.objIDs[o] = id
	}
	return id
}

// claim reports whether t at the shared node key is still unexplored, and
// marks it taken.
func (sh *shared) claim(key string, t model.Transition) bool {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	m := sh.claims[key]
	if m == nil {
		m = make(map[model.Transition]bool)
		sh.claims[key] = m
	}
	if m[t] {
		return false
	}
	m[t] = true
	return true
}

func (sh *shared) push(u unit) {
	sh.mu.Lock()
	sh.queue = append(sh.queue, u)
	sh.mu.Unlock()
	sh.cond.Signal()
}

// take waits for a unit; false when the search is over (every worker
// idle and no unit left) or stopped.
func (sh *shared) take() (unit, bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.idle++
	sh.hungry.Add(1)
	defer func() {
		sh.idle--
		sh.hungry.Add(-1)
	}()
	for len(sh.queue) == 0 && !sh.over {
		if sh.idle == sh.workers {
			sh.over = true
			sh.cond.Broadcast()
			break
		}
		sh.cond.Wait()
	}
	if sh.over || sh.abort.Load() {
		return unit{}, false
	}
	// The latest unit first: the deepest, most often (a subtree that is
	// small and whose node's owner has explored the most siblings);
	// units made at shallow nodes wait, so that when they run the state
	// cache and their node's sleep set hold more of the search.
	u := sh.queue[len(sh.queue)-1]
	sh.queue = sh.queue[:len(sh.queue)-1]
	if ni := sh.nodes[u.key]; ni != nil {
		u.sleep = maps.Clone(ni.sleep)
		t := u.path[len(u.path)-1]
		for _, st := range ni.explored {
			if st.t != t {
				if u.sleep == nil {
					u.sleep = make(sleeping)
				}
				u.sleep[st.k] = st.ev
			}
		}
	}
	return u, true
}

func (sh *shared) stop() {
	sh.abort.Store(true)
	sh.mu.Lock()
	sh.over = true
	sh.mu.Unlock()
	sh.cond.Broadcast()
}

// runWorkers runs one round of the search with Options.Workers workers,
// then merges what they found into x.
func (x *explorer) runWorkers(ctx context.Context, deadline time.Time) {
	sh := &shared{workers: x.opts.Workers, claims: make(map[string]map[model.Transition]bool), nodes: make(map[string]*nodeInfo), objIDs: maps.Clone(x.objIDs)}
	if sh.objIDs == nil {
		sh.objIDs = make(map[string]int32)
	}
	sh.cond = sync.NewCond(&sh.mu)
	sh.queue = []unit{{}}
	var num *model.Numbering
	if x.cache != nil {
		x.cache.shared = true
		num = model.NewNumbering()
	}
	ws := make([]*explorer, sh.workers)
	var wg sync.WaitGroup
	for i := range ws {
		w := &explorer{it: x.it, entry: x.entry, opts: x.opts, res: &Result{Entry: x.entry}, found: make(map[string]*Finding),
			visible: x.visible, round: x.round, cache: x.cache, shared: sh, deadline: x.deadline}
		if i > 0 {
			w.opts.Progress = nil
		}
		if w.cache != nil {
			w.hasher, w.onStack = model.NewSharedHasher(num), make(map[uint64]int)
			w.hasher.SetSymmetry(x.opts.symmetry())
		}
		ws[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					w.stop = &model.InternalError{Msg: fmt.Sprintf("worker: %v\n%s", r, debug.Stack())}
					sh.stop()
				}
			}()
			w.work(ctx, deadline)
		}()
	}
	wg.Wait()
	if x.cache != nil {
		x.cache.shared = false
	}
	x.objIDs = sh.objIDs
	x.mergeWorkers(ws)
}

// work takes units until the search is over.
func (x *explorer) work(ctx context.Context, deadline time.Time) {
	sh := x.shared
	for {
		u, ok := sh.take()
		if !ok {
			return
		}
		x.stack = x.stack[:0]
		clear(x.onStack)
		x.unit = u
		x.run(ctx, deadline)
		if x.stop != nil || x.halt || x.searchBound || ctx.Err() != nil || sh.abort.Load() {
			sh.stop()
			return
		}
	}
}

// donate gives a unit away to an idle worker: the shallowest node of the
// stack with a transition left to explore.
func (x *explorer) donate() {
	sh := x.shared
	sh.mu.Lock()
	queued := len(sh.queue)
	sh.mu.Unlock()
	if queued > 0 {
		return
	}
	for d := len(x.stack) - 1; d >= 0; d-- {
		n := x.stack[d]
		if n.remote {
			break
		}
		for i, t := range n.enabled {
			if t == n.taken || n.marks[i] != markBacktrack || n.asleep(t) || !x.allowed(n, t) {
				continue
			}
			x.share(d)
			n.marks[i] |= markDone
			if !sh.claim(n.shareKey, t) {
				continue
			}
			sh.push(unit{path: append(x.scheduleTo(d), t), key: n.shareKey})
			return
		}
	}
}

// share marks the nodes down to depth d as shared: their transitions are
// claimed from now on, those already explored, being explored or asleep
// first; they are not cached.
func (x *explorer) share(d int) {
	for k := 0; k <= d; k++ {
		n := x.stack[k]
		if n.shareKey != "" {
			continue
		}
		n.shareKey = x.keyAt(k)
		n.taint = -1
		ni := &nodeInfo{sleep: detachSleep(n.sleep)}
		for _, st := range n.explored {
			ni.explored = append(ni.explored, newSharedStep(n, st.t, st.e))
		}
		if n.ran {
			ni.explored = append(ni.explored, newSharedStep(n, n.taken, n.event))
		}
		x.shared.mu.Lock()
		x.shared.nodes[n.shareKey] = ni
		x.shared.mu.Unlock()
		x.shared.claim(n.shareKey, n.taken)
		for i, t := range n.enabled {
			if n.marks[i]&markDone != 0 {
				x.shared.claim(n.shareKey, t)
			}
		}
		// Asleep here, a transition is never explored here: a backtrack
		// point another worker adds for it is void, as it is in the
		// sequential search.
		for _, t := range n.enabled {
			if n.asleep(t) {
				x.shared.claim(n.shareKey, t)
			}
		}
	}
}

// detachSleep copies a sleep set for another worker, with copies of its
// events: the originals belong to the explored steps of this worker's
// nodes, whose memory is reused once they are done (recycle).
func detachSleep(sl sleeping) sleeping {
	out := make(sleeping, len(sl))
	for k, e := range sl {
		cp := *e
		out[k] = &cp
	}
	return out
}

// scheduleTo returns the transitions from the initial state to depth d.
func (x *explorer) scheduleTo(d int) []model.Transition {
	sch := make([]model.Transition, d)
	for i := range sch {
		sch[i] = x.stack[i].taken
	}
	return sch
}

// keyAt names the node at depth d by the schedule leading to it.
func (x *explorer) keyAt(d int) string {
	return scheduleKey(x.scheduleTo(d))
}

func scheduleKey(sch []model.Transition) string {
	b := make([]byte, 0, 4*len(sch))
	for _, t := range sch {
		b = binary.AppendUvarint(b, uint64(t.G))
		b = binary.AppendUvarint(b, uint64(t.K))
	}
	return string(b)
}

// finishUnit ends the unit being explored: the backtrack points its
// search added to the nodes of its prefix become units of their own.
func (x *explorer) finishUnit() {
	sh := x.shared
	for d, n := range x.stack {
		if !n.remote {
			break
		}
		for i, t := range n.enabled {
			if t == n.taken || n.marks[i] != markBacktrack {
				continue
			}
			n.marks[i] |= markDone
			if !x.allowed(n, t) {
				x.preemptionCut = true
				continue
			}
			if sh.claim(n.shareKey, t) {
				sh.push(unit{path: append(x.scheduleTo(d), t), key: n.shareKey})
			}
		}
	}
	x.stack = x.stack[:0]
}

// mergeWorkers adds what the workers found to x: findings (for each,
// the better schedule: better), the other round results and the
// statistics.
func (x *explorer) mergeWorkers(ws []*explorer) {
	st := &x.res.Stats
	for _, w := range ws {
		for k, f := range w.found {
			old, ok := x.found[k]
			if !ok || better(f, old) {
				x.found[k] = f
			}
		}
		for fp := range w.deadlocks {
			if x.deadlocks == nil {
				x.deadlocks = make(map[uint64]bool)
			}
			x.deadlocks[fp] = true
		}
		for in := range w.nextVisible {
			if x.nextVisible == nil {
				x.nextVisible = make(map[ssa.Instruction]bool)
			}
			x.nextVisible[in] = true
		}
		for o, c := range w.res.Outcomes {
			if x.res.Outcomes == nil {
				x.res.Outcomes = make(map[Outcome]int)
			}
			x.res.Outcomes[o] += c
		}
		ws := w.res.Stats
		st.Executions += ws.Executions
		st.Transitions += ws.Transitions
		st.StepsRun += ws.StepsRun
		st.CacheHits += ws.CacheHits
		st.SleepBlocked += ws.SleepBlocked
		st.MaxDepth = max(st.MaxDepth, ws.MaxDepth)
		st.PeakHeap = max(st.PeakHeap, ws.PeakHeap)
		if x.stop == nil && w.stop != nil {
			x.stop = w.stop
		}
		if x.incomplete == "" {
			x.incomplete = w.incomplete
		}
		x.halt = x.halt || w.halt
		x.searchBound = x.searchBound || w.searchBound
		x.preemptionCut = x.preemptionCut || w.preemptionCut
	}
}

// better reports whether finding f is to be kept over old (same kind and
// position): the latest round, then the preferred canonical schedule.
func better(f, old *Finding) bool {
	if f.round != old.round {
		return f.round > old.round
	}
	return preferred(f.order, old.order)
}
