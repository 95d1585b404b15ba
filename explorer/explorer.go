package explorer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// Options bound and tune the exploration of one entry point.
type Options struct {
	MaxSteps      int           // visible operations per execution (default 20000)
	MaxExecutions int           // executions per entry (default 1,000,000)
	Timeout       time.Duration // wall time per entry (default 60 s)
	MaxInstrs     int64         // instructions between two visible operations (default model.DefaultMaxInstrs)
	MaxMemory     uint64        // bytes of Go heap cmcheck may use (default 8 GiB)
	// LeakOnMain reports goroutines left blocked when main returns.
	LeakOnMain bool
	// NoReduction disables partial-order reduction (every interleaving of
	// every pair of operations is explored): for measurements and tests.
	NoReduction bool
	// NoStateCache turns off state caching: every execution runs to its
	// end, even through states already explored (see cache.go).
	NoStateCache bool
	// NoSymmetry makes state caching tell apart states that differ only
	// in the numbering of their goroutines (see model/symmetry.go). With a
	// preemption bound symmetry is off: the bound counts switches between
	// numbered goroutines.
	NoSymmetry bool
	// Preemptions, if positive, bounds the preemptions of an execution
	// (switches away from a goroutine that could have gone on, as CHESS
	// counts them: Musuvathi and Qadeer, PLDI 2007); an exploration that
	// skipped a schedule because of it is incomplete.
	Preemptions int
	// FairTime makes local work take no time (model.State.SetFairTime):
	// timers far in the future fire only when no goroutine can move.
	FairTime bool
	// PCTRuns bounds the random executions (pct.go) run when the
	// exhaustive search stops at a bound (default 100,000; negative:
	// none), within PCTTimeout more wall time (default a quarter of
	// Timeout), with bug depth PCTDepth (default 3).
	PCTRuns    int
	PCTTimeout time.Duration
	PCTDepth   int
	// NoSnapshots makes every execution start from the initial state and
	// replay the steps leading to the state it backtracks to, instead of
	// restoring a copy of that state kept on the search stack. The
	// search is the same either way (same executions, states and
	// findings); snapshots save the replayed steps.
	NoSnapshots bool
	// AllSnapshots keeps a snapshot at every state with several enabled
	// transitions, however cheap replaying would be (for tests).
	AllSnapshots bool
	// Workers is the number of goroutines that search at once (default
	// 1; with Debug set, one); see workers.go.
	Workers int
	// EagerSplit makes a worker give work away whenever no unit is
	// waiting, not only when another worker is idle (for tests: the
	// search is split as finely as it can be).
	EagerSplit bool
	// CheckPeeks makes every step check that it touched nothing its
	// goroutine's pending operation, peeked at before it, did not show
	// (an internal error if it did): the reduction's races are found
	// from the peeks, its happens-before from the steps, and a step that
	// touches more imposes an order that is never reversed. For tests.
	CheckPeeks bool
	// Debug, if set, receives a line per execution.
	Debug io.Writer
	// NoRace turns off data-race and atomicity detection.
	NoRace bool
	// CheckEffects checks the analysis of the writes an execution may
	// still make (model/effects.go) instead of using it: every read is
	// recorded, and a write outside the bound is an internal error (for
	// tests).
	CheckEffects bool
	// Outcomes collects the distinct outcomes of the executions (see
	// Result.Outcomes).
	Outcomes bool
	// Progress, if set, is called every few hundred executions with the
	// executions done and the deepest execution so far.
	Progress func(executions, depth int)
}

// DefaultMaxMemory is the default of Options.MaxMemory: 8 GiB.
const DefaultMaxMemory = 8 << 30

func (o *Options) defaults() {
	if o.MaxSteps == 0 {
		o.MaxSteps = 20000
	}
	if o.MaxExecutions == 0 {
		o.MaxExecutions = 1_000_000
	}
	if o.Timeout == 0 {
		o.Timeout = 60 * time.Second
	}
	if o.MaxInstrs == 0 {
		o.MaxInstrs = model.DefaultMaxInstrs
	}
	if o.MaxMemory == 0 {
		o.MaxMemory = DefaultMaxMemory
	}
	if o.PCTRuns == 0 {
		o.PCTRuns = 100_000
	}
	if o.PCTTimeout == 0 {
		o.PCTTimeout = o.Timeout / 4
	}
	if o.PCTDepth == 0 {
		o.PCTDepth = 3
	}
}

// Verdict is how the exploration of an entry point ended.
type Verdict string

const (
	Bug         Verdict = "bug"         // at least one finding, with its trace
	Verified    Verdict = "verified"    // every schedule explored within the bounds; nothing found
	Incomplete  Verdict = "incomplete"  // a bound was hit before every schedule was explored
	Unsupported Verdict = "unsupported" // the entry uses something cmcheck cannot model
)

// Result is the outcome of exploring one entry point.
type Result struct {
	Entry    frontend.Entry
	Verdict  Verdict
	Reason   string // for incomplete and unsupported: which bound, or what construct where
	Findings []*Finding
	Stats    Stats
	// Outcomes, with Options.Outcomes, counts the executions by how they
	// ended: the program's output (stdout then stderr) and its end
	// ("exit N", "panic", "fatal", "deadlock").
	Outcomes map[Outcome]int
}

// Outcome is how one execution ended, as the real runtime would show it.
type Outcome struct {
	Stdout, Stderr string
	End            string // "exit 0", "exit 3", "panic", "fatal", "deadlock"
	Message        string // the panic or fatal error message
}

// Stats measure an exploration.
type Stats struct {
	Executions int
	// Transitions counts the steps of the executions explored, the
	// prefix each one shares with an earlier one included (whether it
	// was replayed or restored from a snapshot), so that it does not
	// depend on timing. StepsRun counts the steps the interpreter
	// actually ran: the same without snapshots, fewer with them; it
	// depends on how fast steps and copies were (see takeSnapshot) and
	// is left out of reports.
	Transitions int
	StepsRun    int
	MaxDepth    int
	Duration    time.Duration
	PeakHeap    uint64 // bytes, sampled
	// States is the number of distinct states stored by state caching
	// (0 with Options.NoStateCache); CacheHits counts the executions cut
	// short at a state already explored.
	States    int
	CacheHits int
	// DeadlockStates counts the distinct deadlocked states found (by
	// fingerprint; not with several stateless workers).
	DeadlockStates int
	// CacheBytes is the memory of the fingerprint table; Omission the
	// probability that hash compaction made the search skip a state.
	CacheBytes int
	Omission   float64
	// SleepBlocked counts the executions cut because every enabled
	// transition was asleep: wasted work that an optimal reduction
	// (source sets with wake-up trees) would avoid.
	SleepBlocked int
	// PCTExecutions counts the random executions run after the
	// exhaustive search stopped at a bound (included in Executions).
	PCTExecutions int
}

// Explore explores every schedule of the entry point e (within the
// bounds) and returns its findings.
func Explore(ctx context.Context, it *model.Interp, e frontend.Entry, opts Options) (res *Result) {
	opts.defaults()
	x := &explorer{it: it, entry: e, opts: opts, res: &Result{Entry: e}, found: make(map[string]*Finding)}
	start := time.Now()
	deadline := start.Add(opts.Timeout)
	defer func() {
		// A bug in cmcheck must not crash the whole run: the entry is
		// reported incomplete, naming the internal error.
		if r := recover(); r != nil {
			x.res.Stats.Duration = time.Since(start)
			x.stop = &model.InternalError{Msg: fmt.Sprintf("%v\n%s", r, debug.Stack())}
			x.finish()
			res = x.res
		}
	}()
	// Race-directed rounds: when a round finds racing accesses that are
	// not yet scheduling points, explore again with them visible.
	for round := 0; ; round++ {
		x.round = round
		x.stack = nil
		// Deadlocked states are counted by fingerprint with either
		// engine.
		x.hasher = model.NewHasher()
		x.hasher.SetSymmetry(opts.symmetry())
		if !opts.NoStateCache {
			// The visible accesses change the states: a new table.
			x.cache = newStateCache()
			x.onStack = make(map[uint64]int)
		}
		x.deadline = deadline
		if opts.Workers > 1 && opts.Debug == nil {
			x.runWorkers(ctx, deadline)
		} else {
			x.run(ctx, deadline)
		}
		x.cacheStats()
		if x.stop != nil || x.incomplete != "" || round >= maxRaceRounds || !x.nextRound() {
			break
		}
	}
	if x.preemptionCut && x.incomplete == "" {
		x.incomplete = fmt.Sprintf("preemption bound %d reached (-preemptions)", opts.Preemptions)
		x.searchBound = true
	}
	if x.searchBound && x.stop == nil && !x.halt && ctx.Err() == nil && opts.PCTRuns > 0 {
		// Races found by the cut search make their accesses scheduling
		// points for the random search, as a further round would have:
		// their interleavings, and the lost updates they allow, are then
		// within its reach.
		x.nextRound()
		x.pct(ctx)
	}
	x.res.Stats.Duration = time.Since(start)
	x.finish()
	return x.res
}

type explorer struct {
	it    *model.Interp
	entry frontend.Entry
	opts  Options
	res   *Result
	found map[string]*Finding

	stack []*node
	// scanAcc holds the objects of the pending operation
	// backtrackPending is scanning for (opNeedsNone), nil otherwise.
	scanAcc []access
	// orderedBuf is addOrdered's list (a scan's lists are dropped after
	// it).
	orderedBuf []int
	freeNodes  []*node // nodes done with, for reuse (newNode)
	// liftBuf and liftOut are liftOnce's scratch arrays (intern copies
	// what it keeps).
	liftBuf, liftOut []source
	incomplete       string
	stop             error // unsupported or internal error ending the exploration

	// visible holds the loads and stores found racing: they are
	// scheduling points in later rounds, so that the interleavings of
	// the racing accesses (and lost updates) are explored.
	visible     map[ssa.Instruction]bool // fixed during a round
	nextVisible map[ssa.Instruction]bool

	objIDs map[string]int32 // interned object names
	halt   bool             // a bound that ends the whole exploration was hit

	preemptionCut bool // a schedule was skipped for the preemption bound
	replaying     bool // an explorer made by Replay
	// deadline ends the current search; long executions check it too.
	deadline time.Time
	// searchBound: the search (not one execution) hit a bound: time,
	// executions or preemptions; the random search then runs.
	searchBound bool

	traceBuf []model.Event // reused by each execution
	srcSeen  []firstStep   // reused by addSource
	procs    *procClocks   // reused by each execution
	ancBuf   vclock        // reused by ancClock
	canon    *canonScratch // reused by report
	// sleepKeyBuf and sleepNameBuf are finishNode's, for sleepKeys.
	sleepKeyBuf  []sleepKey
	sleepNameBuf []byte
	// compared are the schedules report has compared (candidateSeen).
	compared map[comparedKey]struct{}
	sumBuf   summary // reused for the summary of a final state
	// enabledBuf is execute's list of enabled transitions, kept from one
	// execution to the next.
	enabledBuf []model.Transition
	// A worker's memos of the shared ancestry table (selfAnc, ancSet),
	// for the table of ancMemoOf: selfAncs[g] is 1 + the number of g's
	// own ancestry (0: not known), ancSets[id] the sources of id.
	ancMemoOf *stateCache
	selfAncs  []int32
	ancSets   [][]source
	round     int // race-directed round

	// snapValues is the size of the snapshots on the stack (node.snap),
	// in model.State.Size units, kept within snapshotBudget.
	snapValues int
	cloner     *model.Cloner
	cloneCost  time.Duration // average time of a copy
	// For the choice of dense snapshots (denseSnapshots): the nodes
	// created with several enabled transitions, those of them the search
	// came back to, the time the executions' replays would take with
	// sparse snapshots, and the copies' count and total time.
	branching, revisited int
	sparseReplay         time.Duration
	copies               int
	copyTime             time.Duration
	dense                bool

	// Scratch buffers of scan (dpor.go): the step lists it goes through
	// and its positions in them; of mapEntry (symmetry.go): an ancestry
	// being renamed.
	lists   []candList
	scanPos []int
	srcBuf  []source

	// With several workers: what they share, and the unit being
	// explored.
	shared *shared
	unit   unit

	cache     *stateCache    // nil without state caching
	onStack   map[uint64]int // fingerprints of the states on the stack, with their depth
	hasher    *model.Hasher
	deadlocks map[uint64]bool // fingerprints of the deadlocked states found
}

// symmetry reports whether fingerprints rename goroutines canonically.
func (o Options) symmetry() bool { return !o.NoSymmetry && o.Preemptions <= 0 }

// maxRaceRounds bounds the race-directed re-explorations of an entry.
const maxRaceRounds = 3

// node is one depth of the current execution: the state before a step.
type node struct {
	enabled []model.Transition
	// marks holds, for each enabled transition, whether it is in the
	// backtrack set (explored or to be) and whether it is done.
	marks    []uint8
	alts     []model.Alt // AltKey of each enabled transition
	sleep    sleeping
	explored []exploredStep // the transitions explored here, with their events
	taken    model.Transition
	event    model.Event
	acc      []access // objects event touches
	clock    vclock   // happens-before clock of event

	// State caching (cache.go): the fingerprint of the state, the summary
	// of the operations below it, the shallowest depth of a state on the
	// path that its subtree reached again (a cycle), and the sleep set an
	// earlier exploration of the same state had (-1: none).
	fp            uint64
	hashed        bool
	perm          perm // the state's renaming into canonical numbers (symmetry.go)
	sum           summary
	taint         int
	prevSleep     int32
	prevSleepKeys []sleepKey // the stored sleep set prevSleep names
	// unhashed counts the nodes right above this one that were not
	// fingerprinted (worthHashing).
	unhashed int
	// lifts memoizes the ancestries pulled back through the step
	// (ancestry.go), for the summary entries merged here.
	lifts []lifted
	// memo holds the pending operations of the state as backtrackPending
	// scanned for them (dpor.go).
	memo []scanMemo

	// With several workers (workers.go): remote marks a node of the
	// prefix of a work unit (its other transitions are other units),
	// shareKey names a node shared with other workers (its transitions are
	// claimed before they are explored).
	remote bool
	// ran: event is the event of taken (it has run since it was chosen).
	ran      bool
	shareKey string
	// startedBefore holds, at a shared node, the transitions started
	// there before taken (by this worker or as units), asleep below it;
	// it is set when taken runs there and cleared with ran.
	startedBefore []sharedStep

	// snap is a copy of the state (before taken), from which executions
	// that backtrack here start, or nil (see takeSnapshot).
	snap *model.State
	// cum is the time the steps from the initial state to this node took
	// (as first run), dur the time of this node's step, baseCum the cum
	// of the nearest node at or above with a snapshot (0: none).
	cum, dur, baseCum time.Duration
	// sparseBase is the cum of the node at or above where the sparse rule
	// (takeSnapshot without dense snapshots) takes its snapshot.
	sparseBase time.Duration

	// With a preemption bound: the preemptions before this state, and the
	// goroutine that took the last step (timer firings aside).
	preempts int
	lastG    int
}

// isPreemption reports whether taking t at n switches away from the
// goroutine of the previous step while it could go on.
func (n *node) isPreemption(t model.Transition) bool {
	if n.lastG == 0 || t.G == 0 || t.G == n.lastG {
		return false
	}
	for _, u := range n.enabled {
		if u.G == n.lastG {
			return true
		}
	}
	return false
}

// allowed reports whether transition t at n stays within the
// preemption bound.
func (x *explorer) allowed(n *node, t model.Transition) bool {
	return x.opts.Preemptions <= 0 || n.preempts < x.opts.Preemptions || !n.isPreemption(t)
}

func (x *explorer) newState() (*model.State, error) {
	s := x.it.NewState()
	s.SetMaxInstrs(x.opts.MaxInstrs)
	s.SetMaxGoroutines(model.DefaultMaxGoroutines)
	if !x.opts.NoRace {
		s.EnableRace()
		s.SetVisibleAccesses(x.visible)
		s.SetCheckEffects(x.opts.CheckEffects)
	}
	s.SetVisibleOutput(x.opts.Outcomes)
	s.SetFairTime(x.opts.FairTime)
	s.SetDeadline(x.deadline)
	var inits []*ssa.Function
	if init := x.entry.Pkg.Func("init"); init != nil {
		inits = append(inits, init)
	}
	switch x.entry.Kind {
	case frontend.EntryMain:
		s.SpawnMain(inits, x.entry.Func)
	case frontend.EntryTest:
		if _, err := s.SpawnTest(inits, x.entry.Func, x.entry.Func.Name()); err != nil {
			return nil, err
		}
	default:
		s.SpawnFunc(inits, x.entry.Func)
	}
	return s, nil
}

func (x *explorer) run(ctx context.Context, deadline time.Time) {
	var memStats runtime.MemStats
	for {
		executions := x.res.Stats.Executions
		if sh := x.shared; sh != nil {
			if sh.abort.Load() {
				return
			}
			if sh.hungry.Load() > 0 || x.opts.EagerSplit {
				x.donate()
			}
			executions = int(sh.execs.Load())
		}
		if executions >= x.opts.MaxExecutions {
			x.incomplete = fmt.Sprintf("execution bound %d reached (-max-executions)", x.opts.MaxExecutions)
			x.searchBound = true
			return
		}
		if time.Now().After(deadline) {
			x.incomplete = fmt.Sprintf("time bound %s reached (-timeout)", x.opts.Timeout)
			x.searchBound = true
			return
		}
		if ctx.Err() != nil {
			x.incomplete = "interrupted"
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				x.incomplete = "total time bound reached (-total-timeout)"
			}
			return
		}
		if x.halt {
			return
		}
		if x.res.Stats.Executions%256 == 0 {
			if x.opts.Progress != nil {
				x.opts.Progress(x.res.Stats.Executions, x.res.Stats.MaxDepth)
			}
			x.dense = x.denseSnapshots()
			runtime.ReadMemStats(&memStats)
			if memStats.HeapAlloc > x.res.Stats.PeakHeap {
				x.res.Stats.PeakHeap = memStats.HeapAlloc
			}
			if x.overMemory() {
				return
			}
		}
		if !x.execute() {
			return
		}
		if !x.backtrack() {
			return
		}
	}
}

// backtrack pops finished nodes and picks the next transition to explore
// at the deepest node that has one. It returns false when the search is
// over.
func (x *explorer) backtrack() bool {
	popped := 0
	for len(x.stack) > 0 {
		n := x.stack[len(x.stack)-1]
		if n.remote {
			// Back at the prefix of the unit: it is done.
			x.finishUnit()
			return false
		}
		n.mark(n.taken, markDone)
		n.explored = append(n.explored, exploredStep{n.taken, n.event})
		if t, ok := x.next(n); ok {
			if len(n.explored) == 1 {
				x.revisited++
			}
			n.taken, n.lifts, n.ran, n.startedBefore = t, n.lifts[:0], false, nil
			return true
		}
		x.stack = x.stack[:len(x.stack)-1]
		if popped++; popped%256 == 0 && x.unwindBound() {
			return false
		}
		if n.snap != nil {
			x.snapValues -= n.snap.Size()
			x.discard(n.snap)
			n.snap = nil
		}
		if x.cache != nil {
			x.finishNode(n, len(x.stack))
			if x.halt || x.searchBound {
				return false
			}
		}
		x.recycle(n)
	}
	return false
}

// unwindBound checks the memory and time bounds while the search unwinds
// an execution (backtrack, mergeSummary), and reports whether one was
// hit. Unwinding a long execution merges summaries whose entries and
// ancestries can grow with its depth where states never repeat (a loop
// that starts a timer or makes a channel each round): an execution of
// 20,000 steps once took 24 GiB and 100 s in one backtrack.
func (x *explorer) unwindBound() bool {
	if x.overMemory() {
		return true
	}
	if !x.deadline.IsZero() && time.Now().After(x.deadline) {
		x.incomplete = fmt.Sprintf("time bound %s reached (-timeout)", x.opts.Timeout)
		x.searchBound = true
		return true
	}
	return false
}

// newNode returns a node for the enabled transitions buf (copied), with
// its marks and alternatives' room, reusing the memory of a node the
// search is done with when there is one.
func (x *explorer) newNode(buf []model.Transition) *node {
	k := len(x.freeNodes)
	if k == 0 {
		return &node{enabled: slices.Clone(buf), marks: make([]uint8, len(buf)), alts: make([]model.Alt, len(buf))}
	}
	n := x.freeNodes[k-1]
	x.freeNodes = x.freeNodes[:k-1]
	enabled, marks, alts, explored, lifts, sleep, sum := n.enabled, n.marks, n.alts, n.explored, n.lifts, n.sleep, n.sum
	*n = node{}
	n.enabled = append(enabled[:0], buf...)
	n.marks = append(marks[:0], make([]uint8, len(buf))...)
	n.alts = slices.Grow(alts[:0], len(buf))[:len(buf)]
	n.explored, n.lifts, n.sleep, n.sum = explored[:0], lifts[:0], sleep, sum[:0]
	return n
}

// recycle keeps n, a node the search is done with (popped, or never
// pushed), for newNode. Only what no one else can hold is kept: not its
// summary (the cache interns it as it is), its clock, accesses, snapshot
// or stored sleep keys (its summary's array is reused: the cache keeps
// copies). The events of its explored steps are pointed to
// by its descendants' sleep sets, all gone by now (a sleep set given to
// another worker has copies of its events: detachSleep). The nodes of a
// work unit's prefix are not reused (finishUnit drops them).
func (x *explorer) recycle(n *node) {
	if n.remote || len(x.freeNodes) >= maxFreeNodes {
		return
	}
	n.acc, n.clock, n.snap, n.prevSleepKeys = nil, nil, nil, nil
	n.sum = n.sum[:0]
	n.memo = n.memo[:0]
	n.event = model.Event{}
	x.freeNodes = append(x.freeNodes, n)
}

// maxFreeNodes bounds the nodes kept for reuse.
const maxFreeNodes = 1024

// next returns a transition in the backtrack set, not yet explored and
// not asleep (nor beyond the preemption bound).
func (x *explorer) next(n *node) (model.Transition, bool) {
	for i, t := range n.enabled {
		if n.marks[i] == markBacktrack && !n.asleep(t) {
			if !x.allowed(n, t) {
				n.marks[i] |= markDone
				x.preemptionCut = true
				continue
			}
			if n.shareKey != "" && !x.shared.claim(n.shareKey, t) {
				n.marks[i] |= markDone // explored by another worker
				continue
			}
			return t, true
		}
	}
	return model.Transition{}, false
}

// Marks of a node's enabled transitions.
const (
	markBacktrack uint8 = 1 << iota // in the backtrack set
	markDone                        // explored, or not to be explored here
)

// mark sets marks m on the enabled transition t.
func (n *node) mark(t model.Transition, m uint8) {
	for i, u := range n.enabled {
		if u == t {
			n.marks[i] |= m
			return
		}
	}
}

// markAll sets marks m on every enabled transition.
func (n *node) markAll(m uint8) {
	for i := range n.marks {
		n.marks[i] |= m
	}
}

// exploredStep is a transition explored at a node, with its event.
type exploredStep struct {
	t model.Transition
	e model.Event
}

// sleepKey identifies a sleeping transition across states: its goroutine
// and what it does (model.State.AltKey), not its number.
type sleepKey struct {
	g   int
	alt model.Alt
}

func (n *node) key(t model.Transition) sleepKey {
	for i, u := range n.enabled {
		if u == t {
			return sleepKey{t.G, n.alts[i]}
		}
	}
	return sleepKey{t.G, model.Alt{Kind: model.AltUnknown}}
}

func (n *node) asleep(t model.Transition) bool {
	_, ok := n.sleep[n.key(t)]
	return ok
}

// execute runs one execution: it replays the transitions chosen on the
// stack, then extends it with the first enabled transition not asleep at
// each new depth. It returns false if exploration must stop.
func (x *explorer) execute() bool {
	x.res.Stats.Executions++
	if x.shared != nil {
		x.shared.execs.Add(1)
	}
	trace, buf := x.traceBuf[:0], x.enabledBuf[:0]
	defer func() { x.traceBuf, x.enabledBuf = trace[:0], buf[:0] }()
	if x.procs == nil {
		x.procs = newProcClocks()
	}
	procs := x.procs
	procs.reset()
	depth := 0
	var lastRun []int // the depth of each goroutine's latest step
	// Backtrack points for the replayed prefix were added when it was
	// first explored, except at its last node, whose transition is new.
	replayed := len(x.stack) - 1
	if replayed >= 0 {
		n := x.stack[replayed]
		x.sparseReplay += n.cum - n.sparseBase
	}
	s, restored := x.restore(replayed)
	if s != nil {
		// Restored at node `depth`: the prefix's bookkeeping comes from
		// the nodes, as a replay would have recomputed it.
		depth = restored
		x.res.Stats.Transitions += depth
		for i := 0; i < depth; i++ {
			n := x.stack[i]
			trace = append(trace, n.event)
			for len(lastRun) <= n.taken.G {
				lastRun = append(lastRun, -1)
			}
			lastRun[n.taken.G] = i
			if !x.opts.NoReduction {
				x.clockStep(i, procs, true)
			}
		}
	} else {
		var err error
		s, err = x.newState()
		if err != nil {
			x.stop = err
			return false
		}
	}
	defer x.discard(s)
	for {
		if s.Done() {
			break
		}
		buf = s.Enabled(buf[:0])
		if len(buf) == 0 {
			// The blocked operations of the final state conflict with
			// earlier steps too (another send could have been received).
			if !x.opts.NoReduction && depth >= replayed {
				sum := x.sumBuf[:0]
				x.backtrackPending(s, depth, procs, &sum, nil)
				if x.cache != nil && depth > 0 {
					x.mergeSummary(x.stack[depth-1], sum)
				}
				x.sumBuf = sum[:0]
			}
			break
		}
		if depth >= x.opts.MaxSteps {
			x.incomplete = fmt.Sprintf("step bound %d reached in an execution (-max-steps)", x.opts.MaxSteps)
			x.res.Stats.MaxDepth = max(x.res.Stats.MaxDepth, depth)
			return true
		}
		var n *node
		if depth < len(x.stack) {
			n = x.stack[depth]
			if !sameTransitions(n.enabled, buf) {
				x.stop = &model.InternalError{Msg: fmt.Sprintf("replay diverged at step %d: enabled %v, recorded %v", depth+1, buf, n.enabled)}
				return false
			}
		} else {
			n = x.newNode(buf)
			for i, t := range n.enabled {
				n.alts[i] = s.AltKey(t)
			}
			if depth > 0 {
				n.sleep = x.childSleep(x.stack[depth-1], n.sleep)
				refreshSleep(n.sleep, s, &x.stack[depth-1].event)
			} else {
				n.sleep = nil
			}
			n.taint, n.prevSleep = depth, -1
			n.remote = depth < len(x.unit.path)
			if depth > 0 {
				p := x.stack[depth-1]
				n.cum, n.baseCum, n.sparseBase = p.cum+p.dur, p.baseCum, p.sparseBase
				if len(n.enabled) > 1 && x.sparseWorth(n.cum-n.sparseBase) {
					n.sparseBase = n.cum
				}
			}
			if depth > 0 && x.opts.Preemptions > 0 {
				p := x.stack[depth-1]
				n.preempts, n.lastG = p.preempts, p.lastG
				if p.taken.G != 0 {
					if p.isPreemption(p.taken) {
						n.preempts++
					}
					n.lastG = p.taken.G
				}
			}
			if depth > 0 && !x.stack[depth-1].hashed {
				n.unhashed = x.stack[depth-1].unhashed + 1
			}
			if x.cache != nil && x.worthHashing(n) && x.cached(s, n, depth, procs) {
				// The state was explored already: this execution
				// stops here.
				x.recycle(n)
				x.analyseCut(s, trace)
				return x.stop == nil
			}
			if x.opts.NoReduction {
				n.markAll(markBacktrack)
			}
			if n.remote {
				// The prefix of a work unit (workers.go).
				n.shareKey = scheduleKey(x.unit.path[:depth])
				if depth == len(x.unit.path)-1 && x.unit.sleep != nil {
					n.sleep = maps.Clone(x.unit.sleep)
					refreshSleep(n.sleep, s, nil)
				}
				t := x.unit.path[depth]
				if !slices.Contains(n.enabled, t) {
					x.stop = &model.InternalError{Msg: fmt.Sprintf("work unit replay diverged at step %d: %v not enabled (%v)", depth+1, t, n.enabled)}
					return false
				}
				n.taken = t
				n.mark(t, markBacktrack)
				x.stack = append(x.stack, n)
				goto step
			}
			t, ok := x.firstAwake(n, lastRun)
			if !ok {
				x.res.Stats.SleepBlocked++
				// Every enabled transition is asleep: this execution
				// only repeats orderings already explored. The pending
				// operations still conflict with earlier steps, as at
				// the end of any execution: a step that disabled one
				// (a Done taking a WaitGroup's counter below zero
				// under a Wait: orders/wggoextra) is to be tried
				// after it.
				sum := x.sumBuf[:0]
				x.backtrackPending(s, depth, procs, &sum, nil)
				if x.cache != nil {
					if n.hashed {
						delete(x.onStack, n.fp)
					}
					if depth > 0 {
						x.mergeSummary(x.stack[depth-1], sum)
					}
				}
				x.sumBuf = sum[:0]
				x.recycle(n)
				return true
			}
			n.taken = t
			n.mark(t, markBacktrack)
			x.stack = append(x.stack, n)
			x.takeSnapshot(s, n)
		}
	step:
		if !x.opts.NoReduction && depth >= replayed {
			x.backtrackPending(s, depth, procs, &n.sum, &n.memo)
		}
		if depth == replayed && n.snap == nil {
			x.branchSnapshot(s, n)
		}
		// New steps are timed, for takeSnapshot.
		timed := depth >= replayed && !x.opts.NoSnapshots && !x.replaying
		var stepStart time.Time
		if timed {
			stepStart = time.Now()
		}
		var peeked *peekedOp
		if x.opts.CheckPeeks {
			peeked = peekOf(s, n.taken)
		}
		ev := s.Do(n.taken)
		if peeked != nil {
			if msg := peeked.check(ev); msg != "" {
				x.stop = &model.InternalError{Msg: fmt.Sprintf("step %d (%v, %s at %s): %s", depth+1, n.taken, ev.Kind, s.Position(ev.Pos), msg)}
				return false
			}
		}
		if timed {
			n.dur = time.Since(stepStart)
		}
		x.res.Stats.Transitions++
		x.res.Stats.StepsRun++
		for len(lastRun) <= n.taken.G {
			lastRun = append(lastRun, -1)
		}
		lastRun[n.taken.G] = depth
		if x.res.Stats.Transitions%256 == 0 {
			if x.res.Stats.Transitions%4096 == 0 && x.overMemory() {
				return true
			}
			if !x.deadline.IsZero() && time.Now().After(x.deadline) {
				// A long execution: stop within the time bound.
				x.incomplete = fmt.Sprintf("time bound %s reached (-timeout)", x.opts.Timeout)
				x.searchBound = true
				return true
			}
		}
		if depth >= replayed {
			n.event, n.acc, n.ran = ev, nil, true
			if n.shareKey != "" && (!n.remote || depth == len(x.unit.path)-1) {
				n.startedBefore = x.shared.started(n.shareKey, n, n.taken, ev)
			}
		}
		trace = append(trace, ev)
		if !x.opts.NoReduction {
			if ev.Global && depth >= replayed {
				// The step ended the run (a crash, os.Exit, the end of
				// main): it conflicts with every earlier step, which the
				// peek before it could not know.
				x.backtrackFor(depth, n.taken.G, nil, noLock, false, true, procs)
				if x.cache != nil {
					n.sum.add(sumEntry{g: int32(n.taken.G), anc: x.selfAnc(n.taken.G), global: true})
				}
			}
			if (ev.LateWrites > 0 || ev.LateReads > 0) && depth >= replayed {
				x.backtrackLate(depth, &ev, procs, &n.sum)
			}
			x.clockStep(depth, procs, depth < replayed)
		}
		depth++
	}
	if depth > x.res.Stats.MaxDepth {
		x.res.Stats.MaxDepth = depth
	}
	if x.opts.Debug != nil {
		var sb strings.Builder
		for i, n := range x.stack {
			fmt.Fprintf(&sb, " %v", n.taken)
			if i < len(trace) {
				fmt.Fprintf(&sb, "[%s %s w=%v W=%v R=%v]", trace[i].Kind, trace[i].Obj, trace[i].Write, trace[i].Writes, trace[i].Reads)
			}
		}
		fmt.Fprintf(x.opts.Debug, "execution %d:%s\n", x.res.Stats.Executions, sb.String())
	}
	x.analyse(s, trace)
	return x.stop == nil
}

// snapshotBudget bounds the snapshots kept on the search stack, in
// model.State.Size units (16 bytes), about 64 MiB of copies by that
// estimate (measured: about twice as much, x/sync TestConcurrentRange); past
// it, new nodes go without one and executions backtracking to them
// replay from the nearest snapshot above.
const snapshotBudget = 1 << 22

// snapshotFactor is how many copies' time the steps since the snapshot
// above must have taken for a node to keep one. A copy costs more than
// the time it takes: it allocates a whole state, which the collector
// then scans and frees, and kept copies grow the live heap. Measured on
// the benchmark suite, a factor of 2 made the search 10-25% slower than
// replaying (philo_ordered N=6, pipeline P=2 M=3); at 10, snapshots are
// kept only where steps are really long (package initialisation, long
// local computations).
const snapshotFactor = 10

// takeSnapshot keeps a copy of s, the state at node n, when executions
// may later start there (n has another transition to explore, or may get
// one: only nodes with several enabled transitions can) and the copy pays
// for itself: the steps since the snapshot above took snapshotFactor
// times as long as a copy (the one kept, the one each restore makes, and
// what they cost the collector). Steps are
// often cheaper than copies (a few microseconds against tens: copying
// rehashes every address-keyed table), so snapshots are sparse then, and
// dense where steps are long (package initialisation, long local
// computations).
func (x *explorer) takeSnapshot(s *model.State, n *node) {
	if len(n.enabled) < 2 || !x.mayBranch(n) {
		return
	}
	x.branching++
	if x.opts.NoSnapshots || x.replaying || x.snapValues > snapshotBudget {
		return
	}
	if !x.opts.AllSnapshots && !x.dense && !x.sparseWorth(n.cum-n.baseCum) {
		return // replaying from the snapshot above costs less than the copies
	}
	if (x.dense || x.opts.AllSnapshots) && !x.spacedOut() {
		return
	}
	if c, ok := x.clone(s); ok {
		n.snap = c
		n.baseCum = n.cum
		x.snapValues += c.Size()
	}
}

// denseSpacing is how many nodes with other transitions to explore
// dense snapshots keep apart on the search path: an execution that
// backtracks to a node without a copy starts from the nearest one above
// and replays the few steps in between. Every such node's copy is taken
// when the state is first reached, but the search comes back to only
// some of them (under half on the philosophers). philo_chan N=7 with
// every snapshot: at 3, 38,384 copies instead of 50,456, 675 MB
// allocated instead of 841, 120,515 steps run instead of 109,400, and
// 3.41/3.32 s against 3.72/3.51 s in alternating runs; pipeline P=3 M=2
// unchanged (27,686 copies against 27,769: its copies are those its
// executions start from).
const denseSpacing = 3

// spacedOut reports whether the node just pushed is denseSpacing nodes
// with other transitions to explore (mayBranch) below the nearest
// snapshot on the path, or has none above it.
func (x *explorer) spacedOut() bool {
	since := 0
	for d := len(x.stack) - 2; d >= 0; d-- {
		p := x.stack[d]
		if p.snap != nil {
			return since >= denseSpacing-1
		}
		if len(p.enabled) > 1 && x.mayBranch(p) {
			since++
			if since >= denseSpacing-1 {
				return true
			}
		}
	}
	return true
}

// mayBranch reports whether a transition other than the one taken may
// ever be explored at n: one not asleep there (a node's sleep set is
// fixed when it is made) and within the preemption bound. If none is,
// no execution will start at n, and a copy of its state would be wasted
// (philo_chan N=7: a third of the nodes with several transitions).
func (x *explorer) mayBranch(n *node) bool {
	for _, t := range n.enabled {
		if t != n.taken && !n.asleep(t) && x.allowed(n, t) {
			return true
		}
	}
	return false
}

// sparseWorth is the sparse rule: whether steps that took since (from
// the snapshot above) are worth a copy.
func (x *explorer) sparseWorth(since time.Duration) bool {
	return since > 0 && since >= snapshotFactor*x.cloneCost
}

// replayOverhead is the time a replayed step takes in the explorer
// (enabled transitions, clocks, bookkeeping) over the model's step, which
// is what node.cum measures: 2.72 s against 2.13 s on pipeline P=2 M=3,
// 1.94 s against 1.49 s on philo_chan N=7.
const replayOverhead = 1.3

// denseAfter is the executions the figures of denseSnapshots must come
// from before they are trusted (counter N=4 K=2, near the threshold,
// switched on an early estimate).
const denseAfter = 2048

// copyOverhead is the cost of a copy over the time it takes (the
// collector then scans and frees it), set from the benchmark suite: by
// the estimates of denseSnapshots, replays would cost 2.9 and 2.4 times
// as much as the copies on pipeline P=2 M=3 and P=3 M=2, where dense
// snapshots win, and 0.4 to 1.34 times on the other rows, where they lose
// or break even (philo_ordered N=6 at 1.34: 1.14-1.33 s against
// 0.94-1.03 s).
const copyOverhead = 2

// denseSnapshots reports whether the search should copy the state at
// every node with several enabled transitions (and let every execution
// start from a copy), rather than keep copies only where steps are long
// (takeSnapshot): whether, by the figures so far, the copies that
// would take (one per such node, and one per execution that does not
// start at a node's last transition) cost less than the replays with
// sparse snapshots (from the node where the sparse rule would have
// copied). A search that comes back to most of its branching nodes with
// cheap copies gains (pipeline P=2 M=3, in alternating runs: 4.96 and
// 5.23 s against 5.73 and 6.58 s; 159,233 steps run instead of
// 1,382,518); one that comes back to few loses (philo_mutex N=8 with
// every copy taken: 4.4 s against 3.3 s). The choice is made again every
// 256 executions.
func (x *explorer) denseSnapshots() bool {
	if x.copies == 0 || x.res.Stats.Executions < denseAfter {
		return false
	}
	copies := x.branching/denseSpacing + max(0, x.res.Stats.Executions-x.revisited)
	mean := float64(x.copyTime) / float64(x.copies)
	return copyOverhead*float64(copies)*mean < replayOverhead*float64(x.sparseReplay)
}

// hashEvery bounds the run of nodes with one enabled transition that
// are not fingerprinted (worthHashing).
const hashEvery = 8

// worthHashing reports whether state caching fingerprints the new node
// n. A node where only one transition is enabled has one successor: a
// state met again there is met again one step later too, so its
// fingerprint (five to ten steps' worth) is mostly saved, at the price of
// that step on a hit. Every hashEvery-th such node in a row is hashed
// anyway, so that a loop of them (a goroutine spinning alone) is still
// found to repeat. A node not fingerprinted is treated as a state that
// cannot be (model.State.Fingerprint's false): never stored, never a
// hit. With a preemption bound every node is hashed, as before: what
// may follow a node there depends on the preemptions left as well.
func (x *explorer) worthHashing(n *node) bool {
	return len(n.enabled) > 1 || n.unhashed >= hashEvery || x.opts.Preemptions > 0
}

// branchFactor is snapshotFactor for a node the search is backtracking
// to that has another transition left to explore after this one: the
// copy will be used at least once, and its last use takes it without
// copying (restore). At 1 rather than 2, pipeline P=2 M=3 took 6.94 and
// 6.98 s against 7.73 and 7.73 s in alternating runs (philo_chan N=7
// unchanged).
const branchFactor = 1

// branchSnapshot keeps a copy of s, the state at node n where the current
// execution branches, if n has another transition left to explore and the
// replay from the snapshot above took branchFactor copies' time.
func (x *explorer) branchSnapshot(s *model.State, n *node) {
	if x.opts.NoSnapshots || x.replaying || x.snapValues > snapshotBudget || !x.moreAfter(n) {
		return
	}
	if !x.opts.AllSnapshots && x.cloneCost > 0 && n.cum-n.baseCum < branchFactor*x.cloneCost {
		return
	}
	if c, ok := x.clone(s); ok {
		n.snap = c
		n.baseCum = n.cum
		x.snapValues += c.Size()
	}
}

// moreAfter reports whether n has a transition to explore after the one
// taken (as things stand: executions may add more).
func (x *explorer) moreAfter(n *node) bool {
	for i, t := range n.enabled {
		if t != n.taken && n.marks[i] == markBacktrack && !n.asleep(t) && x.allowed(n, t) {
			return true
		}
	}
	return false
}

// cloneOutlier bounds a copy's time in the running estimate
// (explorer.cloneCost) to this many times the estimate. A copy that the
// collector or the other worker's share of the machine interrupted took
// milliseconds instead of microseconds; in full, one such copy made the
// estimate thirty to eighty times the mean (a worker of philo_chan N=10:
// 812 µs, against 11.6 µs a copy on average), and with copies deemed that
// dear the search took too few of them to bring the estimate back down:
// 63,346 of 98,070 executions replayed from the initial state (one in the
// sequential search). Bounded, a real change in what copies cost still
// moves the estimate, by at most 3/8 a copy.
const cloneOutlier = 4

// clone copies s, keeping the average time a copy takes.
func (x *explorer) clone(s *model.State) (*model.State, bool) {
	if x.cloner == nil {
		x.cloner = model.NewCloner()
	}
	start := time.Now()
	c, ok := x.cloner.Clone(s)
	d := time.Since(start)
	x.copies++
	x.copyTime += d
	if x.cloneCost == 0 {
		x.cloneCost = d
	} else {
		x.cloneCost += (min(d, cloneOutlier*x.cloneCost) - x.cloneCost) / 8
	}
	return c, ok
}

// discard gives the memory of s, a state the search is done with (an
// execution's state when it ends, a popped node's snapshot), back to the
// cloner for the next copies (model.Cloner.Recycle): an execution ends
// one state and starts from a new copy, so without it every execution
// allocated a whole state for the collector (philo_chan N=8: most of the
// 9 KB a copy took are reused). Nothing keeps a state past these points:
// findings, outcomes and events copy what they keep.
func (x *explorer) discard(s *model.State) {
	if x.cloner != nil {
		x.cloner.Recycle(s)
	}
}

// restoredDepth returns the deepest node at or above depth target that
// has a snapshot (-1: none).
func (x *explorer) restoredDepth(target int) int {
	for d := min(target, len(x.stack)-1); d >= 0; d-- {
		if x.stack[d].snap != nil {
			return d
		}
	}
	return -1
}

// restore returns a copy of the snapshot an execution backtracking to
// node target starts from, and the snapshot's depth, or nil (replay from
// the initial state).
func (x *explorer) restore(target int) (*model.State, int) {
	d := x.restoredDepth(target)
	if d < 0 {
		return nil, 0
	}
	n := x.stack[d]
	last := d == target && !x.moreAfter(n) && n.shareKey == ""
	if !last && !x.opts.AllSnapshots && !x.dense && n.cum < branchFactor*x.cloneCost {
		return nil, 0 // replaying costs less than a copy
	}
	if last {
		// The last execution to start here: it takes the snapshot
		// itself.
		c := n.snap
		n.snap = nil
		x.snapValues -= c.Size()
		c.SetDeadline(x.deadline)
		return c, d
	}
	c, ok := x.clone(n.snap)
	if !ok {
		return nil, 0
	}
	c.SetDeadline(x.deadline)
	return c, d
}

// firstAwake picks the transition a new state starts with: of those
// awake and within the preemption bound, the one of the goroutine that
// has waited longest since its last step (timer firings last), so that
// the first executions interleave goroutines as much as they can: a
// deadlock that needs every goroutine to get half-way (the dining
// philosophers) is then found by the first execution rather than after
// most of the search.
func (x *explorer) firstAwake(n *node, lastRun []int) (model.Transition, bool) {
	best, bestAt := -1, 0
	for i, t := range n.enabled {
		if n.asleep(t) || !x.allowed(n, t) {
			continue
		}
		at := -1
		switch {
		case t.G == 0:
			at = 1 << 30
		case t.G < len(lastRun):
			at = lastRun[t.G]
		}
		if best < 0 || at < bestAt {
			best, bestAt = i, at
		}
	}
	if best < 0 {
		return model.Transition{}, false
	}
	return n.enabled[best], true
}

// childSleep computes the sleep set after parent's step: the parent's
// sleeping and already explored transitions that are independent of the
// step taken.
func (x *explorer) childSleep(parent *node, into sleeping) sleeping {
	sl := into
	if sl == nil {
		sl = make(sleeping)
	}
	clear(sl)
	if x.opts.NoReduction {
		return sl
	}
	add := func(k sleepKey, e *model.Event) {
		if k.g != parent.taken.G && !dependent(*e, parent.event) {
			sl[k] = e
		}
	}
	for k, e := range parent.sleep {
		add(k, e)
	}
	for i := range parent.explored {
		st := &parent.explored[i]
		add(parent.key(st.t), &st.e)
	}
	for _, st := range parent.startedBefore {
		add(st.k, st.ev)
	}
	return sl
}

// refreshSleep widens, in sleep set sl at a node whose state is s, the
// events of the transitions whose objects depend on the state: a
// transition stays asleep across a step only if it commutes with it in
// the state the step is taken in, and what a WaitGroup counter change
// touches changes with the state (model's wgAccess: a Done explored
// where it could not bring the counter to zero may bring it there now,
// and then writes the WaitGroup's zero). Each such event gets, besides
// what it touched where it was explored, what its goroutine's pending
// operation would touch now; and a step whose goroutine went on to end
// in WaitGroup.Go's Done (after its operation, which the peek does not
// show) writes the WaitGroup and its zero.
//
// The step just taken (event step, nil if none) must commute with a
// transition kept asleep after it as well as before: a Done that could
// not bring the counter to zero before the step may after it, and then
// conflicts with what the step did after its operation (an arrival in
// Wait: wgorder/arrivezero); such a transition wakes up.
func refreshSleep(sl sleeping, s *model.State, step *model.Event) {
	for k, e := range sl {
		if w := widened(e, k.g, s); w != nil {
			if step != nil && dependent(*w, *step) {
				delete(sl, k)
				continue
			}
			sl[k] = w
		}
	}
}

// widened returns e widened as refreshSleep says, or nil if it is
// unchanged.
func widened(e *model.Event, g int, s *model.State) *model.Event {
	nw, nr := len(e.Writes)-int(e.LateWrites), len(e.Reads)-int(e.LateReads)
	opW, lateW := e.Writes[:nw], e.Writes[nw:]
	opR, lateR := e.Reads[:nr], e.Reads[nr:]
	write := e.Write
	changed := false
	// add adds object o to list l unless e already touches it so (as a
	// write if isWrite).
	add := func(l []string, o string, isWrite bool) []string {
		switch {
		case slices.Contains(l, o), slices.Contains(e.Writes, o), o == e.Obj && (e.Write || !isWrite):
			return l
		case !isWrite && slices.Contains(e.Reads, o):
			return l
		}
		changed = true
		return append(slices.Clip(l), o)
	}
	// A goroutine's end in WaitGroup.Go's Done touches the WaitGroup
	// after the step's operation: it may write it, and its zero, now.
	for _, late := range [2][]string{e.Writes[nw:], e.Reads[nr:]} {
		for _, o := range late {
			if strings.HasPrefix(o, "waitgroup ") && !strings.HasSuffix(o, " zero") && !strings.HasSuffix(o, " units") {
				lateW = add(lateW, o, true)
				lateW = add(lateW, o+" zero", true)
			}
		}
	}
	switch e.Kind {
	case "waitgroup add", "waitgroup done", "waitgroup go":
		if g > 0 && g <= len(s.Goroutines()) {
			gr := s.Goroutine(g)
			if !write && !e.Failed && !s.PeekReads(gr) {
				write, changed = true, true
			}
			reads, writes := s.PeekMore(gr)
			for _, o := range reads {
				opR = add(opR, o, false)
			}
			for _, o := range writes {
				opW = add(opW, o, true)
			}
		}
	}
	if !changed {
		return nil
	}
	w := *e
	w.Write = write
	w.Writes = append(slices.Clip(opW), lateW...)
	w.Reads = append(slices.Clip(opR), lateR...)
	w.LateWrites, w.LateReads = uint8(len(lateW)), uint8(len(lateR))
	return &w
}

// sleeping is a sleep set: the transitions asleep at a node, each with
// the event it had where it was explored (what it is independent of
// decides where it wakes up). The events are those of the explored
// steps of the nodes above, which are not changed once recorded, so a
// set holds pointers to them rather than copies (a map's groups of
// copied events took 4% of the bytes allocated on philo_chan N=7).
type sleeping map[sleepKey]*model.Event

func sameTransitions(a, b []model.Transition) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// finish sets the verdict.
func (x *explorer) finish() {
	r := x.res
	for key, f := range x.found {
		if !x.replaying {
			x.adoptCanonical(f, key)
		}
		r.Findings = append(r.Findings, f)
	}
	sort.Slice(r.Findings, func(i, j int) bool { return findingKey(r.Findings[i]) < findingKey(r.Findings[j]) })
	switch {
	case x.stop != nil:
		if _, ok := x.stop.(*model.UnsupportedError); ok {
			r.Verdict = Unsupported
		} else {
			r.Verdict = Incomplete
		}
		r.Reason = x.stop.Error()
		if len(r.Findings) > 0 {
			r.Verdict = Bug
		}
	case len(r.Findings) > 0:
		r.Verdict = Bug
		r.Reason = x.incomplete
	case x.incomplete != "":
		r.Verdict = Incomplete
		r.Reason = x.incomplete
	default:
		r.Verdict = Verified
	}
}

var _ = strings.TrimSpace

// overMemory samples the heap; past the memory bound it marks the
// exploration incomplete.
func (x *explorer) overMemory() bool {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return false
	}
	heap := sample[0].Value.Uint64()
	if heap > x.res.Stats.PeakHeap {
		x.res.Stats.PeakHeap = heap
	}
	if heap > x.opts.MaxMemory {
		x.incomplete = fmt.Sprintf("memory bound %d MiB reached (-max-memory)", x.opts.MaxMemory>>20)
		x.halt = true
		return true
	}
	return false
}

// findingKey orders findings by position, kind, message and related
// positions, so that results are the same on every run.
func findingKey(f *Finding) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\x00%09d\x00%09d\x00%s\x00%s", f.Pos.Filename, f.Pos.Line, f.Pos.Column, f.Kind, f.Message)
	for _, r := range f.Related {
		fmt.Fprintf(&sb, "\x00%s:%09d:%09d", r.Pos.Filename, r.Pos.Line, r.Pos.Column)
	}
	return sb.String()
}
