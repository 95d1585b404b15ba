package model

import (
	"go/types"
	"slices"
)

// The write analysis (effects.go) in an execution: the bound of what the
// goroutines may still write and read, and what the race detector does
// with it.

// goroutineFx returns the writes (and checked reads) goroutine g may
// still make.
func (s *State) goroutineFx(e *effects, g *Goroutine) fxSet {
	if g.done {
		return nil
	}
	var r fxSet
	switch op := g.pending.(type) {
	case *startOp:
		if op.builtin != nil {
			r = union(r, builtinFx(op.builtin)) // go close(c)
		}
		if op.fn != nil {
			r = union(r, e.calleeWithEnv(op.fn, op.env, op.args))
		}
		for _, fn := range op.seq {
			r = union(r, e.callee(fn, nil))
		}
	case *nativeOp:
		r = union(r, e.calleeWithEnv(op.fn, op.env, op.args))
	case *closeOp:
		r = union(r, closeFx) // a deferred close, already off the list
	}
	for _, fr := range g.frames {
		if fr.deferStackTaken {
			return topFx // its deferred calls went elsewhere
		}
		ff := e.futureOf(fr.code.fn)
		if ff == nil {
			return topFx
		}
		if b := fr.block; b < len(ff.at) && len(ff.at[b]) > 0 {
			r = union(r, ff.at[b][min(max(fr.pc-1, 0), len(ff.at[b])-1)])
		}
		r = union(r, ff.recover)
		for d := fr.defers; d != nil; d = d.next {
			switch {
			case d.builtin != nil:
				r = union(r, builtinFx(d.builtin))
			case d.fn != nil:
				r = union(r, e.calleeWithEnv(d.fn, d.env, d.args))
			}
		}
		if r.has(fxTop) {
			return r
		}
	}
	if ts := g.exitTest; ts != nil && !ts.finished {
		r = union(r, testFx(e, ts))
	}
	return r
}

func testFx(e *effects, ts *testState) fxSet {
	var r fxSet
	for _, f := range ts.cleanups {
		r = union(r, closureFx(e, f))
	}
	return union(r, closureFx(e, ts.cancel))
}

func closureFx(e *effects, f *Closure) fxSet {
	if f == nil {
		return nil
	}
	if f.Fn == nil {
		return topFx
	}
	return e.callee(f.Fn, nil)
}

// futureFx returns a bound of the writes and checked reads the execution
// may still make: the goroutines' (cached per goroutine until it moves),
// the timers' and the tests'.
func (s *State) futureFx() fxSet {
	if s.fxOK {
		return s.fx
	}
	e := s.it.effects()
	// Accumulated in the state's own buffer: this runs after every step.
	r := s.fxBuf[:0]
	or := func(b fxSet) {
		for len(r) < len(b) {
			r = append(r, 0)
		}
		for i, w := range b {
			r[i] |= w
		}
	}
	for _, g := range s.gs {
		if !g.fxOK {
			g.fx, g.fxOK = s.goroutineFx(e, g), true
		}
		or(g.fx)
	}
	for _, t := range s.timers {
		if t.active && t.fn != nil {
			or(closureFx(e, t.fn))
		}
	}
	for _, ts := range s.tests {
		if !ts.finished {
			or(testFx(e, ts))
		}
	}
	s.fxBuf, s.fx, s.fxOK = r, r, true
	return r
}

// observesTime reports whether some goroutine, timer or test of s may
// still read the clock's absolute value (fxTime); if none can, only the
// timers' deadlines relative to now matter to what can follow.
func (s *State) observesTime() bool {
	fx := s.futureFx()
	return fx.has(fxTime) || fx.has(fxTop)
}

// checkClockRead verifies, with SetCheckEffects, that a read of the clock
// was in the bound of future effects.
func (s *State) checkClockRead(what string) {
	if s.checkFx && s.fxChecked && !s.fx.has(fxTime) && !s.fx.has(fxTop) {
		e := s.it.effects()
		panic(internalErrorf("write analysis: %s reads the clock, which was not among the effects that could still happen (%s)", what, e.describe(s.fx)))
	}
}

// recordRead reports whether a load by instruction ic must be recorded by
// the race detector: whether a write of its cells may still come.
func (s *State) recordRead(ic *instrCode) bool {
	if ic.punned || s.checkFx {
		return true
	}
	return s.futureFx().overlaps(ic.readFx)
}

// afterStep updates the bound of future writes after g's step, and drops
// the race detector's state when no write can come and no recorded write
// can race with a later read.
func (s *State) afterStep(g *Goroutine) {
	g.fxOK = false
	if s.race == nil {
		s.fxOK = false // recomputed when a fingerprint asks (observesTime)
		return
	}
	var prev fxSet
	if s.checkFx {
		prev = slices.Clone(s.fx)
	}
	s.fxOK = false
	fx := s.futureFx()
	if s.checkFx {
		if !prev.covers(fx) && s.fxChecked {
			e := s.it.effects()
			panic(internalErrorf("write analysis: the bound of future writes grew after goroutine %d's step, from %s to %s", g.ID, e.describe(prev), e.describe(fx)))
		}
		s.fxChecked = true
		return
	}
	if len(s.gs) < 2 {
		return
	}
	if !fx.noWrites() {
		return
	}
	s.dropRace(fx)
}

// checkReadFx verifies, with SetCheckEffects, that a read the race
// detector checks (its effects: mask) was in the bound of future effects.
func (s *State) checkReadFx(mask fxSet, what string) {
	if s.checkFx && s.fxChecked && !s.fx.covers(mask) {
		e := s.it.effects()
		panic(internalErrorf("write analysis: %s (%s) was not among the reads that could still happen (%s)", what, e.describe(mask), e.describe(s.fx)))
	}
}

// checkWrite verifies, with SetCheckEffects, that a write the race
// detector records was in the bound of future writes.
func (s *State) checkWrite(mask fxSet, what string) {
	if !s.checkFx || !s.fxChecked {
		return
	}
	if !s.fx.covers(mask) {
		e := s.it.effects()
		panic(internalErrorf("write analysis: %s (%s) was not among the writes that could still happen (%s)", what, e.describe(mask), e.describe(s.fx)))
	}
}

// checkFresh verifies, with SetCheckEffects, that the memory at p, which
// freshStore says no other goroutine can have read yet, has no read by
// another goroutine recorded.
func (s *State) checkFresh(g *Goroutine, p *Value, what string) {
	switch x := (*p).(type) {
	case Struct:
		for i := range x {
			s.checkFresh(g, &x[i], what)
		}
		return
	case Array:
		for i := range x {
			s.checkFresh(g, &x[i], what)
		}
		return
	}
	if c := s.race.shadow[p]; c != nil {
		for _, rd := range c.reads {
			if rd.g != g.ID {
				panic(internalErrorf("write analysis: %s writes memory goroutine %d has read, which it took for fresh", what, rd.g))
			}
		}
	}
}

// cellMask returns the write bits of the types the memory cell c may
// have (those of the whole location it was first accessed as, a struct's
// for its fields), or nil if unknown (a punned access, an atomic cell).
func (e *effects) cellMask(c *shadowCell) fxSet {
	v := c.what.v
	if v == nil || c.what.name != "" {
		return nil
	}
	if m, ok := e.cellMasks.Load(v); ok {
		return m.(fxSet)
	}
	var m fxSet
	if p, ok := v.Type().Underlying().(*types.Pointer); ok && !punnedAddr(v) {
		m = e.cellFx(p.Elem())
		if m.empty() || m.has(fxTop) {
			m = nil
		}
	}
	e.cellMasks.Store(v, m)
	return m
}

// SetCheckEffects makes the execution check the analysis of future writes
// instead of using it: reads are all recorded, the race state is never
// dropped, and a recorded write outside the bound computed before its
// step is an internal error (for tests).
func (s *State) SetCheckEffects(on bool) { s.checkFx = on }

// dropRace ends race detection for the rest of the execution, where no
// write can come (fx, the bound of what can still come, has reads only),
// when no recorded write can race with a read still to come: every write
// is ordered before every goroutine and every pending timer, or no read
// of its cell's type can come.
func (s *State) dropRace(fx fxSet) {
	r := s.race
	e := s.it.effects()
	for key, c := range r.shadow {
		if !c.hasWrite || fx.empty() {
			continue
		}
		if p, ok := key.(*Value); ok && !fx.has(fxRead) && !fx.has(fxTop) && p != nil {
			if mask := e.cellMask(c); mask != nil && !fx.readsAny(mask) {
				continue // no read of this cell's type can come
			}
		}
		w := c.write
		for _, g := range s.gs {
			if !g.done && g.ID != w.g && w.clk > g.vc.get(w.g) {
				return
			}
		}
		for _, t := range s.timers {
			if t.active && w.clk > t.vc.get(w.g) {
				return
			}
		}
	}
	s.race = nil
	for _, g := range s.gs {
		g.vc = nil
	}
	for _, c := range s.chans {
		c.slotVC, c.closeVC = nil, nil
	}
	for _, t := range s.timers {
		t.vc = nil
	}
}
