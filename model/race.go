package model

import (
	"fmt"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Data-race and atomicity detection.
//
// Happens-before follows the Go memory model: each goroutine has a vector
// clock; the go statement, channel operations (a send happens before the
// receive that completes; the k-th receive from a channel of capacity C
// happens before the (k+C)-th send completes; close happens before a
// receive that observes it), mutex and RW-mutex unlock/lock, WaitGroup
// Add/Done before Wait returns, Once, Cond, timers and every sync/atomic
// operation (sequentially consistent) join clocks. Every plain memory
// access of interpreted code (loads, stores, map operations, copy,
// append) is checked against the last write and the reads of the same
// location (FastTrack-style epochs, Flanagan and Freund, PLDI 2009).
//
// Atomicity: each location keeps, per goroutine, its last read, and the
// last write. A write by goroutine A to x is a lost update when A's last
// read of x came before another goroutine's write to x that changed the
// value, and A's write rests on that stale read: either the read and the
// write form one atomic region of A (same activation, no release by A in
// between), or the written value is computed from the value read (data
// dependence on the SSA, dataflow.go). This covers plain variables (once
// the racing accesses are scheduling points, see VisibleAccess), values
// guarded by split critical sections, and sync/atomic loads and stores
// that are each atomic but not together; see checkLostUpdate.

type vclock []uint32

func (c vclock) get(g int) uint32 {
	if g < len(c) {
		return c[g]
	}
	return 0
}

func (c *vclock) join(d vclock) {
	if len(*c) < len(d) {
		*c = append(*c, make(vclock, len(d)-len(*c))...)
	}
	for i, v := range d {
		if v > (*c)[i] {
			(*c)[i] = v
		}
	}
}

func (c *vclock) tick(g int) {
	if len(*c) <= g {
		*c = append(*c, make(vclock, g+1-len(*c))...)
	}
	(*c)[g]++
}

func (c vclock) clone() vclock { return append(vclock(nil), c...) }

// raceState is the detectors' state for one execution.
type raceState struct {
	shadow map[any]*shadowCell
	syncVC map[any]vclock // clocks of sync objects (channels, mutexes, cells, ...)
	now    int            // access counter
}

type accessEpoch struct {
	g     int
	clk   uint32
	pos   token.Pos
	fn    *ssa.Function
	instr ssa.Instruction // the load or store, nil for other accesses
}

type readInfo struct {
	accessEpoch
	at  int // access counter
	val Value
	// f0, f1 are the serials of the reading goroutine's two outermost
	// frames (0 if absent), depth its number of frames.
	f0, f1 uint64
	depth  int
	// stack holds the innermost frames at the read, innermost first:
	// the read instruction, then the calls in progress (dataflow.go).
	stack [readStackDepth]frameRef
}

type shadowCell struct {
	write    accessEpoch
	hasWrite bool
	writeAt  int
	writeVal Value
	reads    []readInfo // at most one per goroutine
	what     locName
}

// EnableRace turns on data-race and atomicity detection for this
// execution. It must be called before the first step.
func (s *State) EnableRace() {
	s.race = &raceState{shadow: make(map[any]*shadowCell), syncVC: make(map[any]vclock)}
}

// RaceEnabled reports whether race detection is on.
func (s *State) RaceEnabled() bool { return s.race != nil }

// release publishes g's clock into the sync object key.
func (s *State) release(g *Goroutine, key any) {
	if s.race == nil || g == nil {
		return
	}
	c := s.race.syncVC[key]
	c.join(g.vc)
	s.race.syncVC[key] = c
	g.vc.tick(g.ID)
}

// acquire joins the sync object's clock into g's.
func (s *State) acquire(g *Goroutine, key any) {
	if s.race == nil || g == nil {
		return
	}
	g.vc.join(s.race.syncVC[key])
}

// raceFork gives a new goroutine its parent's clock.
func (s *State) raceFork(parent, child *Goroutine) {
	if s.race == nil {
		return
	}
	if parent != nil {
		child.vc = parent.vc.clone()
		parent.vc.tick(parent.ID)
	}
	child.vc.tick(child.ID)
}

// access records a plain memory access by g to the location key.
func (s *State) access(g *Goroutine, key any, write bool, val Value, pos token.Pos, what locName, in ssa.Instruction) {
	r := s.race
	if r == nil || g == nil || g.ID <= 0 || len(s.gs) < 2 {
		// Before a second goroutine exists, every access happens before
		// all accesses of goroutines started later: nothing to record.
		return
	}
	if s.checkFx && !write {
		if _, cell := key.(*Value); !cell {
			s.checkReadFx(anyReadFx, "a map read or a send")
		}
	}
	r.now++
	c := r.shadow[key]
	if c == nil {
		c = &shadowCell{what: what}
		r.shadow[key] = c
	}
	cur := epochOf(g, pos, in)
	if c.hasWrite && c.write.g != g.ID && c.write.clk > g.vc.get(c.write.g) {
		s.reportRace(c, c.write, true, cur, write)
	}
	if write {
		for _, rd := range c.reads {
			if rd.g != g.ID && rd.clk > g.vc.get(rd.g) {
				s.reportRace(c, rd.accessEpoch, false, cur, true)
			}
		}
		if _, isChan := key.(chanState); !isChan {
			s.checkLostUpdate(c, g, cur, val) // a channel has no value to lose
		}
		c.write, c.hasWrite, c.writeAt, c.writeVal = cur, true, r.now, val
		return
	}
	// g's entry, overwritten in place; the entries are kept in the
	// order of their goroutines, as the fingerprint hashes them.
	i := 0
	for i < len(c.reads) && c.reads[i].g < g.ID {
		i++
	}
	if i == len(c.reads) || c.reads[i].g != g.ID {
		if c.reads == nil {
			// Room for a second reader at once: a cell read by
			// several goroutines is usually read by two or more.
			c.reads = make([]readInfo, 0, 2)
		}
		c.reads = slices.Insert(c.reads, i, readInfo{})
	}
	ri := &c.reads[i]
	n := len(g.frames)
	ri.accessEpoch, ri.at, ri.val, ri.depth = cur, r.now, val, n
	ri.f0, ri.f1 = 0, 0
	if n > 0 {
		ri.f0 = g.frames[0].serial
	}
	if n > 1 {
		ri.f1 = g.frames[1].serial
	}
	for j := range ri.stack {
		if j >= n {
			ri.stack[j] = frameRef{}
			continue
		}
		fr := g.frames[n-1-j]
		ri.stack[j] = frameRef{serial: fr.serial, in: fr.lastInstr()}
	}
	if in != nil && n > 0 {
		ri.stack[0].in = in
	}
}

// epochOf returns the epoch of an access by g now.
func epochOf(g *Goroutine, pos token.Pos, in ssa.Instruction) accessEpoch {
	var fn *ssa.Function
	if n := len(g.frames); n > 0 {
		fn = g.frames[n-1].code.fn
	}
	return accessEpoch{g: g.ID, clk: g.vc.get(g.ID), pos: pos, fn: fn, instr: in}
}

// checkRead checks a read of the cell at key by g against the cell's last
// write, as access does, without recording the read.
func (s *State) checkRead(g *Goroutine, key *Value, pos token.Pos, in ssa.Instruction) {
	r := s.race
	if r == nil || g == nil || g.ID <= 0 || len(s.gs) < 2 {
		return
	}
	c := r.shadow[key]
	if c == nil || !c.hasWrite || c.write.g == g.ID || c.write.clk <= g.vc.get(c.write.g) {
		return
	}
	s.reportRace(c, c.write, true, epochOf(g, pos, in), false)
}

// rmw records an atomic read-modify-write: a read and a write at once.
func (s *State) rmw(g *Goroutine, key any, old, val Value, pos token.Pos, what locName) {
	if s.race == nil {
		return
	}
	s.access(g, key, false, old, pos, what, nil)
	s.access(g, key, true, val, pos, what, nil)
}

// checkLostUpdate reports a lost update when g, about to write val to the
// cell c, last read the cell (read R) before another goroutine's write W,
// the last write of the cell, and g's write rests on R:
//
//   - R returned another value than the one W left: had g read after W, it
//     would have seen something else. (If W wrote back the value R read,
//     g's read was as good as a read after W: no update is lost.)
//   - and either R and g's write are in one atomic region: the same
//     activation (sameActivation) with no release by g in between (a
//     continuous critical section, or code without synchronisation, or a
//     sync/atomic load and store with nothing in between); W then came
//     in the middle of what g did as one step (W and R are then racing,
//     unless R is an atomic operation);
//   - or the value g writes is computed from the value R returned
//     (writeBasedOnRead: SSA data dependence, through the returns and
//     arguments of the calls between them): a read-modify-write split
//     over two critical sections.
//
// A write of a value that does not depend on R, after g released what
// it held since R (the other goroutine could legitimately update the
// cell in between), only overwrites W: last writer wins, as the
// synchronisation allows.
func (s *State) checkLostUpdate(c *shadowCell, g *Goroutine, cur accessEpoch, val Value) {
	if !c.hasWrite || c.write.g == g.ID {
		return
	}
	for i := range c.reads {
		rd := &c.reads[i]
		if rd.g != g.ID || rd.at >= c.writeAt {
			continue
		}
		if sameValue(rd.val, c.writeVal) {
			return
		}
		w := cur.instr
		if w == nil && len(g.frames) > 0 {
			w = g.frames[len(g.frames)-1].lastInstr()
		}
		if !(sameActivation(*rd, g) && noReleaseSince(rd, g)) && !s.writeBasedOnRead(rd, g, w) {
			return
		}
		what := c.what.String()
		msg := fmt.Sprintf("lost update of %s: goroutine %d read %s = %s; goroutine %d then wrote %s = %s; goroutine %d wrote %s = %s based on its stale read: goroutine %d's update is lost",
			what, g.ID, what, showValue(rd.val), c.write.g, what, showValue(c.writeVal), g.ID, what, showValue(val), c.write.g)
		s.addFinding(Finding{Kind: "atomicity", G: g.ID, Pos: cur.pos, Msg: msg,
			Related: []Related{
				{Pos: rd.pos, Msg: fmt.Sprintf("goroutine %d read %s here", g.ID, what)},
				{Pos: c.write.pos, Msg: fmt.Sprintf("goroutine %d wrote %s here", c.write.g, what)},
			},
			Gs: []int{g.ID, c.write.g}})
		return
	}
}

// noReleaseSince reports whether g has released nothing (its own clock
// entry has not moved) since the read rd. A read by a call is a
// sync/atomic operation, which releases once itself, right after the
// access.
func noReleaseSince(rd *readInfo, g *Goroutine) bool {
	own := uint32(0)
	if _, isCall := rd.stack[0].in.(*ssa.Call); isCall {
		own = 1
	}
	return g.vc.get(g.ID) <= rd.clk+own
}

// sameValue reports whether a and b are certainly the same value (false
// when unknown: aggregates, slices, values not recorded).
func sameValue(a, b Value) bool {
	if a == nil || b == nil {
		return false
	}
	switch x := a.(type) {
	case bool, string, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr,
		float32, float64, complex64, complex128, *Value, *Chan, *Map:
		return a == b
	case Iface:
		y, ok := b.(Iface)
		if !ok || x.T == nil || y.T == nil {
			return ok && x.T == nil && y.T == nil
		}
		return types.Identical(x.T, y.T) && sameValue(x.V, y.V)
	}
	return false
}

func (s *State) reportRace(c *shadowCell, prev accessEpoch, prevWrite bool, cur accessEpoch, curWrite bool) {
	rw := func(w bool) string {
		if w {
			return "write"
		}
		return "read"
	}
	msg := fmt.Sprintf("data race on %s: %s by goroutine %d, unordered with the %s by goroutine %d",
		c.what.String(), rw(curWrite), cur.g, rw(prevWrite), prev.g)
	prevMsg := fmt.Sprintf("previous %s by goroutine %d", rw(prevWrite), prev.g)
	if prev.fn != nil {
		prevMsg += " in " + prev.fn.String()
	}
	if g := s.goroutineByID(cur.g); g != nil {
		msg += " (" + s.callStack(g) + ")"
	}
	s.addFinding(Finding{Kind: "data-race", G: cur.g, Pos: cur.pos, Msg: msg,
		Related: []Related{{Pos: prev.pos, Msg: prevMsg}},
		Instrs:  []ssa.Instruction{cur.instr, prev.instr},
		Gs:      []int{cur.g, prev.g}})
}

// Related is a second position of a finding.
type Related struct {
	Pos token.Pos
	Msg string
}

// showValue formats a value for a message.
func showValue(v Value) string {
	var sb strings.Builder
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case Iface:
		if v.T == nil {
			return "nil"
		}
		return showValue(v.V)
	case *Chan:
		if v == nil {
			return "nil"
		}
		return fmt.Sprintf("chan %d", v.ID)
	case *Map:
		if v == nil {
			return "nil"
		}
		return fmt.Sprintf("map (len %d)", v.Len())
	case *Closure:
		if v == nil {
			return "nil"
		}
		return "func"
	case Slice:
		if v == nil {
			return "nil"
		}
		return fmt.Sprintf("slice (len %d)", len(v))
	case Struct, Array:
		return "…"
	case *Value:
		if v == nil {
			return "nil"
		}
		return "&…"
	}
	printValue(&sb, v)
	return sb.String()
}

// describeAddr names the location an SSA address denotes, for messages.
func describeAddr(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		// The struct's type names the location better than the SSA
		// variable it was reached through (often a composite literal).
		if p, ok := v.X.Type().Underlying().(*types.Pointer); ok {
			if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
				return n.Obj().Name() + "." + fieldName(v)
			}
		}
		return describeAddr(v.X) + "." + fieldName(v)
	case *ssa.IndexAddr:
		return describeAddr(v.X) + "[i]"
	case *ssa.Global:
		return v.Name()
	case *ssa.Alloc:
		if v.Comment != "" && v.Comment != "complit" && v.Comment != "new" && v.Comment != "varargs" && v.Comment != "slicelit" {
			return v.Comment
		}
	case *ssa.UnOp:
		return describeAddr(v.X)
	case *ssa.FreeVar:
		return v.Name()
	case *ssa.Parameter:
		return v.Name()
	}
	return "memory"
}

func fieldName(v *ssa.FieldAddr) string {
	t := v.X.Type().Underlying()
	if p, ok := t.(*types.Pointer); ok {
		if st, ok := p.Elem().Underlying().(*types.Struct); ok && v.Field < st.NumFields() {
			return st.Field(v.Field).Name()
		}
	}
	return fmt.Sprintf("field%d", v.Field)
}

// accessCells records an access to the location at addr: every leaf cell
// of an aggregate.
//
// A read is checked against the cell's last write, but recorded only if
// record is set (effects.go: a write of the cell may still come).
func (s *State) accessCells(g *Goroutine, addr *Value, write bool, val Value, pos token.Pos, what locName, in ssa.Instruction, record bool) {
	if len(s.gs) < 2 {
		return
	}
	switch x := (*addr).(type) {
	case Struct:
		for i := range x {
			var sub Value
			if v, ok := val.(Struct); ok && i < len(v) {
				sub = v[i]
			}
			s.accessCells(g, &x[i], write, sub, pos, what, in, record)
		}
		return
	case Array:
		for i := range x {
			var sub Value
			if v, ok := val.(Array); ok && i < len(v) {
				sub = v[i]
			}
			s.accessCells(g, &x[i], write, sub, pos, what, in, record)
		}
		return
	}
	if !write && !record {
		s.checkRead(g, addr, pos, in)
		return
	}
	s.access(g, addr, write, val, pos, what, in)
}

// isLocal reports whether the address v certainly denotes memory of a
// variable that does not escape its function (so no other goroutine can
// see it).
func isLocal(v ssa.Value) bool {
	for {
		switch x := v.(type) {
		case *ssa.Alloc:
			return !x.Heap
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			if _, ok := x.X.Type().Underlying().(*types.Slice); ok {
				return false
			}
			v = x.X
		default:
			return false
		}
	}
}

// slotClock returns the clock of buffer slot k's sends (recv false) or
// receives (recv true) on c.
func (c *Chan) slotClock(k int, recv bool) *vclock {
	i := 2 * k
	if recv {
		i++
	}
	if i >= len(c.slotVC) {
		c.slotVC = append(c.slotVC, make([]vclock, i+1-len(c.slotVC))...)
	}
	return &c.slotVC[i]
}

// releaseTo publishes g's clock into the clock *vc of a channel.
func (s *State) releaseTo(g *Goroutine, vc *vclock) {
	if s.race == nil || g == nil {
		return
	}
	vc.join(g.vc)
	g.vc.tick(g.ID)
}

// acquireFrom joins a channel's clock vc into g's.
func (s *State) acquireFrom(g *Goroutine, vc vclock) {
	if s.race == nil || g == nil {
		return
	}
	g.vc.join(vc)
}

// chanSend records happens-before for a buffered send, and the send for
// Chan.TokenHolder.
func (s *State) chanSend(g *Goroutine, c *Chan) {
	if g != nil {
		c.noteSend(g.ID)
	}
	if s.race == nil {
		c.sent++
		return
	}
	k := c.sent % max(c.cap, 1)
	c.sent++
	s.acquireFrom(g, *c.slotClock(k, true))
	s.releaseTo(g, c.slotClock(k, false))
}

// chanRecv records happens-before for a buffered receive, and the
// receive for Chan.TokenHolder.
func (s *State) chanRecv(g *Goroutine, c *Chan) {
	if g != nil {
		c.noteRecv(g.ID)
	}
	if s.race == nil {
		c.recvd++
		return
	}
	k := c.recvd % max(c.cap, 1)
	c.recvd++
	s.acquireFrom(g, *c.slotClock(k, false))
	s.releaseTo(g, c.slotClock(k, true))
}

// rendezvous synchronises both sides of an unbuffered channel operation.
func (s *State) rendezvous(a, b *Goroutine) {
	if s.race == nil {
		return
	}
	a.vc.join(b.vc)
	b.vc.join(a.vc)
	a.vc.tick(a.ID)
	b.vc.tick(b.ID)
}

// sameActivation reports whether g's current write belongs to the same
// piece of work as its earlier read rd: both happen within one call that
// is still active (not just the goroutine's outermost function, which may
// loop over unrelated work), or in the same function.
func sameActivation(rd readInfo, g *Goroutine) bool {
	if len(g.frames) == 0 || rd.depth == 0 || rd.f0 != g.frames[0].serial {
		return false
	}
	if rd.depth > 1 && len(g.frames) > 1 && rd.f1 == g.frames[1].serial {
		return true // both within one call made by the goroutine's outermost function
	}
	return rd.fn == g.frames[len(g.frames)-1].code.fn
}

type chanState struct{ ch *Chan }

// chanAccess records, as Go's race detector does, a send as a read and a
// close as a write of the channel: a send not ordered before the close is
// a data race (and may panic).
func (s *State) chanAccess(g *Goroutine, c *Chan, write bool, pos token.Pos) {
	if write && s.checkFx {
		s.checkWrite(closeFx, "a close")
	}
	if s.race == nil || c == nil || !c.closable && !write {
		return
	}
	s.access(g, chanState{c}, write, nil, pos, locName{chanID: c.ID}, nil)
}

// locName names a memory location for messages, computed only when a
// message needs it: the SSA address it was reached through (plus a
// suffix), or a fixed name.
type locName struct {
	v      ssa.Value
	suffix string
	name   string
	chanID int // a channel, by send and close (chanAccess)
}

func (l locName) String() string {
	if l.chanID != 0 {
		return fmt.Sprintf("channel (chan %d) by send and close", l.chanID)
	}
	if l.name != "" {
		return l.name
	}
	if l.v == nil {
		return "memory" + l.suffix
	}
	return describeAddr(l.v) + l.suffix
}

func (s *State) goroutineByID(id int) *Goroutine {
	if id >= 1 && id <= len(s.gs) {
		return s.gs[id-1]
	}
	return nil
}

// callStack describes g's stack for a message: the functions from the
// innermost out, and where g was started.
func (s *State) callStack(g *Goroutine) string {
	var sb strings.Builder
	sb.WriteString("stack: ")
	for i := len(g.frames) - 1; i >= 0; i-- {
		if i < len(g.frames)-1 {
			sb.WriteString(" <- ")
		}
		sb.WriteString(g.frames[i].code.fn.Name())
	}
	if g.StartPos.IsValid() {
		p := s.Position(g.StartPos)
		fmt.Fprintf(&sb, "; goroutine %d started at %s:%d", g.ID, filepath.Base(p.Filename), p.Line)
	}
	return sb.String()
}
