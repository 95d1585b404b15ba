package explorer

import (
	"fmt"

	"github.com/cmcheck/cmcheck/model"
)

// Dynamic partial-order reduction (Flanagan and Godefroid, POPL 2005) with
// sleep sets (Godefroid 1996).
//
// Two steps are dependent when they are taken by the same goroutine, when
// one starts or completes a rendezvous with the other's goroutine, when
// one ends the program (main returning), when both are timer firings
// (timers fire in deadline order and move the clock), or when they touch a
// common object (channel, mutex, WaitGroup, Once, Cond, atomic cell, timer)
// and at least one of them changes it. A select observes all its channels:
// it is dependent on any change to any of them, which covers the
// select's choice of case as well as the default case.
//
// After each step e by goroutine p, the last earlier step that is
// dependent on e and not ordered before it by happens-before gets p added
// to its backtrack set (all enabled goroutines if p was not enabled
// there), so that the reverse order is explored too.

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
	aw, ar := objects(a)
	bw, br := objects(b)
	for _, w := range aw {
		for _, o := range bw {
			if w == o {
				return true
			}
		}
		for _, o := range br {
			if w == o {
				return true
			}
		}
	}
	for _, w := range bw {
		for _, o := range ar {
			if w == o {
				return true
			}
		}
	}
	return false
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

func (c vclock) set(g, v int) vclock {
	for len(c) <= g {
		c = append(c, 0)
	}
	c[g] = v
	return c
}

// procClocks holds each goroutine's clock: the steps that happen before
// its next step.
type procClocks struct{ m map[int]vclock }

func newProcClocks() *procClocks { return &procClocks{m: make(map[int]vclock)} }

func (p *procClocks) get(g int) vclock { return p.m[g] }

// clockStep computes the happens-before clock of the step at depth i and
// updates the goroutines' clocks.
func (x *explorer) clockStep(i int, pc *procClocks) {
	n := x.stack[i]
	e := n.event
	p := n.taken.G
	c := append(vclock(nil), pc.get(p)...)
	for j := 0; j < i; j++ {
		if dependent(x.stack[j].event, e) {
			c = c.join(x.stack[j].clock)
		}
	}
	c = c.set(p, i+1)
	n.clock = c
	pc.m[p] = c
	join := func(q int) {
		pc.m[q] = append(vclock(nil), pc.m[q]...).join(c)
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
	for _, t := range n.enabled {
		if t.G == p || (e.Partner != 0 && t.G == e.Partner) || e.Global {
			n.backtrack[t] = true
		}
	}
}

// backtrackPending looks, for the next operation of every goroutine (and
// of the timers) in the state at depth i, for the last earlier step it
// conflicts with that does not happen before it, and schedules the
// goroutine to run before that step.
func (x *explorer) backtrackPending(s *model.State, i int, pc *procClocks) {
	for _, g := range s.Goroutines() {
		objs, global := s.Peek(g)
		if len(objs) == 0 && !global {
			continue
		}
		lock, waits := s.PeekWaits(g)
		x.backtrackFor(i, g.ID, objs, global, lock, waits, pc)
	}
	if objs := s.PeekTimer(); objs != nil {
		x.backtrackFor(i, 0, objs, false, false, false, pc)
	}
}

// backtrackFor handles goroutine q (0: the timers) whose next operation
// touches objs. Flanagan and Godefroid reverse the last step that is
// dependent on q's operation and may be co-enabled with it. A lock
// acquisition is never co-enabled with a release of the same lock, so the
// search skips releases. When q's operation waits for something (a
// receive, WaitGroup.Wait) and the step is one that may have enabled it
// (a send, a Done), the two may not have been co-enabled: the step gets a
// backtrack point, conservatively, and the search goes on to the step
// before it.
func (x *explorer) backtrackFor(i, q int, objs []string, global, lock, waits bool, pc *procClocks) {
	cq := pc.get(q)
	for j := i - 1; j >= 0; j-- {
		nj := x.stack[j]
		if nj.taken.G == q {
			continue
		}
		if !global && !touches(nj.event, objs) && !(q == 0 && nj.taken.G == 0) {
			continue
		}
		if lock && nj.event.ReleasesLock() {
			continue
		}
		if cq.get(nj.taken.G) >= j+1 {
			if x.opts.Debug != nil {
				fmt.Fprintf(x.opts.Debug, "  at %d: g%d %v conflicts with step %d but happens after it (clock %v)\n", i, q, objs, j, cq)
			}
			return // j happens before q's next step; so do all earlier conflicts
		}
		if x.opts.Debug != nil {
			fmt.Fprintf(x.opts.Debug, "  at %d: g%d %v conflicts with step %d\n", i, q, objs, j)
		}
		added := false
		for _, t := range nj.enabled {
			if t.G == q {
				nj.backtrack[t] = true
				added = true
			}
		}
		if !added {
			for _, t := range nj.enabled {
				nj.backtrack[t] = true
			}
		}
		if waits && nj.event.Enables() {
			continue
		}
		return
	}
}

// touches reports whether e reads or writes any of objs, or affects
// everything.
func touches(e model.Event, objs []string) bool {
	if e.Global {
		return true
	}
	w, r := objects(e)
	for _, o := range objs {
		for _, x := range w {
			if x == o {
				return true
			}
		}
		for _, x := range r {
			if x == o {
				return true
			}
		}
	}
	return false
}
