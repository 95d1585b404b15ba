package explorer

import (
	"fmt"
	"go/token"
	"slices"
	"strconv"
	"strings"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// Finding is a bug found in some execution, with the schedule that
// reaches it.
type Finding struct {
	Kind    string // deadlock, leak, lost-message, panic, data-race, atomicity, test-failure
	Pos     token.Position
	Message string
	Related []Related
	// Schedule replays the execution: the transition taken at each step.
	Schedule []model.Transition
	// Goroutines are the goroutines involved: the blocked ones of a
	// deadlock, the leaked one, the panicking one, the racing ones.
	Goroutines []int
	// Visible are the loads and stores that were scheduling points in the
	// exploration round that found this (see makeVisible); Replay needs
	// them.
	Visible map[ssa.Instruction]bool
	// FirstLength is the length of the first schedule found to reach the
	// finding; Schedule is the best found (fewest steps, then fewest
	// context switches, then the first by transition order, in canonical
	// order: report) among all explored executions reaching it.
	FirstLength int

	round int                // the exploration round that found it
	order []model.Transition // the canonical order of the schedule found (canonical)
	Trace *Trace
}

// Related is a second place involved in a finding.
type Related struct {
	Pos     token.Position
	Message string
}

// Trace is the execution that exhibits a finding.
type Trace struct {
	Steps      []Step
	Goroutines []GoroutineInfo // final status of every goroutine
}

// Step is one visible operation of the trace.
type Step struct {
	G       int // 0 for a timer firing
	Kind    string
	Pos     token.Position
	Obj     string
	Detail  string
	Partner int
	// Writes and Reads are further objects the step changed or observed
	// (the mutex a Cond.Wait releases, the other channels of a select).
	Writes, Reads []string
}

// GoroutineInfo describes a goroutine at the end of the trace.
type GoroutineInfo struct {
	ID        int
	Func      string         // the function it started with
	CreatedAt token.Position // the go statement (invalid for the entry goroutine)
	CreatedIn string         // the function that ran the go statement
	Parent    int
	Status    string         // "exited", "running", or what it is blocked in ("chan send", ...)
	BlockedAt token.Position // where it is blocked
}

// analyse checks the end of an execution for findings.
func (x *explorer) analyse(s *model.State, events []model.Event) {
	if err := s.Failure(); err != nil {
		switch err := err.(type) {
		case *model.LimitError:
			x.incomplete = err.Error()
		default:
			x.stop = err
		}
		return
	}
	schedule := x.schedule
	if x.opts.Outcomes {
		x.outcome(s)
	}
	if c := s.Crash(); c != nil {
		msg := c.Msg
		if c.Fatal {
			msg = "fatal error: " + c.Msg
		}
		msg = fmt.Sprintf("%s (goroutine %d)", msg, c.G.ID)
		x.report(s, "panic", s.Position(c.Pos), msg, nil, schedule(), events, c.G.ID)
	}
	if pos, g := s.ExitCall(); pos.IsValid() && x.entry.Kind != frontend.EntryMain {
		msg := fmt.Sprintf("os.Exit(%d) called during %s by goroutine %d: the whole test binary exits", s.ExitCode(), x.entry.Func.Name(), g)
		x.report(s, "test-failure", s.Position(pos), msg, nil, schedule(), events, g)
		return
	}
	x.stepFindings(s, schedule(), events)
	if s.Crash() != nil {
		return
	}
	x.lostMessages(s, schedule, events)
	var blocked []*model.Goroutine
	for _, g := range s.Goroutines() {
		if !g.Exited() && s.Choices(g) == 0 {
			blocked = append(blocked, g)
		}
	}
	if len(blocked) == 0 {
		return
	}
	entry := s.Goroutine(1)
	switch {
	case !s.Done() && !entry.Exited():
		// Nothing can move and the entry has not finished: deadlock.
		first := blocked[0]
		what, pos := s.Blocked(first)
		var rel []Related
		var parts []string
		for _, g := range blocked {
			w, p := s.Blocked(g)
			parts = append(parts, fmt.Sprintf("goroutine %d [%s]", g.ID, w))
			if g != first {
				rel = append(rel, Related{Pos: s.Position(p), Message: fmt.Sprintf("goroutine %d blocked here [%s]", g.ID, w)})
			}
		}
		msg := fmt.Sprintf("all goroutines are blocked: goroutine %d waits in %s; %s", first.ID, what, strings.Join(parts, ", "))
		if x.hasher != nil {
			if fp, ok := s.Fingerprint(x.hasher); ok {
				if x.deadlocks == nil {
					x.deadlocks = make(map[uint64]bool)
				}
				x.deadlocks[fp] = true
			}
		}
		var ids []int
		for _, g := range blocked {
			ids = append(ids, g.ID)
		}
		x.report(s, "deadlock", s.Position(pos), msg, rel, schedule(), events, ids...)
	case !s.Done() || x.opts.LeakOnMain || x.entry.Kind != frontend.EntryMain:
		for _, g := range blocked {
			what, pos := s.Blocked(g)
			msg := fmt.Sprintf("goroutine %d (%s) is blocked forever in %s after %s returned", g.ID, goroutineName(g), what, x.entry.Func.Name())
			var rel []Related
			if g.StartPos.IsValid() {
				rel = append(rel, Related{Pos: s.Position(g.StartPos), Message: fmt.Sprintf("goroutine %d started here", g.ID)})
			}
			x.report(s, "leak", s.Position(pos), msg, rel, schedule(), events, g.ID)
		}
	}
}

// schedule returns the transitions of the current execution.
func (x *explorer) schedule() []model.Transition {
	sch := make([]model.Transition, len(x.stack))
	for i, n := range x.stack {
		sch[i] = n.taken
	}
	return sch
}

// stepFindings reports the findings made during the steps of the
// execution (data races, lost updates, test failures).
func (x *explorer) stepFindings(s *model.State, sch []model.Transition, events []model.Event) {
	var reported map[string]bool // the keys reported for this execution
	for _, f := range s.Findings() {
		if f.Kind == "data-race" {
			x.makeVisible(f.Instrs)
		}
		var rel []Related
		for _, r := range f.Related {
			rel = append(rel, Related{Pos: s.Position(r.Pos), Message: r.Msg})
		}
		pos := s.Position(f.Pos)
		// One execution often finds the same thing many times (twenty
		// goroutines racing on one counter): the first is reported, as
		// report would keep it.
		key := foundKey(f.Kind, pos, rel)
		if reported[key] {
			continue
		}
		if reported == nil {
			reported = make(map[string]bool)
		}
		reported[key] = true
		gs := f.Gs
		if gs == nil {
			gs = []int{f.G}
		}
		x.reportAs(key, s, f.Kind, pos, f.Msg, rel, sch, events, gs...)
	}
}

// analyseCut checks an execution that state caching stopped at a state
// explored before: only what its steps found; what can follow was
// checked when the state was first explored. A finding's schedule must
// describe a whole execution (so that it replays), so an execution with
// findings is run on to its end, each time with the first enabled
// transition.
func (x *explorer) analyseCut(s *model.State, events []model.Event) {
	if x.opts.Debug != nil {
		fmt.Fprintf(x.opts.Debug, "execution %d: cut at depth %d (state explored)\n", x.res.Stats.Executions, len(x.stack))
	}
	if len(s.Findings()) == 0 {
		return
	}
	sch := x.schedule()
	var buf []model.Transition
	for !s.Done() && len(sch) < x.opts.MaxSteps {
		if buf = s.Enabled(buf[:0]); len(buf) == 0 {
			break
		}
		events = append(events, s.Do(buf[0]))
		sch = append(sch, buf[0])
		x.res.Stats.Transitions++
		x.res.Stats.StepsRun++
	}
	x.stepFindings(s, sch, events)
}

func goroutineName(g *model.Goroutine) string {
	if g.StartFn == nil {
		return "?"
	}
	return g.StartFn.String()
}

// report records a finding, keeping for each kind and position the
// best schedule met (preferred: fewest steps, then fewest context
// switches, then the first by transition order, compared on the
// schedules' canonical orders), from the latest round: in it the racing
// accesses are steps of the trace.
func (x *explorer) report(s *model.State, kind string, pos token.Position, msg string, rel []Related, sch []model.Transition, events []model.Event, gs ...int) {
	x.reportAs(foundKey(kind, pos, rel), s, kind, pos, msg, rel, sch, events, gs...)
}

// reportAs is report for a finding whose foundKey is key.
func (x *explorer) reportAs(key string, s *model.State, kind string, pos token.Position, msg string, rel []Related, sch []model.Transition, events []model.Event, gs ...int) {
	first := len(sch)
	old, ok := x.found[key]
	if ok {
		if old.round > x.round {
			return
		}
		if old.round == x.round {
			first = old.FirstLength
			if len(sch) > len(old.order) {
				return
			}
		}
	}
	if ok && old.round == x.round && x.candidateSeen(key, sch) {
		return // this very schedule was compared before
	}
	if x.canon == nil {
		x.canon = new(canonScratch)
	}
	order := x.canon.order(sch, events)
	if ok && old.round == x.round && !preferred(order, old.order) {
		return
	}
	x.found[key] = &Finding{Kind: kind, Pos: pos, Message: msg, Related: rel, Schedule: sch, Goroutines: gs, Visible: x.visible, Trace: makeTrace(s, events), round: x.round, FirstLength: first, order: order}
}

// candidateSeen reports whether report has met schedule sch for the
// finding key before in this round (and records it): the same execution
// is often reported again (counter_racy N=3 K=2: 20,300 candidates, 4,422
// of them distinct), and the outcome of comparing it is known. Schedules
// are remembered by a 64-bit hash, up to maxCandidates of them; a
// collision could only make report skip a candidate.
func (x *explorer) candidateSeen(key string, sch []model.Transition) bool {
	h := uint64(x.round)<<32 | uint64(len(sch))
	for _, t := range sch {
		h = model.Mix64(h ^ uint64(uint32(t.G))<<32 ^ uint64(uint32(t.K)))
	}
	k := comparedKey{key, h}
	if _, ok := x.compared[k]; ok {
		return true
	}
	if x.compared == nil || len(x.compared) >= maxCandidates {
		x.compared = make(map[comparedKey]struct{})
	}
	x.compared[k] = struct{}{}
	return false
}

// comparedKey names a schedule compared for a finding (candidateSeen):
// the finding's key and a hash of the round and the schedule.
type comparedKey struct {
	key   string
	sched uint64
}

// maxCandidates bounds the schedules candidateSeen remembers.
const maxCandidates = 1 << 16

// foundKey identifies a finding: its kind and position, and for a data
// race the pair of positions in either order (one report per pair).
func foundKey(kind string, pos token.Position, rel []Related) string {
	key := kind + "@" + posKey(pos)
	if kind == "data-race" && len(rel) > 0 {
		a, b := key, posKey(rel[0].Pos)
		if b < a {
			a, b = b, a
		}
		key = kind + "@" + a + "|" + b
	}
	return key
}

// posKey is file:line:col (foundKey runs for every finding of every
// execution: no fmt).
func posKey(p token.Position) string {
	return p.Filename + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// Canonical schedules. The steps of an execution, ordered by dependence
// (dpor.go), form a partial order (a Mazurkiewicz trace), and every
// linearisation of it reaches the same state. A finding's schedule is
// reported in one linearisation chosen by the partial order alone, not
// by the order the search happened to run the steps in: at each point
// the next step of the goroutine that took the last one, if every step
// it depends on is done, else the ready step of the goroutine with the
// lowest number (timer firings, goroutine 0, first). So two searches
// that reach a finding by equivalent executions (the sequential search
// and a parallel one, whose workers meet states in an order that
// depends on timing) report the same schedule, and a reader follows one
// goroutine as far as it can go before switching. Steps
// that start goroutines keep their order among themselves, since
// goroutines are numbered in the order they start. The canonical
// schedule is replayed before it is adopted: the reported trace is the
// replayed one, and a schedule that does not replay to the same finding
// (objects numbered in creation order, created in another order) is
// kept as it was found.

// canonical returns the canonical order of the schedule sch, whose steps
// had the events events; sch itself when it is too long to reorder
// (maxNormalise) or the events are not the steps'. It runs for every
// candidate schedule of a finding (report), so it builds the partial
// order in one pass, as vector clocks (for each step, how many steps of
// each goroutine are at or before it), from the latest step of each
// goroutine, object (its last change and the reads since) and kind of
// dependence (dependent's cases), rather than by testing every pair.
func canonical(sch []model.Transition, events []model.Event) []model.Transition {
	return new(canonScratch).order(sch, events)
}

// canonScratch is canonical's memory, kept from one call to the next by
// an explorer (report). Goroutines are looked up by number in slices,
// objects by name in a short list (a trace touches a few): maps made
// counter_racy N=3 K=2, which reports 20,000 candidate schedules, half as
// slow again.
type canonScratch struct {
	gIdx               []int32 // goroutine number -> 1 + index (0: none)
	gs                 []int   // index -> goroutine number
	hb                 []int32
	last               []int
	count, all, placed []int32
	creator            []int32 // goroutine number -> 1 + the step that started it
	partnered          [][]int // goroutine number -> the steps naming it as partner
	objs               []string
	objIndex           map[string]int // objs' indices, once objs is long
	lastWrite          []int          // by object: its last change (-1: none)
	readsSince         [][]int        // by object: the reads since
	steps              [][]int
	byNumber           []int
}

// reuse returns s[:n] zeroed, reusing its memory when it can.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// shortObjs is how many objects canonScratch looks up by scanning.
const shortObjs = 32

// obj returns the index of object o, adding it.
func (c *canonScratch) obj(o string) int {
	if c.objIndex == nil {
		for i, p := range c.objs {
			if p == o {
				return i
			}
		}
		if len(c.objs) == shortObjs {
			c.objIndex = make(map[string]int)
			for i, p := range c.objs {
				c.objIndex[p] = i
			}
		}
	}
	if c.objIndex != nil {
		if i, ok := c.objIndex[o]; ok {
			return i
		}
		c.objIndex[o] = len(c.objs)
	}
	c.objs = append(c.objs, o)
	c.lastWrite = append(c.lastWrite, -1)
	if len(c.readsSince) < len(c.objs) {
		c.readsSince = append(c.readsSince, nil)
	}
	c.readsSince[len(c.objs)-1] = c.readsSince[len(c.objs)-1][:0]
	return len(c.objs) - 1
}

func (c *canonScratch) order(sch []model.Transition, events []model.Event) []model.Transition {
	n := len(sch)
	if n != len(events) || n > maxNormalise {
		return sch
	}
	maxG := 0
	for j := range events {
		g := events[j].G
		if g != sch[j].G || g < 0 {
			return sch
		}
		maxG = max(maxG, g)
	}
	c.gIdx = reuse(c.gIdx, maxG+1)
	gIdx := c.gIdx
	gs := c.gs[:0]
	for j := range events {
		if g := events[j].G; gIdx[g] == 0 {
			gs = append(gs, g)
			gIdx[g] = int32(len(gs))
		}
	}
	c.gs = gs
	c.creator = reuse(c.creator, maxG+1)
	creator := c.creator
	if cap(c.partnered) <= maxG {
		c.partnered = append(c.partnered[:cap(c.partnered)], make([][]int, maxG+1-cap(c.partnered))...)
	}
	partnered := c.partnered[:maxG+1]
	for g := range partnered {
		partnered[g] = partnered[g][:0]
	}
	c.objs, c.objIndex, c.lastWrite = c.objs[:0], nil, c.lastWrite[:0]
	k := len(gs)
	c.hb = reuse(c.hb, n*k) // hb[j*k+h]: steps of goroutine h at or before step j
	hb := c.hb
	row := func(j int) []int32 { return hb[j*k : (j+1)*k] }
	join := func(dst []int32, i int) {
		for h, v := range row(i) {
			dst[h] = max(dst[h], v)
		}
	}
	c.last = reuse(c.last, k) // each goroutine's latest step (-1: none yet)
	last := c.last
	for h := range last {
		last[h] = -1
	}
	c.count, c.all = reuse(c.count, k), reuse(c.all, k)
	count, all := c.count, c.all // all: the join of every step so far
	lastGlobal, lastStarter := -1, -1
	for j := range events {
		e := &events[j]
		g := int(gIdx[e.G]) - 1
		r := row(j)
		if last[g] >= 0 {
			join(r, last[g])
		}
		if e.Global {
			for h := range r {
				r[h] = max(r[h], all[h])
			}
		}
		if lastGlobal >= 0 {
			join(r, lastGlobal)
		}
		for _, p := range partnered[e.G] {
			join(r, p)
		}
		if e.Partner > 0 && e.Partner <= maxG {
			if h := gIdx[e.Partner]; h > 0 && last[h-1] >= 0 {
				join(r, last[h-1])
			}
		}
		if st := creator[e.G]; st > 0 {
			join(r, int(st-1))
		}
		if len(e.Created) > 0 && lastStarter >= 0 {
			join(r, lastStarter) // goroutines are numbered in the order they start
		}
		changes := func(o string) {
			i := c.obj(o)
			if w := c.lastWrite[i]; w >= 0 {
				join(r, w)
			}
			for _, p := range c.readsSince[i] {
				join(r, p)
			}
		}
		observes := func(o string) {
			if w := c.lastWrite[c.obj(o)]; w >= 0 {
				join(r, w)
			}
		}
		if e.Obj != "" {
			if e.Write {
				changes(e.Obj)
			} else {
				observes(e.Obj)
			}
		}
		for _, o := range e.Writes {
			changes(o)
		}
		for _, o := range e.Reads {
			observes(o)
		}
		count[g]++
		r[g] = count[g]
		for h := range all {
			all[h] = max(all[h], r[h])
		}
		// What later steps depend on.
		last[g] = j
		if e.Global {
			lastGlobal = j
		}
		if e.Partner > 0 && e.Partner <= maxG {
			partnered[e.Partner] = append(partnered[e.Partner], j)
		}
		for _, cg := range e.Created {
			if cg > 0 && cg <= maxG {
				creator[cg] = int32(j + 1)
			}
		}
		if len(e.Created) > 0 {
			lastStarter = j
		}
		read := func(o string) {
			i := c.obj(o)
			c.readsSince[i] = append(c.readsSince[i], j)
		}
		write := func(o string) {
			i := c.obj(o)
			c.lastWrite[i], c.readsSince[i] = j, c.readsSince[i][:0]
		}
		if e.Obj != "" && !e.Write {
			read(e.Obj)
		}
		for _, o := range e.Reads {
			read(o)
		}
		if e.Obj != "" && e.Write {
			write(e.Obj)
		}
		for _, o := range e.Writes {
			write(o)
		}
	}
	// Each goroutine's steps in order; a goroutine's next step is ready
	// when every step before it (by hb) is placed.
	if cap(c.steps) < k {
		c.steps = append(c.steps[:cap(c.steps)], make([][]int, k-cap(c.steps))...)
	}
	steps := c.steps[:k]
	for h := range steps {
		steps[h] = steps[h][:0]
	}
	for j := range events {
		h := gIdx[events[j].G] - 1
		steps[h] = append(steps[h], j)
	}
	c.byNumber = reuse(c.byNumber, k) // indices by goroutine number
	byNumber := c.byNumber
	for h := range byNumber {
		byNumber[h] = h
	}
	slices.SortFunc(byNumber, func(a, b int) int { return gs[a] - gs[b] })
	c.placed = reuse(c.placed, k)
	placed := c.placed
	ready := func(h int) bool {
		if int(placed[h]) == len(steps[h]) {
			return false
		}
		for h2, v := range row(steps[h][placed[h]]) {
			if h2 != h && placed[h2] < v {
				return false
			}
		}
		return true
	}
	out := make([]model.Transition, 0, n)
	cur := -1
	for len(out) < n {
		if cur < 0 || !ready(cur) {
			cur = -1
			for _, h := range byNumber {
				if ready(h) {
					cur = h
					break
				}
			}
			if cur < 0 {
				return sch // cannot happen: the order is acyclic
			}
		}
		out = append(out, sch[steps[cur][placed[cur]]])
		placed[cur]++
	}
	return out
}

// preferred reports whether the canonical schedule a makes a better
// counterexample than b: fewer steps, or as many with fewer context
// switches, or the first by transition order.
func preferred(a, b []model.Transition) bool {
	if shorter(a, b) {
		return true
	}
	if shorter(b, a) {
		return false
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return a[i].G < b[i].G || (a[i].G == b[i].G && a[i].K < b[i].K)
		}
	}
	return false
}

// adoptCanonical makes the canonical order of f's schedule its schedule
// when replaying it reaches the same finding; the trace is then the
// replayed one. It is done once per finding, when the search is over
// (finish), rather than for every better schedule met.
func (x *explorer) adoptCanonical(f *Finding, key string) {
	if slices.Equal(f.order, f.Schedule) {
		return
	}
	defer func() {
		// A replay that meets an internal error leaves the schedule as
		// found (the search reports the error if it met it too).
		_ = recover()
	}()
	found, err := replay(x.it, x.entry, f.order, f.Visible, x.opts)
	if err != nil {
		return
	}
	for _, g := range found {
		if foundKey(g.Kind, g.Pos, g.Related) == key {
			f.Schedule, f.Trace = f.order, g.Trace
			return
		}
	}
}

// shownObj is the name a trace shows for object o: a buffered channel's
// head (what a receive of a value changes, model's split) is shown as the
// channel.
func shownObj(o string) string {
	if c, ok := strings.CutSuffix(o, " head"); ok && strings.HasPrefix(c, "chan ") {
		return c
	}
	return o
}

// maxNormalise bounds the schedules canonical reorders (its cost is
// quadratic in the length).
const maxNormalise = 2000

func makeTrace(s *model.State, events []model.Event) *Trace {
	t := &Trace{}
	for _, e := range events {
		detail := e.Detail
		if e.Func != nil && detail == "" {
			detail = e.Func.String()
		}
		t.Steps = append(t.Steps, Step{G: e.G, Kind: e.Kind, Pos: s.Position(e.Pos), Obj: shownObj(e.Obj), Detail: detail, Partner: e.Partner, Writes: e.Writes, Reads: e.Reads})
	}
	for _, g := range s.Goroutines() {
		gi := GoroutineInfo{ID: g.ID, Func: goroutineName(g), Parent: g.Parent, CreatedAt: s.Position(g.StartPos)}
		if g.CreatedIn != nil {
			gi.CreatedIn = g.CreatedIn.String()
		}
		switch {
		case g.Exited():
			gi.Status = "exited"
		case s.CanMove(g):
			gi.Status = "runnable"
		default:
			what, pos := s.Blocked(g)
			gi.Status, gi.BlockedAt = what, s.Position(pos)
		}
		t.Goroutines = append(t.Goroutines, gi)
	}
	return t
}

// makeVisible makes racing loads and stores scheduling points for the
// next round, with every load and store of their static locations
// (model's SameLocation).
func (x *explorer) makeVisible(instrs []ssa.Instruction) {
	add := func(in ssa.Instruction) {
		if in == nil || x.visible[in] {
			return
		}
		if x.nextVisible == nil {
			x.nextVisible = make(map[ssa.Instruction]bool)
		}
		x.nextVisible[in] = true
	}
	for _, in := range instrs {
		add(in)
		if in != nil && !x.visible[in] {
			for _, other := range x.it.SameLocation(in) {
				add(other)
			}
		}
	}
}

// nextRound installs the accesses found racing in this round as
// scheduling points for the next one; it reports whether there are new
// ones.
func (x *explorer) nextRound() bool {
	if len(x.nextVisible) == 0 {
		return false
	}
	vis := make(map[ssa.Instruction]bool, len(x.visible)+len(x.nextVisible))
	for in := range x.visible {
		vis[in] = true
	}
	for in := range x.nextVisible {
		vis[in] = true
	}
	x.visible, x.nextVisible = vis, nil
	return true
}

// lostMessages reports values left in buffered channels at the end of a
// test or //cmcheck:entry execution whose entry returned, on channels that
// had a consumer (at least one value was received): the consumer stopped
// before draining them, and no goroutine can receive them any more. Not
// reported: a channel nobody ever received from (the buffered "result or
// timeout" idiom, where the value is deliberately dropped), and a channel
// used as a token holder, where every goroutine that received from it
// sent back one value after each value it received (Chan.TokenHolder:
// v := <-c; c <- v): the value left is the token, kept for the next
// user by design, not a message that did not reach its consumer; and a
// channel whose received values were all dropped by the receiving code
// (Chan.ValueUsed: a token bucket refilled by a ticker, a done signal),
// whose values are signals, not messages.
func (x *explorer) lostMessages(s *model.State, schedule func() []model.Transition, events []model.Event) {
	if x.entry.Kind == frontend.EntryMain || s.Crash() != nil || !s.Goroutine(1).Exited() {
		return
	}
	for _, c := range s.BufferedChans() {
		if c.Len() == 0 || c.Received() == 0 || c.TokenHolder() || !c.ValueUsed() {
			continue
		}
		msg := fmt.Sprintf("%d value(s) left in a buffered channel (chan %d, capacity %d) after its receiver stopped receiving: nobody can receive them any more", c.Len(), c.ID, c.Cap())
		x.report(s, "lost-message", s.Position(c.SentAt(0)), msg, nil, schedule(), events)
	}
}

// OutcomeOf is how an ended execution ended, as Result.Outcomes counts it.
func OutcomeOf(s *model.State) Outcome {
	o := Outcome{Stdout: s.Stdout.String(), Stderr: s.Stderr.String()}
	switch c := s.Crash(); {
	case c != nil && c.Fatal:
		o.End, o.Message = "fatal", c.Msg
	case c != nil:
		o.End, o.Message = "panic", c.Msg
	case !s.Done() && !s.Goroutine(1).Exited():
		o.End = "deadlock"
	default:
		o.End = fmt.Sprintf("exit %d", s.ExitCode())
	}
	return o
}

func (x *explorer) outcome(s *model.State) {
	o := OutcomeOf(s)
	if x.res.Outcomes == nil {
		x.res.Outcomes = make(map[Outcome]int)
	}
	x.res.Outcomes[o]++
}

// shorter reports whether schedule a is a better counterexample than b:
// fewer steps, or as many with fewer context switches.
func shorter(a, b []model.Transition) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return switches(a) < switches(b)
}

// switches counts the steps taken by another goroutine than the step
// before.
func switches(sch []model.Transition) int {
	n := 0
	for i := 1; i < len(sch); i++ {
		if sch[i].G != sch[i-1].G {
			n++
		}
	}
	return n
}
