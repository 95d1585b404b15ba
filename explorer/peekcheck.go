package explorer

import (
	"fmt"

	"github.com/cmcheck/cmcheck/model"
)

// peekedOp is what a goroutine's pending operation showed before its
// step (Options.CheckPeeks): the objects it may change and those it may
// only read.
type peekedOp struct {
	writes, reads map[string]bool
}

// peekOf records the peek of the operation transition t takes in s.
func peekOf(s *model.State, t model.Transition) *peekedOp {
	p := &peekedOp{writes: map[string]bool{}, reads: map[string]bool{}}
	if t.G == 0 {
		for _, o := range s.PeekTimer() {
			p.writes[o] = true
		}
		return p
	}
	g := s.Goroutine(t.G)
	if g == nil {
		return nil
	}
	objs, global := s.Peek(g)
	if global {
		return nil // it conflicts with every step anyway
	}
	into := p.writes
	if s.PeekReads(g) {
		into = p.reads
	}
	for _, o := range objs {
		into[o] = true
	}
	mr, mw := s.PeekMore(g)
	for _, o := range mr {
		p.reads[o] = true
	}
	for _, o := range mw {
		p.writes[o] = true
	}
	return p
}

// check returns what step ev touched that the peek did not show, or "".
// Not checked: what the step's local code touched after its operation
// (LateWrites, LateReads, which backtrackLate handles), the other end of
// a rendezvous and the channels of a partner's select (the partner's
// peek shows them), and steps that start goroutines or end the run.
func (p *peekedOp) check(ev model.Event) string {
	if ev.Global || ev.Partner != 0 || len(ev.Created) > 0 {
		return ""
	}
	op := ev
	op.Writes = ev.Writes[:len(ev.Writes)-int(ev.LateWrites)]
	op.Reads = ev.Reads[:len(ev.Reads)-int(ev.LateReads)]
	w, r := objects(op)
	for _, o := range w {
		if !p.writes[o] {
			return fmt.Sprintf("it changed %s, which its peek did not show as changed", o)
		}
	}
	for _, o := range r {
		if !p.writes[o] && !p.reads[o] {
			return fmt.Sprintf("it read %s, which its peek did not show", o)
		}
	}
	return ""
}
