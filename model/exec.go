package model

import (
	"fmt"
	"go/token"
	"go/types"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/tools/go/ssa"
)

// maxFrames is the goroutine stack depth at which Go's "stack overflow"
// fatal error is reproduced.
const maxFrames = 1 << 20

// run executes g until it reaches its next visible operation (g.pending is
// set), exits, or the run ends. With base > 0 it is a nested run for a
// callback from native code, and also stops when g's stack drops below
// base frames.
func (s *State) run(g *Goroutine, base int) {
	for !s.done && g.pending == nil && len(g.frames) >= base && len(g.frames) > 0 {
		s.runChunk(g, base)
	}
}

func (s *State) runChunk(g *Goroutine, base int) {
	defer func() {
		if r := recover(); r != nil {
			s.recoverGo(g, r)
		}
	}()
	for !s.done && g.pending == nil && len(g.frames) >= base && len(g.frames) > 0 {
		fr := g.frames[len(g.frames)-1]
		if fr.mode != modeNormal {
			s.continueDefers(g, fr)
			continue
		}
		ic := &fr.code.blocks[fr.block].instrs[fr.pc]
		fr.pc++
		if s.budget--; s.budget < 0 {
			panic(&LimitError{Limit: "instructions", Msg: fmt.Sprintf("goroutine %d ran %d instructions without a visible operation (a spin loop?)", g.ID, s.maxInstrs)})
		}
		if s.budget&(1<<20-1) == 0 && !s.deadline.IsZero() && time.Now().After(s.deadline) {
			panic(&LimitError{Limit: "time", Msg: fmt.Sprintf("time bound reached while goroutine %d ran local code", g.ID)})
		}
		s.exec(g, fr, ic)
	}
}

// recoverGo turns a Go panic raised while interpreting g into the
// corresponding event: a panic of g, os.Exit, or the end of the run.
func (s *State) recoverGo(g *Goroutine, r any) {
	switch r := r.(type) {
	case *runtimeError:
		s.startPanic(g, s.runtimeErrorValue(r))
	case *goPanic:
		s.startPanic(g, r.val)
	case *exitError:
		if !s.done {
			s.exitPos, s.exitG = g.curPos, g.ID
		}
		s.done = true
		s.exitCode = r.code
	case *UnsupportedError:
		if !r.Pos.IsValid() {
			r.Pos = s.Position(g.curPos)
		}
		s.fail(r)
	case *InternalError:
		if !r.Pos.IsValid() {
			r.Pos = s.Position(g.curPos)
		}
		s.fail(r)
	case *fatalError:
		s.fatal(g, r.msg)
	case *LimitError:
		r.Pos = s.Position(g.curPos)
		s.fail(r)
	default:
		if err, ok := r.(runtime.Error); ok && strings.Contains(err.Error(), "interface conversion") && usesUnsafe(g) {
			s.fail(&UnsupportedError{What: "memory reinterpreted through unsafe.Pointer", Pos: s.Position(g.curPos)})
			return
		}
		s.fail(&InternalError{Msg: fmt.Sprintf("%v\n%s", r, debug.Stack()), Pos: s.Position(g.curPos)})
	}
}

// usesUnsafe reports whether the function g is running imports unsafe.
func usesUnsafe(g *Goroutine) bool {
	if len(g.frames) == 0 {
		return false
	}
	fn := g.frames[len(g.frames)-1].code.fn
	if fn.Pkg == nil {
		return false
	}
	for _, imp := range fn.Pkg.Pkg.Imports() {
		if imp.Path() == "unsafe" {
			return true
		}
	}
	return false
}

type fatalError struct{ msg string }

func (s *State) fail(err error) {
	if s.failure == nil {
		s.failure = err
	}
	s.done = true
}

// fatal stops g at a fatal error (unlock of an unlocked mutex, stack
// overflow, ...): no deferred call runs, and the crash that ends the
// program is g's next step (see crashOp).
func (s *State) fatal(g *Goroutine, msg string) {
	pos := g.curPos
	if !pos.IsValid() && len(g.frames) > 0 {
		pos = g.frames[len(g.frames)-1].instrPos()
	}
	g.pending = &crashOp{crash: &Crash{G: g, Msg: msg, Fatal: true, Pos: pos, Stack: g.Stack()}}
}

func (s *State) exec(g *Goroutine, fr *frame, ic *instrCode) {
	switch in := ic.in.(type) {
	case *ssa.DebugRef:
	case *ssa.Alloc:
		if in.Pos().IsValid() {
			g.curPos = in.Pos()
		}
		if ic.zeroSize {
			// Go gives every zero-size allocation the same address.
			if s.zeroBase == nil {
				s.zeroBase = new(Value)
			}
			*s.zeroBase = Zero(in.Type().(*types.Pointer).Elem())
			fr.regs[ic.dst] = s.zeroBase
			return
		}
		p := new(Value)
		if ic.zero != nil {
			*p = copyVal(ic.zero)
		} else {
			*p = Zero(in.Type().(*types.Pointer).Elem())
		}
		fr.regs[ic.dst] = p
	case *ssa.BinOp:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.it.binop(in.Op, fr.get(ic.ops[0], s), fr.get(ic.ops[1], s))
	case *ssa.UnOp:
		g.curPos = in.Pos()
		if in.Op == token.ARROW {
			ch := fr.get(ic.ops[0], s).(*Chan)
			g.pending = &recvOp{ch: ch, commaOk: in.CommaOk, dst: ic.dst, pos: in.Pos(), elem: in.X.Type().Underlying().(*types.Chan).Elem(), used: recvUsed(in, in.CommaOk, 0)}
			return
		}
		if in.Op == token.MUL && !ic.local && (s.race != nil || s.visibleAccess != nil) {
			p := fr.get(ic.ops[0], s).(*Value)
			if s.scheduleAccess(g, fr, in, p, false) {
				return
			}
			v := s.it.unop(in.Op, p)
			if s.race != nil {
				if s.checkFx {
					// The read's effect computed afresh, not as the
					// analysis did (loadFx), so that the check does
					// not share its mistakes.
					mask := anyReadFx
					if !punnedAddr(in.X) {
						mask = s.it.effects().cellFx(in.Type()).asReads()
					}
					s.checkReadFx(mask, "a load at "+s.it.fset.Position(in.Pos()).String())
				}
				s.accessCells(g, p, false, v, in.Pos(), locName{v: in.X}, in, s.recordRead(ic))
			}
			fr.regs[ic.dst] = v
			return
		}
		if ic.punned {
			fr.regs[ic.dst] = reinterpret(s.it.unop(in.Op, fr.get(ic.ops[0], s)), in.Type())
			return
		}
		fr.regs[ic.dst] = s.it.unop(in.Op, fr.get(ic.ops[0], s))
	case *ssa.Call:
		g.curPos = in.Pos()
		if s.visibleOutput && isOutputCall(&in.Call) {
			if !g.resumeAccess {
				fr.pc--
				g.pending = &memAccessOp{obj: "output", write: true, pos: in.Pos()}
				return
			}
			g.resumeAccess = false
		}
		s.call(g, fr, &in.Call, ic.ops, ic.dst, in.Pos())
	case *ssa.ChangeType, *ssa.ChangeInterface:
		fr.regs[ic.dst] = fr.get(ic.ops[0], s)
	case *ssa.Convert:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.it.convert(fr.get(ic.ops[0], s), in.Type())
	case *ssa.MultiConvert:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.it.convert(fr.get(ic.ops[0], s), in.Type())
	case *ssa.SliceToArrayPointer:
		g.curPos = in.Pos()
		x := fr.get(ic.ops[0], s).(Slice)
		n := int(in.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Array).Len())
		if len(x) < n {
			panic(runtimeErrorf("cannot convert slice with length %d to array or pointer to array with length %d", len(x), n))
		}
		if x == nil {
			fr.regs[ic.dst] = (*Value)(nil)
			return
		}
		p := new(Value)
		*p = Array(x[:n:n])
		fr.regs[ic.dst] = p
	case *ssa.MakeInterface:
		fr.regs[ic.dst] = Iface{T: in.X.Type(), V: fr.get(ic.ops[0], s)}
	case *ssa.MakeClosure:
		env := make([]Value, len(in.Bindings))
		for i := range env {
			env[i] = fr.get(ic.ops[i+1], s)
		}
		fr.regs[ic.dst] = &Closure{Fn: in.Fn.(*ssa.Function), Env: env}
	case *ssa.MakeMap:
		n := 0
		if ic.ops[0] != noRef {
			n = min(toInt(fr.get(ic.ops[0], s)), 1024)
		}
		fr.regs[ic.dst] = newMap(n)
	case *ssa.MakeChan:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.makeChan(in.Type().Underlying().(*types.Chan).Elem(), fr.get(ic.ops[0], s), ic.closable)
	case *ssa.MakeSlice:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = makeSlice(in.Type().Underlying().(*types.Slice).Elem(), fr.get(ic.ops[0], s), fr.get(ic.ops[1], s))
	case *ssa.Slice:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.slice(fr, ic)
	case *ssa.FieldAddr:
		g.curPos = in.Pos()
		p := fr.get(ic.ops[0], s).(*Value)
		if p == nil {
			panic(nilDeref())
		}
		fr.regs[ic.dst] = &(*p).(Struct)[in.Field]
	case *ssa.Field:
		fr.regs[ic.dst] = fr.get(ic.ops[0], s).(Struct)[in.Field]
	case *ssa.IndexAddr:
		g.curPos = in.Pos()
		i := fr.get(ic.ops[1], s)
		switch x := fr.get(ic.ops[0], s).(type) {
		case Slice:
			fr.regs[ic.dst] = &x[checkIndex(i, len(x))]
		case *Value:
			if x == nil {
				panic(nilDeref())
			}
			a := (*x).(Array)
			fr.regs[ic.dst] = &a[checkIndex(i, len(a))]
		default:
			panic(internalErrorf("IndexAddr on %T", x))
		}
	case *ssa.Index:
		g.curPos = in.Pos()
		i := fr.get(ic.ops[1], s)
		switch x := fr.get(ic.ops[0], s).(type) {
		case Array:
			fr.regs[ic.dst] = x[checkIndex(i, len(x))]
		case string:
			fr.regs[ic.dst] = x[checkIndex(i, len(x))]
		default:
			panic(internalErrorf("Index on %T", x))
		}
	case *ssa.Lookup:
		g.curPos = in.Pos()
		m, _ := fr.get(ic.ops[0], s).(*Map)
		k := fr.get(ic.ops[1], s)
		if s.race != nil && m != nil {
			s.access(g, m, false, nil, in.Pos(), locName{v: in.X, suffix: " (map)"}, nil)
		}
		v, ok := m.get(s.it.keyOf(k))
		if !ok {
			v = Zero(in.X.Type().Underlying().(*types.Map).Elem())
		}
		if in.CommaOk {
			fr.regs[ic.dst] = Tuple{v, ok}
		} else {
			fr.regs[ic.dst] = v
		}
	case *ssa.MapUpdate:
		g.curPos = in.Pos()
		m := fr.get(ic.ops[0], s).(*Map)
		if m == nil {
			panic(plainErrorf("assignment to entry in nil map"))
		}
		k := fr.get(ic.ops[1], s)
		if s.race != nil {
			if s.checkFx {
				s.checkWrite(mapWriteFx, "a map update")
			}
			s.access(g, m, true, nil, in.Pos(), locName{v: in.Map, suffix: " (map)"}, nil)
		}
		m.set(s.it.keyOf(k), k, fr.get(ic.ops[2], s))
	case *ssa.Range:
		x := fr.get(ic.ops[0], s)
		if m, ok := x.(*Map); ok && m != nil && s.race != nil {
			s.access(g, m, false, nil, in.Pos(), locName{v: in.X, suffix: " (map)"}, nil)
		}
		fr.regs[ic.dst] = newIter(x)
	case *ssa.Next:
		fr.regs[ic.dst] = fr.get(ic.ops[0], s).(iterator).next()
	case *ssa.TypeAssert:
		g.curPos = in.Pos()
		fr.regs[ic.dst] = s.typeAssert(in, fr.get(ic.ops[0], s).(Iface))
	case *ssa.Extract:
		fr.regs[ic.dst] = fr.get(ic.ops[0], s).(Tuple)[in.Index]
	case *ssa.Jump:
		fr.jump(fr.code.blocks[fr.block].b.Succs[0].Index, s)
	case *ssa.If:
		b := fr.code.blocks[fr.block].b
		if fr.get(ic.ops[0], s).(bool) {
			fr.jump(b.Succs[0].Index, s)
		} else {
			fr.jump(b.Succs[1].Index, s)
		}
	case *ssa.Return:
		if fr.defers != nil {
			// Defers pushed through ssa:deferstack by range-over-func
			// loop bodies, in a function with no RunDefers of its own:
			// run them, then return.
			fr.pc--
			fr.mode = modeRunDefers
			return
		}
		var res Value
		switch len(ic.ops) {
		case 0:
		case 1:
			res = fr.get(ic.ops[0], s)
		default:
			t := make(Tuple, len(ic.ops))
			for i, r := range ic.ops {
				t[i] = fr.get(r, s)
			}
			res = t
		}
		s.ret(g, res)
	case *ssa.RunDefers:
		if fr.defers != nil {
			fr.mode = modeRunDefers
		}
	case *ssa.Panic:
		g.curPos = in.Pos()
		v := fr.get(ic.ops[0], s).(Iface)
		if v.T == nil {
			v = s.panicNilValue()
		}
		s.startPanic(g, v)
	case *ssa.Go:
		g.curPos = in.Pos()
		fn, b, env, args := s.callee(fr, &in.Call, ic.ops)
		ng := s.newGoroutine(g, in.Pos())
		ng.start(&startOp{fn: fn, builtin: b, env: env, args: args, call: &in.Call})
	case *ssa.Defer:
		g.curPos = in.Pos()
		if !in.Call.IsInvoke() {
			if c, ok := fr.get(ic.ops[0], s).(*Closure); ok && c == nil {
				// Deferring a nil function panics when the call runs.
				d := &deferred{pos: in.Pos(), nilFunc: true}
				d.next = fr.defers
				fr.defers = d
				return
			}
		}
		fn, b, env, args := s.callee(fr, &in.Call, ic.ops)
		d := &deferred{fn: fn, builtin: b, env: env, args: args, pos: in.Pos()}
		list := &fr.defers
		if r := ic.ops[len(ic.ops)-1]; r != noRef {
			if p, ok := fr.get(r, s).(*deferStack); ok && p != nil {
				list = &p.fr.defers
			}
		}
		d.next = *list
		*list = d
	case *ssa.Send:
		g.curPos = in.Pos()
		ch := fr.get(ic.ops[0], s).(*Chan)
		g.pending = &sendOp{ch: ch, val: fr.get(ic.ops[1], s), pos: in.Pos()}
	case *ssa.Select:
		g.curPos = in.Pos()
		op := &selectOp{blocking: in.Blocking, dst: ic.dst, pos: in.Pos(), cases: make([]selCase, 0, len(in.States))}
		recvs := 0
		for i, st := range in.States {
			c := selCase{ch: fr.get(ic.ops[2*i], s).(*Chan), send: st.Dir == types.SendOnly, pos: st.Pos}
			if c.send {
				c.val = fr.get(ic.ops[2*i+1], s)
			} else {
				c.elem = st.Chan.Type().Underlying().(*types.Chan).Elem()
				c.used = recvUsed(in, true, 2+recvs)
				recvs++
			}
			op.cases = append(op.cases, c)
		}
		g.pending = op
	case *ssa.Store:
		g.curPos = in.Pos()
		p := fr.get(ic.ops[0], s).(*Value)
		if p == nil {
			panic(nilDeref())
		}
		v := fr.get(ic.ops[1], s)
		if !ic.local && (s.race != nil || s.visibleAccess != nil) {
			if s.scheduleAccess(g, fr, in, p, true) {
				return
			}
			if s.race != nil {
				if s.checkFx {
					// The write's effect computed afresh, as for
					// loads; a store to fresh memory must find no
					// other goroutine's read there.
					where := "a store at " + s.it.fset.Position(in.Pos()).String()
					e := s.it.effects()
					switch {
					case punnedAddr(in.Addr):
					case e.freshStore(in):
						s.checkFresh(g, p, where)
					default:
						s.checkWrite(e.storeFx(in.Val.Type()), where)
					}
				}
				s.accessCells(g, p, true, v, in.Pos(), locName{v: in.Addr}, in, true)
			}
		}
		if ic.punned {
			if old := *p; old != nil {
				v = reinterpretAs(v, old)
			}
		}
		store(p, v)
	case *ssa.Phi:
		panic(internalErrorf("phi executed out of block entry"))
	default:
		panic(internalErrorf("unexpected instruction %T", in))
	}
}

// deferStack is the value of the ssa:deferstack intrinsic: the defer list
// of a function, to which range-over-func loop bodies push their defers.
type deferStack struct{ fr *frame }

func checkIndex(i Value, n int) int {
	x := toInt(i)
	if x < 0 || x >= n {
		if isSigned(i) {
			panic(runtimeErrorf("index out of range [%d] with length %d", int64(toUint64(i)), n))
		}
		panic(runtimeErrorf("index out of range [%d] with length %d", toUint64(i), n))
	}
	return x
}

// callee resolves the function and arguments of a call.
func (s *State) callee(fr *frame, cc *ssa.CallCommon, ops []int32) (fn *ssa.Function, b *ssa.Builtin, env []Value, args []Value) {
	if cc.IsInvoke() {
		recv := fr.get(ops[0], s).(Iface)
		if recv.T == nil {
			panic(nilDeref())
		}
		fn = s.it.lookupMethod(recv.T, cc.Method)
		if fn == nil {
			panic(internalErrorf("no method %s on %s", cc.Method.Name(), recv.T))
		}
		args = make([]Value, len(cc.Args)+1)
		args[0] = recv.V
		for i := range cc.Args {
			args[i+1] = fr.get(ops[i+1], s)
		}
		return fn, nil, nil, args
	}
	args = make([]Value, len(cc.Args))
	for i := range cc.Args {
		args[i] = fr.get(ops[i+1], s)
	}
	c := fr.get(ops[0], s).(*Closure)
	if c == nil {
		panic(nilDeref())
	}
	return c.Fn, c.Builtin, c.Env, args
}

func (s *State) call(g *Goroutine, fr *frame, cc *ssa.CallCommon, ops []int32, dst int32, pos token.Pos) {
	if !cc.IsInvoke() {
		// Fast path: a call of an interpreted function evaluates its
		// arguments straight into the new frame's registers.
		if c, ok := fr.get(ops[0], s).(*Closure); ok && c != nil && c.Builtin == nil && c.Fn.Blocks != nil {
			nf := s.newFrame(g, c.Fn, dst, pos)
			for i := range cc.Args {
				nf.regs[i] = fr.get(ops[i+1], s)
			}
			copy(nf.regs[nf.code.nparams:], c.Env)
			g.frames = append(g.frames, nf)
			nf.jump(0, s)
			return
		}
	}
	fn, b, env, args := s.callee(fr, cc, ops)
	if b != nil {
		s.builtin(g, fr, b, cc, args, dst, pos)
		return
	}
	s.invoke(g, fn, env, args, dst, pos)
}

// invoke calls fn: interpreted functions get a new frame; natives run at
// once, except visible operations, which become g's pending operation.
func (s *State) invoke(g *Goroutine, fn *ssa.Function, env, args []Value, dst int32, pos token.Pos) {
	if fn.Blocks != nil {
		s.pushFrame(g, fn, env, args, dst, pos)
		return
	}
	nat := s.it.nativeFor(fn)
	switch {
	case nat.visible != nil:
		g.pending = &nativeOp{vf: nat.visible, fn: fn, env: env, args: args, dst: dst, pos: pos}
		if nat.visible.pend != nil {
			nat.visible.pend(s, g, args)
		}
		// Number the objects the operation touches now, as part of this
		// step: numbering them when the explorer first peeks at them would
		// make the numbers depend on which states were peeked at, and a
		// replay (which does not peek) would number them differently.
		s.peekOp(g.pending)
	case nat.fn != nil:
		v := nat.fn(&NativeCall{s: s, g: g, fn: fn, args: args, pos: pos})
		s.deliver(g, dst, v)
	default:
		panic(unsupportedf("call of %s, which has no Go body and no model in cmcheck", fn))
	}
}

// deliver stores the result of a call made by g's top frame.
func (s *State) deliver(g *Goroutine, dst int32, v Value) {
	switch dst {
	case dstDiscard:
	case dstCallback:
		g.cbResult = v
	default:
		g.frames[len(g.frames)-1].regs[dst] = v
	}
}

func (s *State) pushFrame(g *Goroutine, fn *ssa.Function, env, args []Value, dst int32, pos token.Pos) *frame {
	fr := s.newFrame(g, fn, dst, pos)
	copy(fr.regs, args)
	copy(fr.regs[fr.code.nparams:], env)
	g.frames = append(g.frames, fr)
	if len(fn.Blocks) > 0 {
		fr.jump(0, s)
	}
	return fr
}

// newFrame returns a frame for fn, reusing a released one when it can.
func (s *State) newFrame(g *Goroutine, fn *ssa.Function, dst int32, pos token.Pos) *frame {
	if len(g.frames) >= maxFrames {
		panic(&fatalError{msg: "stack overflow"})
	}
	c := s.it.funcCode(fn)
	s.frameSerial++
	var fr *frame
	if n := len(s.framePool); n > 0 && cap(s.framePool[n-1].regs) >= c.nregs {
		fr = s.framePool[n-1]
		s.framePool = s.framePool[:n-1]
		regs := fr.regs[:c.nregs]
		*fr = frame{code: c, regs: regs, dst: dst, callPos: pos, serial: s.frameSerial}
	} else {
		fr = &frame{code: c, regs: make([]Value, c.nregs, max(c.nregs, 8)), dst: dst, callPos: pos, serial: s.frameSerial}
	}
	return fr
}

// releaseFrame makes a returned frame available for reuse. A frame whose
// defer stack may still be referenced (range-over-func) is not reused.
func (s *State) releaseFrame(fr *frame) {
	if fr.deferStackTaken || len(s.framePool) >= 64 {
		return
	}
	clear(fr.regs[:cap(fr.regs)])
	s.framePool = append(s.framePool, fr)
}

// ret returns v from g's top frame.
func (s *State) ret(g *Goroutine, v Value) {
	fr := g.frames[len(g.frames)-1]
	g.frames[len(g.frames)-1] = nil
	g.frames = g.frames[:len(g.frames)-1]
	if fr.onceDone != nil {
		s.onceFinished(g, fr.onceDone)
	}
	dst := fr.dst
	s.releaseFrame(fr)
	if dst == dstCallback {
		g.cbResult = v
		return
	}
	if len(g.frames) == 0 {
		s.goroutineDone(g)
		return
	}
	s.deliver(g, dst, v)
}

// goroutineDone is called when g's last frame has returned.
func (s *State) goroutineDone(g *Goroutine) {
	if p := g.exitWG; p != nil {
		// WaitGroup.Go's Done: the step changes the WaitGroup.
		g.exitWG = nil
		s.release(g, p)
		// What it touches is what a Done's event would (wgAccess).
		reads, writes := s.wgAccess(g, p, -1)
		if s.wgReads(g, p, -1) {
			reads = append(reads, s.wgObj(p, ""))
		} else {
			writes = append(writes, s.wgObj(p, ""))
		}
		s.localReads = append(s.localReads, reads...)
		s.localWrites = append(s.localWrites, writes...)
		w := s.wg(p)
		w.add(g, -1)
		if w.n < 0 {
			// Go's WaitGroup.Go calls Done in the goroutine, after f:
			// taking the counter below zero, it panics there.
			s.startPanic(g, s.runtimeErrorValue(plainErrorf("sync: negative WaitGroup counter")))
			return
		}
	}
	if g.exitTest != nil && s.testExit(g.exitTest, g) {
		return // a cleanup to run
	}
	if g.isMain && s.endOnMainExit {
		g.pending = &exitOp{}
		return
	}
	g.done = true
	g.pending = nil
}

// continueDefers advances a frame that is running its deferred calls.
func (s *State) continueDefers(g *Goroutine, fr *frame) {
	if d := fr.defers; d != nil {
		fr.defers = d.next
		var pd *panicState
		if fr.mode == modeUnwinding {
			pd = g.panic
		}
		s.callDeferred(g, d, pd)
		return
	}
	switch fr.mode {
	case modeRunDefers:
		fr.mode = modeNormal
	case modeRecovered:
		fr.mode = modeNormal
		if fr.code.recover >= 0 {
			fr.jump(fr.code.recover, s)
			return
		}
		// No Recover block: the function has no results; return.
		s.ret(g, zeroResults(fr.code.fn))
	case modeUnwinding:
		// All deferred calls ran and none recovered: the panic goes on
		// in the caller.
		g.frames[len(g.frames)-1] = nil
		g.frames = g.frames[:len(g.frames)-1]
		if fr.onceDone != nil {
			s.onceFinished(g, fr.onceDone)
		}
		if fr.dst == dstCallback {
			return // the native caller re-raises the panic
		}
		if len(g.frames) == 0 {
			s.goroutineDied(g)
			return
		}
		g.frames[len(g.frames)-1].mode = modeUnwinding
	}
}

func zeroResults(fn *ssa.Function) Value {
	res := fn.Signature.Results()
	switch res.Len() {
	case 0:
		return nil
	case 1:
		return Zero(res.At(0).Type())
	}
	return Zero(res)
}

func (s *State) callDeferred(g *Goroutine, d *deferred, pd *panicState) {
	g.curPos = d.pos
	if d.nilFunc {
		panic(nilDeref())
	}
	if d.builtin != nil {
		s.builtin(g, nil, d.builtin, nil, d.args, dstDiscard, d.pos)
		return
	}
	if d.fn.Blocks != nil {
		fr := s.pushFrame(g, d.fn, d.env, d.args, dstDiscard, d.pos)
		fr.panicDefer = pd
		return
	}
	s.invoke(g, d.fn, d.env, d.args, dstDiscard, d.pos)
}

// startPanic begins a panic with value v (an Iface) in g.
func (s *State) startPanic(g *Goroutine, v Value) {
	if len(g.frames) == 0 {
		g.panic = &panicState{val: v, prev: g.panic, pos: g.curPos}
		g.pending = &crashOp{panic: g.panic}
		return
	}
	g.panic = &panicState{val: v, prev: g.panic, pos: g.curPos}
	if g.panic.prev != nil && !g.panic.prev.recovered {
		g.panic.prev.aborted = true
	}
	g.frames[len(g.frames)-1].mode = modeUnwinding
}

// goexit starts runtime.Goexit in g.
func (s *State) goexit(g *Goroutine) {
	g.panic = &panicState{goexit: true, prev: g.panic, pos: g.curPos}
	g.frames[len(g.frames)-1].mode = modeUnwinding
}

// goroutineDied is called when a panic unwound g's whole stack.
func (s *State) goroutineDied(g *Goroutine) {
	p := g.panic
	if p.goexit {
		g.panic = nil
		if g.isMain && s.endOnMainExit {
			// Goexit of the main goroutine: the others run on; if none
			// can, Go reports a deadlock.
			g.done = true
			g.pending = nil
			return
		}
		s.goroutineDone(g)
		return
	}
	// The panic ends the program in a step of its own: under the
	// runtime, other goroutines run on between the panicking goroutine's
	// last visible operation (a deferred wg.Done(), say) and the crash.
	g.pending = &crashOp{panic: p}
}

// crashOp is the end of the program by an unrecovered panic (panic set)
// or a fatal error (crash set): the pending operation of a goroutine
// whose panic has unwound its whole stack, or that hit a fatal error. It
// is a step of its own, so that the other goroutines may run before it,
// as under the runtime, where nothing orders the crash after or before
// their operations (main may even return first and the program exit
// with status 0). The step ends the run: it is dependent on every other.
type crashOp struct {
	panic *panicState
	crash *Crash
}

func (*crashOp) ready(*State, *Goroutine) int { return 1 }

func (op *crashOp) exec(s *State, g *Goroutine, _ int) Event {
	if op.crash != nil {
		s.crash = op.crash
		s.done = true
		s.exitCode = 2
		return Event{Kind: "fatal error", Pos: op.crash.Pos, Detail: op.crash.Msg, Global: true}
	}
	s.crashWith(g, op.panic)
	return Event{Kind: "panic", Pos: op.panic.pos, Detail: s.crash.Msg, Global: true}
}

func (s *State) crashWith(g *Goroutine, p *panicState) {
	msg := s.panicMessage(p)
	s.crash = &Crash{G: g, Value: p.val, Msg: msg, Pos: p.pos, Stack: []token.Pos{p.pos}}
	s.done = true
	s.exitCode = 2
	g.done = true
	g.pending = nil
}

// recoverBuiltin implements recover() called by fr.
func (s *State) recoverBuiltin(g *Goroutine, fr *frame) Value {
	if fr == nil || fr.panicDefer == nil || g.panic != fr.panicDefer {
		return Iface{}
	}
	p := g.panic
	if p.goexit || p.recovered {
		return Iface{}
	}
	p.recovered = true
	g.panic = nil
	// The frame that was unwinding resumes normally once this deferred
	// call returns.
	if i := len(g.frames) - 2; i >= 0 && g.frames[i].mode == modeUnwinding {
		g.frames[i].mode = modeRecovered
	}
	return p.val
}

// memAccessOp is a plain memory access that has been made a scheduling
// point because it takes part in a data race (see SetVisibleAccesses).
type memAccessOp struct {
	obj   string
	write bool
	pos   token.Pos
	what  string // the variable, for traces
	addr  *Value
	val   Value    // the value written
	reads []string // further objects read (len of a buffered channel: its head and tail)
}

func (op *memAccessOp) ready(*State, *Goroutine) int { return 1 }

func (op *memAccessOp) exec(s *State, g *Goroutine, _ int) Event {
	g.resumeAccess = true
	kind, val := "read", Value(nil)
	if op.write {
		kind, val = "write", op.val
	} else if op.addr != nil {
		val = *op.addr
	}
	detail := op.what
	if val != nil {
		detail += " = " + showValue(val)
	}
	return Event{Kind: kind, Pos: op.pos, Obj: op.obj, Write: op.write, Reads: op.reads, Detail: detail}
}

// SetVisibleAccesses makes the given loads and stores scheduling points,
// so that the interleavings of racing accesses are explored.
func (s *State) SetVisibleAccesses(instrs map[ssa.Instruction]bool) {
	if len(instrs) > 0 {
		s.visibleAccess = instrs
	}
}

// scheduleAccess parks g before a visible access (and reports true), or
// lets the access go ahead once it has been scheduled.
func (s *State) scheduleAccess(g *Goroutine, fr *frame, in ssa.Instruction, p *Value, write bool) bool {
	if s.visibleAccess == nil || !s.visibleAccess[in] {
		return false
	}
	if g.resumeAccess {
		g.resumeAccess = false
		return false
	}
	fr.pc--
	op := &memAccessOp{obj: objName("mem", s.objID(p)), write: write, pos: in.Pos(), addr: p}
	switch in := in.(type) {
	case *ssa.Store:
		op.what = describeAddr(in.Addr)
		op.val = fr.get(fr.code.blocks[fr.block].instrs[fr.pc].ops[1], s)
	case *ssa.UnOp:
		op.what = describeAddr(in.X)
	}
	g.pending = op
	return true
}

// SetVisibleOutput makes every call that writes program output (print,
// println, fmt.Print*, fmt.Fprint*) a scheduling point, so that all the
// orders in which goroutines' outputs can interleave are explored.
func (s *State) SetVisibleOutput(on bool) { s.visibleOutput = on }

func isOutputCall(cc *ssa.CallCommon) bool {
	if b, ok := cc.Value.(*ssa.Builtin); ok {
		return b.Name() == "print" || b.Name() == "println"
	}
	fn := cc.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "fmt" {
		return false
	}
	switch fn.Name() {
	case "Print", "Println", "Printf", "Fprint", "Fprintln", "Fprintf":
		return true
	}
	return false
}

// recvUsed reports whether the value a receive delivers is used by the
// program: v (the instruction's value) has referrers, or, when v is a
// tuple (comma-ok receive, select), an Extract of its index-th component
// has. A value received only to be dropped (<-c as a statement, a case
// <-c: of a select) is a signal, not a message (Chan.ValueUsed).
func recvUsed(v ssa.Value, tuple bool, index int) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if !tuple {
			if _, debug := r.(*ssa.DebugRef); !debug {
				return true
			}
			continue
		}
		if e, ok := r.(*ssa.Extract); ok && e.Index == index {
			if er := e.Referrers(); er != nil {
				for _, u := range *er {
					if _, debug := u.(*ssa.DebugRef); !debug {
						return true
					}
				}
			}
		}
	}
	return false
}
