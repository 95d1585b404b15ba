package model

import (
	"go/token"
	"go/types"
)

// Chan is a channel.
type Chan struct {
	ID     int // creation order within the execution, from 1
	sent   int // values sent so far (race detection bookkeeping)
	recvd  int // values received so far
	Elem   types.Type
	cap    int
	buf    []Value
	bufPos []token.Pos // where each buffered value was sent
	closed bool
	Pos    token.Pos // the make(chan) site
	// closable: a close of the program may reach the channel; if not,
	// its sends are not recorded for the race detector (closable.go).
	closable bool
	// Happens-before, for the race detector: the clocks released by
	// the sends and the receives of each buffer slot (slotVC[2k] and
	// slotVC[2k+1], grown as slots are used) and by the close.
	slotVC  []vclock
	closeVC vclock

	// holders records, for each goroutine that received from the
	// channel, how many of the values it received it has not sent back
	// yet; notTokens is set once such a goroutine sent a value it was
	// not holding (see TokenHolder).
	holders   []tokenHolder
	notTokens bool
	// valueUsed: a value received from the buffer was used by the
	// receiving code (see ValueUsed).
	valueUsed bool
	// timer: a timer's channel (time.After, NewTimer, NewTicker, Tick),
	// which only its timer sends on: the program sees it receive-only.
	timer bool
	// names: the names of a buffered channel's objects for the
	// reduction (bufNames), shared by its copies.
	names *bufNames
}

// ValueUsed reports whether some value received from the channel's
// buffer was used by the code that received it. A channel whose values
// are all received only to be dropped (<-c as a statement, case <-c: in
// a select: a token bucket, a done signal) carries signals, not
// messages: values left in it are not lost.
func (c *Chan) ValueUsed() bool { return c.valueUsed }

type tokenHolder struct {
	g    int
	held int
}

// Len returns the number of buffered values.
func (c *Chan) Len() int {
	if c == nil {
		return 0
	}
	return len(c.buf)
}

// Cap returns the capacity.
func (c *Chan) Cap() int {
	if c == nil {
		return 0
	}
	return c.cap
}

// Closed reports whether the channel is closed.
func (c *Chan) Closed() bool { return c != nil && c.closed }

// Buffered returns the buffered values, oldest first.
func (c *Chan) Buffered() []Value { return c.buf }

// makeChan makes a channel; closable: a close of the program may reach
// it (closable.go).
func (s *State) makeChan(elem types.Type, size Value, closable bool) *Chan {
	if isSigned(size) && int64(toUint64(size)) < 0 || toUint64(size) > maxAlloc {
		panic(plainErrorf("makechan: size out of range"))
	}
	s.objs++
	c := &Chan{ID: s.objs, Elem: elem, cap: toInt(size), closable: closable}
	if c.cap > 0 {
		s.chans = append(s.chans, c)
	}
	if split(c) {
		c.names = newBufNames(c)
	}
	return c
}

// Received returns how many values have been received from c.
func (c *Chan) Received() int { return c.recvd }

// noteRecv records a receive by goroutine g, and noteSend a send, for
// TokenHolder.
func (c *Chan) noteRecv(g int) {
	for i := range c.holders {
		if c.holders[i].g == g {
			c.holders[i].held++
			return
		}
	}
	c.holders = append(c.holders, tokenHolder{g: g, held: 1})
}

func (c *Chan) noteSend(g int) {
	for i := range c.holders {
		if c.holders[i].g == g {
			if c.holders[i].held == 0 {
				c.notTokens = true
			} else {
				c.holders[i].held--
			}
			return
		}
	}
	// g never received from c: a producer (or the initial deposit of a
	// token).
}

// TokenHolder reports whether the channel has been used as a holder of
// tokens so far: some goroutine received from it, and every goroutine
// that received from it sent back one value after each value it
// received, and no other (its receives and sends alternate, starting
// with a receive; sends made before its first receive are deposits).
// The values such a channel holds are borrowed and returned (a token, a
// semaphore permit, a piece of state passed around: v := <-c; c <- v),
// not messages addressed to a consumer.
func (c *Chan) TokenHolder() bool {
	if c.notTokens || len(c.holders) == 0 {
		return false
	}
	for _, h := range c.holders {
		if h.held != 0 {
			return false
		}
	}
	return true
}

// SentAt returns where the i-th buffered value was sent.
func (c *Chan) SentAt(i int) token.Pos { return c.bufPos[i] }

// BufferedChans returns the buffered channels made so far.
func (s *State) BufferedChans() []*Chan { return s.chans }

// waitingReceivers calls f for each goroutine other than self blocked in a
// receive from the unbuffered channel c (a receive, or a blocking select
// with a receive case on c), with the index of that select case (-1 for a
// plain receive).
func (s *State) waitingReceivers(c *Chan, self *Goroutine, f func(g *Goroutine, cas int)) {
	for _, g := range s.gs {
		if g == self || g.done {
			continue
		}
		switch op := g.pending.(type) {
		case *recvOp:
			if op.ch == c {
				f(g, -1)
			}
		case *selectOp:
			if !op.blocking {
				continue
			}
			for i, cs := range op.cases {
				if !cs.send && cs.ch == c {
					f(g, i)
				}
			}
		}
	}
}

// waitingSenders is waitingReceivers for senders.
func (s *State) waitingSenders(c *Chan, self *Goroutine, f func(g *Goroutine, cas int)) {
	for _, g := range s.gs {
		if g == self || g.done {
			continue
		}
		switch op := g.pending.(type) {
		case *sendOp:
			if op.ch == c {
				f(g, -1)
			}
		case *selectOp:
			if !op.blocking {
				continue
			}
			for i, cs := range op.cases {
				if cs.send && cs.ch == c {
					f(g, i)
				}
			}
		}
	}
}

type partner struct {
	g   *Goroutine
	cas int
}

func (s *State) receivers(c *Chan, self *Goroutine) []partner {
	var ps []partner
	s.waitingReceivers(c, self, func(g *Goroutine, cas int) { ps = append(ps, partner{g, cas}) })
	return ps
}

func (s *State) senders(c *Chan, self *Goroutine) []partner {
	var ps []partner
	s.waitingSenders(c, self, func(g *Goroutine, cas int) { ps = append(ps, partner{g, cas}) })
	return ps
}

// otherChans returns the objects of the channels of partner p's select
// other than the case taken: completing p's select decides against them.
func otherChans(p partner) []string {
	op, ok := p.g.pending.(*selectOp)
	if !ok {
		return nil
	}
	var objs []string
	for i, cs := range op.cases {
		if i != p.cas && cs.ch != nil && cs.ch != op.cases[p.cas].ch {
			objs = appendCaseObjs(objs, cs.ch, cs.send)
		}
	}
	return objs
}

// completeRecv finishes the receive of partner p (blocked in a receive or
// select) with value v, and makes it runnable.
func (s *State) completeRecv(p partner, v Value, ok bool) {
	fr := p.g.frames[len(p.g.frames)-1]
	switch op := p.g.pending.(type) {
	case *recvOp:
		if op.commaOk {
			s.deliverTo(p.g, fr, op.dst, Tuple{v, ok})
		} else {
			s.deliverTo(p.g, fr, op.dst, v)
		}
	case *selectOp:
		s.deliverTo(p.g, fr, op.dst, op.result(p.cas, v, ok))
	}
	p.g.pending = &resumeOp{}
}

// completeSend finishes the send of partner p and returns the value sent.
func (s *State) completeSend(p partner) Value {
	var v Value
	fr := p.g.frames[len(p.g.frames)-1]
	switch op := p.g.pending.(type) {
	case *sendOp:
		v = op.val
	case *selectOp:
		v = op.cases[p.cas].val
		s.deliverTo(p.g, fr, op.dst, op.result(p.cas, nil, false))
	}
	p.g.pending = &resumeOp{}
	return v
}

func (s *State) deliverTo(g *Goroutine, fr *frame, dst int32, v Value) {
	if dst >= 0 {
		fr.regs[dst] = v
	} else if dst == dstCallback {
		g.cbResult = v
	}
}
