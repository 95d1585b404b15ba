package model

import "slices"

// Register liveness.
//
// A frame's registers hold every SSA value its function has computed so
// far, including those the rest of the function will never read: a loop
// counter after the loop, the previous iteration's received value while
// the goroutine waits for the next one. Such dead registers cannot change
// what the frame does, so copying a state (Cloner) and fingerprinting it
// (Hasher) skip them: a copy leaves them nil, a fingerprint leaves them
// out. Besides the work saved, states that differ only in dead values are
// one state.
//
// Liveness is the classic backward dataflow over the function's blocks,
// computed once per function (lazily, as its code is shared by the
// workers of a search) and kept per position: live[b][pc] is the set of
// registers that instruction pc of block b or a later one may read before
// writing them. Phi operands are read on the edge from their predecessor.
// When the function has a Recover block, what that block reads is live
// everywhere (a panic may resume there from any instruction). A frame
// running its deferred calls or unwinding reads no register (a deferred
// call has its own arguments) until it goes on at its position or at the
// Recover block, so its position's set holds for it too. The sets only
// shrink as a frame moves (what is not live at one position and not
// written since is not live at the next), so a copy that dropped a dead
// register and the original that kept it stay alike for the fingerprint.
// Past maxLiveBits bits of tables, a function keeps all its registers.

// maxLiveBits bounds the liveness table of one function (positions times
// registers): a huge function keeps all its registers live.
const maxLiveBits = 1 << 24

// liveTable is a function's liveness: one bit set per position, words
// words each, in the order of the blocks and their instructions (one
// more position per block: its end).
type liveTable struct {
	words int
	bits  []uint64
	start []int // per block, the index of its position 0
}

// at returns the set of registers live at position pc of block b.
func (t *liveTable) at(b, pc int) []uint64 {
	i := (t.start[b] + pc) * t.words
	return t.bits[i : i+t.words]
}

// liveness returns c's liveness table, computing it on first use; nil if
// the function keeps all its registers.
func (c *funcCode) liveness() *liveTable {
	c.liveOnce.Do(func() { c.live = computeLiveness(c) })
	return c.live
}

func computeLiveness(c *funcCode) *liveTable {
	if c.nregs == 0 || len(c.blocks) == 0 {
		return nil
	}
	words := (c.nregs + 63) / 64
	positions := 0
	start := make([]int, len(c.blocks))
	for i := range c.blocks {
		start[i] = positions
		positions += len(c.blocks[i].instrs) + 1
	}
	if positions*words*64 > maxLiveBits {
		return nil
	}
	t := &liveTable{words: words, bits: make([]uint64, positions*words), start: start}
	set := func(s []uint64, r int32) { s[r/64] |= 1 << (r % 64) }
	unset := func(s []uint64, r int32) { s[r/64] &^= 1 << (r % 64) }
	or := func(dst, src []uint64) bool {
		changed := false
		for i := range dst {
			if v := dst[i] | src[i]; v != dst[i] {
				dst[i], changed = v, true
			}
		}
		return changed
	}
	// liveOut is the set at each block's end position; the scan of a
	// block from its end gives its other positions.
	scan := func(b int) {
		bc := &c.blocks[b]
		cur := t.at(b, len(bc.instrs))
		for pc := len(bc.instrs) - 1; pc >= bc.nphi; pc-- {
			ic := &bc.instrs[pc]
			here := t.at(b, pc)
			copy(here, cur)
			if ic.dst >= 0 {
				unset(here, ic.dst)
			}
			for _, r := range ic.ops {
				if r >= 0 {
					set(here, r)
				}
			}
			cur = here
		}
		// Before the phis (never a frame's position: a jump runs them)
		// the set after them, without their results.
		for pc := bc.nphi - 1; pc >= 0; pc-- {
			here := t.at(b, pc)
			copy(here, cur)
			unset(here, bc.instrs[pc].dst)
			cur = here
		}
	}
	tmp := make([]uint64, words)
	prev := make([]uint64, words)
	for changed := true; changed; {
		changed = false
		for b := len(c.blocks) - 1; b >= 0; b-- {
			bc := &c.blocks[b]
			clear(tmp)
			for _, succ := range bc.b.Succs {
				sc := &c.blocks[succ.Index]
				or(tmp, t.at(succ.Index, 0))
				for k, p := range succ.Preds {
					if p.Index != b {
						continue
					}
					for i := 0; i < sc.nphi; i++ {
						if r := sc.instrs[i].ops[k]; r >= 0 {
							set(tmp, r)
						}
					}
				}
			}
			or(t.at(b, len(bc.instrs)), tmp)
			// Another pass while some block's entry set grows (every
			// block is scanned at least once).
			copy(prev, t.at(b, 0))
			scan(b)
			if !slices.Equal(prev, t.at(b, 0)) {
				changed = true
			}
		}
	}
	if c.recover >= 0 {
		rb := &c.blocks[c.recover]
		if rb.nphi > 0 {
			return nil // not expected of a Recover block; keep everything
		}
		resume := append([]uint64(nil), t.at(c.recover, 0)...)
		for i := 0; i < positions; i++ {
			or(t.bits[i*words:(i+1)*words], resume)
		}
	}
	return t
}

// liveRegs returns the set of fr's registers that may be read again
// (appended to buf[:0]), or nil if all may be. pending is the register an
// operation in progress will write (pendingDst: the innermost frame's
// pending operation, or a call's result in a caller; -1 if none): it
// holds a stale value until then, so it is not live.
func (fr *frame) liveRegs(pending int32, buf []uint64) []uint64 {
	if fr.code == nil {
		return nil
	}
	t := fr.code.liveness()
	if t == nil || fr.block >= len(t.start) || fr.pc > len(fr.code.blocks[fr.block].instrs) {
		return nil
	}
	live := append(buf[:0], t.at(fr.block, fr.pc)...)
	if pending >= 0 && int(pending) < fr.code.nregs {
		live[pending/64] &^= 1 << (pending % 64)
	}
	return live
}

// isLive reports whether register r is in the set live (nil: all are).
func isLive(live []uint64, r int) bool {
	return live == nil || live[r/64]&(1<<(r%64)) != 0
}

// pendingDst returns the register of frame j of g that an operation in
// progress will write: for the innermost frame, the destination of the
// pending operation; for the others, that of the call to the next frame.
// -1 if none.
func pendingDst(g *Goroutine, j int) int32 {
	if j+1 < len(g.frames) {
		return g.frames[j+1].dst
	}
	switch op := g.pending.(type) {
	case *recvOp:
		return op.dst
	case *closeOp:
		return op.dst
	case *selectOp:
		return op.dst
	case *nativeOp:
		return op.dst
	case *subtestWaitOp:
		return op.dst
	}
	return -1
}
