package model

import (
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// TestLiveness checks the registers' liveness tables of every function of
// a program using fmt, strings, sort and closures against a second, naive
// computation: per register, per position, whether some path from the
// position reads the register before writing it (phi operands read on
// their edge, a Recover block's reads live everywhere). The tables must
// agree exactly.
func TestLiveness(t *testing.T) {
	it, _ := loadSource(t, `package main

import (
	"fmt"
	"sort"
	"strings"
)

type item struct{ k string; n int }

func collect(xs []string, ch chan item) (out []item, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	for i, x := range xs {
		select {
		case ch <- item{x, i}:
		default:
			out = append(out, item{strings.ToUpper(x), i})
		}
	}
	for {
		select {
		case it, ok := <-ch:
			if !ok {
				sort.Slice(out, func(a, b int) bool { return out[a].k < out[b].k })
				return out, nil
			}
			out = append(out, it)
		default:
			close(ch)
		}
	}
}

func main() {
	ch := make(chan item, 2)
	out, err := collect([]string{"b", "a", "c"}, ch)
	fmt.Println(out, err)
}
`)
	checked := 0
	for fn := range ssautil.AllFunctions(it.prog) {
		if len(fn.Blocks) == 0 {
			continue
		}
		c := it.funcCode(fn)
		tab := c.liveness()
		if tab == nil {
			continue
		}
		for r := 0; r < c.nregs; r++ {
			naive := naiveLive(c, int32(r))
			for b := range c.blocks {
				for pc := c.blocks[b].nphi; pc <= len(c.blocks[b].instrs); pc++ {
					require.Equal(t, naive[b][pc], isLive(tab.at(b, pc), r), "%s: register %d at block %d position %d", fn, r, b, pc)
				}
			}
		}
		checked++
	}
	require.Greater(t, checked, 500, "functions checked")
}

// naiveLive computes, for register r of c, whether r is live at each
// position (from nphi to the end of each block) by iterating the
// position-level equations to a fixpoint.
func naiveLive(c *funcCode, r int32) [][]bool {
	live := make([][]bool, len(c.blocks))
	for b := range c.blocks {
		live[b] = make([]bool, len(c.blocks[b].instrs)+1)
	}
	reads := func(ic *instrCode) bool {
		for _, o := range ic.ops {
			if o == r {
				return true
			}
		}
		return false
	}
	// The Recover block's reads are live everywhere.
	var resume func() bool
	for changed := true; changed; {
		changed = false
		for b := range c.blocks {
			bc := &c.blocks[b]
			end := false
			for _, s := range bc.b.Succs {
				sc := &c.blocks[s.Index]
				if live[s.Index][sc.nphi] {
					defined := false
					for i := 0; i < sc.nphi; i++ {
						if sc.instrs[i].dst == r {
							defined = true
						}
					}
					if !defined {
						end = true
					}
				}
				for k, p := range s.Preds {
					if p.Index != b {
						continue
					}
					for i := 0; i < sc.nphi; i++ {
						if sc.instrs[i].ops[k] == r {
							end = true
						}
					}
				}
			}
			if end && !live[b][len(bc.instrs)] {
				live[b][len(bc.instrs)] = true
				changed = true
			}
			for pc := len(bc.instrs) - 1; pc >= bc.nphi; pc-- {
				ic := &bc.instrs[pc]
				v := reads(ic) || ic.dst != r && live[b][pc+1]
				if v && !live[b][pc] {
					live[b][pc] = true
					changed = true
				}
			}
		}
	}
	if c.recover >= 0 {
		resume = func() bool { return live[c.recover][c.blocks[c.recover].nphi] }
		if resume() {
			for b := range live {
				for pc := range live[b] {
					live[b][pc] = true
				}
			}
		}
	}
	return live
}

// TestDeadRegisters checks that a fingerprint leaves out the registers
// that are dead where a frame stands, and only those, and that a copy
// leaves them nil: a worker blocked receiving its next value still holds
// the previous one in a register.
func TestDeadRegisters(t *testing.T) {
	it, _ := loadSource(t, `package main

func worker(ch chan int, out chan int) {
	total := 0
	for {
		v := <-ch
		total += v
		out <- v * 2
	}
}

func main() {
	ch, out := make(chan int), make(chan int)
	go worker(ch, out)
	ch <- 1
	<-out
	ch <- 3
}
`)
	var main, worker *ssa.Function
	for fn := range ssautil.AllFunctions(it.prog) {
		switch fn.String() {
		case "example.com/m.main":
			main = fn
		case "example.com/m.worker":
			worker = fn
		}
	}
	require.NotNil(t, main)
	s := it.NewState()
	s.SpawnMain(nil, main)
	// Run until the worker, having received 1, waits for its second
	// value while main sends it.
	var buf []Transition
	var w *Goroutine
	for i := 0; i < 50 && !s.Done(); i++ {
		if len(s.gs) > 1 && s.gs[1].frames != nil {
			w = s.gs[1]
			_, recv := w.pending.(*recvOp)
			if recv && w.frames[0].regs[0] != nil && s.gs[0].pending != nil && w.frames[0].pc > 0 && hasInt(w.frames[0].regs, 1) {
				break
			}
		}
		buf = s.Enabled(buf[:0])
		require.NotEmpty(t, buf)
		s.Do(buf[0])
	}
	require.NotNil(t, w)
	fr := w.frames[0]
	require.Equal(t, worker, fr.code.fn)
	live := fr.liveRegs(pendingDst(w, 0), nil)
	require.NotNil(t, live)
	var dead, alive []int
	for r, v := range fr.regs {
		if v == nil {
			continue
		}
		if isLive(live, r) {
			alive = append(alive, r)
		} else {
			dead = append(dead, r)
		}
	}
	require.NotEmpty(t, dead, "the previous value received is dead")
	require.NotEmpty(t, alive, "the channels and the total are live")

	h := NewHasher()
	fp, ok := s.Fingerprint(h)
	require.True(t, ok)
	// fpWith returns the fingerprint with register r changed.
	fpWith := func(r int) uint64 {
		old := fr.regs[r]
		fr.regs[r] = 12345
		got, _ := s.Fingerprint(h)
		fr.regs[r] = old
		return got
	}
	for _, r := range dead {
		require.Equal(t, fp, fpWith(r), "dead register %d changed the fingerprint", r)
	}
	for _, r := range alive {
		require.NotEqual(t, fp, fpWith(r), "live register %d left out of the fingerprint", r)
	}
	c, ok := s.Clone()
	require.True(t, ok)
	for _, r := range dead {
		require.Nil(t, c.gs[1].frames[0].regs[r], "dead register %d copied", r)
	}
	cfp, _ := c.Fingerprint(h)
	require.Equal(t, fp, cfp)
}

// hasInt reports whether regs holds the int n.
func hasInt(regs []Value, n int) bool {
	for _, v := range regs {
		if v == n {
			return true
		}
	}
	return false
}
