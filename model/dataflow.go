package model

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Data dependence between a read and a later write of the same goroutine,
// for the lost-update detector (see checkLostUpdate): is the value the
// write stores computed from the value the read returned?
//
// The question is answered on the SSA of the functions involved, guided
// by the goroutine's stacks at the read and at the write. The deepest
// activation active at both (the common frame) is where the two meet:
//
//   - Read side: the read's value must leave every activation between the
//     read and the common frame through a return value (the read itself
//     in the reading function, then the call that led to it in each
//     caller), so that in the common frame it is the result of a call (or
//     the read itself, when the read was made there).
//   - Write side: the stored value must come into every activation
//     between the common frame and the write through parameters or the
//     variables a closure captured, so that in the common frame it is
//     computed from arguments of a call (or is the stored operand
//     itself).
//
// Within one function a value depends on the operands that compute it:
// arithmetic, conversions, phis, field and element selection, and
// addresses (a value loaded through a pointer computed from the read is
// based on the read: head = old.next). The address of a variable of the
// function stands for the values stored into it in that function. A call
// of a function with a body depends only on the arguments that reach one
// of its return values (computed the same way, once per function); other
// calls (natives, dynamic and interface calls) on all their operands. A
// channel receive depends on nothing in the function. Control dependence
// is not data dependence: a constant written under an if that tested the
// read is not based on it.
//
// Where the value cannot be followed (the common frame is deeper than
// the readStackDepth frames recorded at the read, a frame is suspended in
// something other than a call, the value goes through memory other than
// the function's own variables), the answer is "no dependence": the
// detector then misses a lost update rather than reporting one that is
// not there.

// readStackDepth is the number of frames, innermost first, recorded with
// each read.
const readStackDepth = 4

// frameRef is one frame of a goroutine's stack at a read: the activation
// and the instruction it was executing (the read itself in the innermost
// frame, the call in progress in the others).
type frameRef struct {
	serial uint64
	in     ssa.Instruction
}

// lastInstr returns the instruction fr executed last (for a frame below
// the top: the call in progress), or nil.
func (fr *frame) lastInstr() ssa.Instruction {
	b := &fr.code.blocks[fr.block]
	if fr.pc <= 0 || fr.pc > len(b.instrs) {
		return nil
	}
	return b.instrs[fr.pc-1].in
}

// flowInfo caches per function the dependence summaries.
type flowInfo struct {
	// retParams[i]: some return value depends on parameter i.
	retParams []bool
	// retFree: some return value depends on a free variable.
	retFree bool
	// returns is the set of values the return values depend on.
	returns map[ssa.Value]bool
}

// flowCtx is one dependence query. Summaries are cached in the Interp
// only when they were computed without assuming anything about a
// function whose summary was still being computed (recursion), so that
// the answers do not depend on the order of the queries (several workers
// share one Interp).
type flowCtx struct {
	it   *Interp
	busy map[*ssa.Function]bool
	hits int // summaries of busy functions used so far
}

// newFlowCtx starts a query; the caller holds it.flowMu.
func (it *Interp) newFlowCtx() *flowCtx {
	if it.flowCache == nil {
		it.flowCache = make(map[*ssa.Function]*flowInfo)
	}
	return &flowCtx{it: it, busy: make(map[*ssa.Function]bool)}
}

// flow returns the dependence summary of fn.
func (fc *flowCtx) flow(fn *ssa.Function) *flowInfo {
	if fi, ok := fc.it.flowCache[fn]; ok {
		return fi
	}
	if fc.busy[fn] {
		// A recursive call: take it to depend on all its arguments.
		fc.hits++
		return &flowInfo{retParams: allTrue(len(fn.Params)), retFree: true}
	}
	fc.busy[fn] = true
	hits := fc.hits
	var roots []ssa.Value
	for _, b := range fn.Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			roots = append(roots, r.Results...)
		}
	}
	fi := &flowInfo{retParams: make([]bool, len(fn.Params)), returns: fc.dependsOn(fn, roots)}
	for i, p := range fn.Params {
		fi.retParams[i] = fi.returns[p]
	}
	for _, fv := range fn.FreeVars {
		fi.retFree = fi.retFree || fi.returns[fv]
	}
	delete(fc.busy, fn)
	if fc.hits == hits {
		fc.it.flowCache[fn] = fi
	}
	return fi
}

func allTrue(n int) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = true
	}
	return b
}

// dependsOn returns the values of fn that the values roots depend on,
// roots included.
func (fc *flowCtx) dependsOn(fn *ssa.Function, roots []ssa.Value) map[ssa.Value]bool {
	seen := make(map[ssa.Value]bool)
	var stores map[*ssa.Alloc][]ssa.Value // values stored into each local variable
	work := append([]ssa.Value(nil), roots...)
	var rands []*ssa.Value
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Alloc:
			// A variable of fn: its address stands for its contents.
			if stores == nil {
				stores = localStores(fn)
			}
			work = append(work, stores[v]...)
			continue
		case *ssa.UnOp:
			if v.Op == token.ARROW {
				continue // a received value is computed elsewhere
			}
		case *ssa.Select:
			continue
		case *ssa.Call:
			cc := &v.Call
			if callee := cc.StaticCallee(); callee != nil && !cc.IsInvoke() && callee.Blocks != nil && len(cc.Args) == len(callee.Params) {
				fi := fc.flow(callee)
				for i, a := range cc.Args {
					if fi.retParams[i] {
						work = append(work, a)
					}
				}
				if fi.retFree {
					work = append(work, cc.Value)
				}
				continue
			}
		}
		if in, ok := v.(ssa.Instruction); ok {
			rands = in.Operands(rands[:0])
			for _, r := range rands {
				if *r != nil {
					work = append(work, *r)
				}
			}
		}
	}
	return seen
}

// localRoot returns the local variable (Alloc) the address v points into,
// or nil.
func localRoot(v ssa.Value) *ssa.Alloc {
	for {
		switch x := v.(type) {
		case *ssa.Alloc:
			return x
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.IndexAddr:
			if _, isSlice := x.X.Type().Underlying().(*types.Slice); isSlice {
				return nil
			}
			v = x.X
		default:
			return nil
		}
	}
}

// localStores maps each Alloc of fn to the values stored into it (or into
// its fields and elements) in fn.
func localStores(fn *ssa.Function) map[*ssa.Alloc][]ssa.Value {
	m := make(map[*ssa.Alloc][]ssa.Value)
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if st, ok := in.(*ssa.Store); ok {
				if a := localRoot(st.Addr); a != nil {
					m[a] = append(m[a], st.Val)
				}
			}
		}
	}
	return m
}

// storedValues returns the operands of the instruction in that are the
// value it writes: the stored value of a Store or MapUpdate, the
// arguments after the address (or receiver) of a call (sync/atomic's
// Store and friends). Nil when unknown.
func storedValues(in ssa.Instruction) []ssa.Value {
	switch in := in.(type) {
	case *ssa.Store:
		return []ssa.Value{in.Val}
	case *ssa.MapUpdate:
		return []ssa.Value{in.Value}
	case *ssa.Call:
		if len(in.Call.Args) > 1 {
			return in.Call.Args[1:]
		}
	}
	return nil
}

// callInto returns the call instruction in, if it can be the one that
// created an activation of fn, and its arguments in the order of fn's
// parameters (the receiver first for an interface method call).
func callInto(in ssa.Instruction, fn *ssa.Function) (*ssa.Call, []ssa.Value, bool) {
	c, ok := in.(*ssa.Call)
	if !ok {
		return nil, nil, false
	}
	cc := &c.Call
	if callee := cc.StaticCallee(); callee != nil && callee != fn {
		return nil, nil, false // e.g. a native that called fn back
	}
	args := cc.Args
	if cc.IsInvoke() {
		args = append([]ssa.Value{cc.Value}, cc.Args...)
	}
	if len(args) != len(fn.Params) {
		return nil, nil, false
	}
	return c, args, true
}

// writeBasedOnRead reports whether the value g is writing with the
// instruction w depends on the value of the read rd (see the comment at
// the top of this file).
func (s *State) writeBasedOnRead(rd *readInfo, g *Goroutine, w ssa.Instruction) bool {
	roots := storedValues(w)
	if len(roots) == 0 || rd.stack[0].in == nil || rd.depth == 0 {
		return false
	}
	dR, dW := rd.depth-1, len(g.frames)-1
	// The common frame: the deepest one recorded at the read that is
	// still the same activation.
	k := -1
	for i := min(dR, dW); i >= 0 && dR-i < readStackDepth; i-- {
		if rd.stack[dR-i].serial == g.frames[i].serial {
			k = i
			break
		}
	}
	if k < 0 {
		return false
	}
	src, ok := rd.stack[0].in.(ssa.Value)
	if !ok {
		return false
	}
	s.it.flowMu.Lock()
	defer s.it.flowMu.Unlock()
	fc := s.it.newFlowCtx()
	// Read side: from the read up to the common frame, through returns.
	for i := dR; i > k; i-- {
		fn := rd.stack[dR-i].in.Parent()
		if fn == nil || !fc.flow(fn).returns[src] {
			return false
		}
		c, _, ok := callInto(rd.stack[dR-i+1].in, fn)
		if !ok {
			return false
		}
		src = c
	}
	// Write side: from the write up to the common frame, through
	// parameters and the variables a closure captured.
	for i := dW; i > k; i-- {
		fn := g.frames[i].code.fn
		dep := fc.dependsOn(fn, roots)
		c, args, ok := callInto(g.frames[i-1].lastInstr(), fn)
		if !ok {
			return false
		}
		roots = nil
		for j, p := range fn.Params {
			if dep[p] {
				roots = append(roots, args[j])
			}
		}
		for j, fv := range fn.FreeVars {
			if !dep[fv] {
				continue
			}
			if mc, ok := c.Call.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == len(fn.FreeVars) {
				roots = append(roots, mc.Bindings[j])
			} else {
				// A closure made elsewhere: the function value carries
				// the captured variables.
				roots = append(roots, c.Call.Value)
				break
			}
		}
		if len(roots) == 0 {
			return false
		}
	}
	return fc.dependsOn(g.frames[k].code.fn, roots)[src]
}
