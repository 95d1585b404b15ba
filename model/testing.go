package model

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Finding is a problem the model observes directly during an execution:
// a test failure or a misuse of testing.T.
type Finding struct {
	Kind    string // "test-failure", "data-race", "atomicity"
	G       int
	Pos     token.Pos
	Msg     string
	Related []Related
	// Instrs are the racing loads and stores of a data race (nil entries
	// for accesses made by native code).
	Instrs []ssa.Instruction
	// Gs are the goroutines involved (the racing or conflicting ones).
	Gs []int
}

// Findings returns the problems observed so far in this execution.
func (s *State) Findings() []Finding { return s.findings }

type testState struct {
	name     string
	g        int // the test's goroutine
	failed   bool
	skipped  bool
	finished bool
	cleanups []*Closure
	parent   *testState
	ctx      Value    // t.Context(), made on first use
	cancel   *Closure // cancels ctx just before the cleanups run
}

// SpawnTest creates the entry goroutine for a test: it runs the package
// initialisers, then fn(t) for a fresh *testing.T, then the functions
// registered with t.Cleanup, last first.
func (s *State) SpawnTest(inits []*ssa.Function, fn *ssa.Function, name string) (*Goroutine, error) {
	tt := s.it.lookupType("testing", "T")
	if tt == nil {
		return nil, fmt.Errorf("package testing is not loaded")
	}
	g := s.newGoroutine(nil, token.NoPos)
	g.StartFn = fn
	g.isMain = true
	tp := new(Value)
	*tp = Zero(tt)
	ts := s.newTest(tp, name, g.ID, nil)
	g.exitTest = ts
	g.pending = &startOp{seq: inits, fn: fn, args: []Value{tp}}
	return g, nil
}

func (s *State) newTest(tp *Value, name string, gid int, parent *testState) *testState {
	if s.tests == nil {
		s.tests = make(map[*Value]*testState)
	}
	ts := &testState{name: name, g: gid, parent: parent}
	s.tests[tp] = ts
	// Methods of the embedded testing.common get &t.common, the address
	// of field 0.
	s.tests[&(*tp).(Struct)[0]] = ts
	return ts
}

// testExit is the exit hook of a test goroutine: it runs the cleanups
// one by one (reporting true while it pushed one), then marks the test
// finished.
func (s *State) testExit(ts *testState, g *Goroutine) bool {
	if cancel := ts.cancel; cancel != nil {
		// t.Context is cancelled just before the cleanups run.
		ts.cancel = nil
		s.pushFrame(g, cancel.Fn, cancel.Env, nil, dstDiscard, token.NoPos)
		return true
	}
	if n := len(ts.cleanups); n > 0 {
		f := ts.cleanups[n-1]
		ts.cleanups = ts.cleanups[:n-1]
		s.pushFrame(g, f.Fn, f.Env, nil, dstDiscard, token.NoPos)
		return true
	}
	ts.finished = true
	s.release(g, ts)
	return false
}

func (s *State) testOf(c *NativeCall) *testState {
	p := c.args[0].(*Value)
	ts := s.tests[p]
	if ts == nil {
		panic(unsupportedf("testing.T value not created by the test harness"))
	}
	return ts
}

func (s *State) addFinding(f Finding) { s.findings = append(s.findings, f) }

// testFail records a failure reported through t.
func (s *State) testFail(c *NativeCall, ts *testState, method, msg string) {
	if ts.finished {
		panic(&goPanic{val: Iface{T: types.Typ[types.String], V: fmt.Sprintf("%s in goroutine after %s has completed: %s", method, ts.name, msg)}})
	}
	for t := ts; t != nil; t = t.parent {
		t.failed = true
	}
	s.addFinding(Finding{Kind: "test-failure", G: c.g.ID, Pos: c.pos, Msg: fmt.Sprintf("%s: %s", method, strings.TrimSuffix(msg, "\n"))})
}

// testExitNow implements FailNow and SkipNow: runtime.Goexit of the
// calling goroutine, which must be the test's.
func (s *State) testExitNow(c *NativeCall, ts *testState, method string) {
	if c.g.ID != ts.g {
		s.addFinding(Finding{Kind: "test-failure", G: c.g.ID, Pos: c.pos,
			Msg: fmt.Sprintf("t.%s called from goroutine %d, not the test's goroutine %d: it stops only the calling goroutine and the test goes on", method, c.g.ID, ts.g)})
	}
	s.goexit(c.g)
}

func (s *State) sprint(c *NativeCall, name string, args ...Value) string {
	f := s.it.natives[name]
	if f == nil {
		return fmt.Sprint(args...)
	}
	v := f(&NativeCall{s: s, g: c.g, args: args, pos: c.pos})
	str, _ := v.(string)
	return str
}

func testingNatives(nat map[string]nativeFn, vis map[string]*visibleFn) {
	for _, recvT := range []string{"(*testing.common).", "(*testing.T)."} {
		nat[recvT+"Error"] = func(c *NativeCall) Value {
			s := c.s
			s.testFail(c, s.testOf(c), "Error", s.sprint(c, "fmt.Sprintln", c.args[1]))
			return nil
		}
		nat[recvT+"Errorf"] = func(c *NativeCall) Value {
			s := c.s
			s.testFail(c, s.testOf(c), "Errorf", s.sprint(c, "fmt.Sprintf", c.args[1], c.args[2]))
			return nil
		}
		nat[recvT+"Fail"] = func(c *NativeCall) Value {
			c.s.testFail(c, c.s.testOf(c), "Fail", "test marked failed")
			return nil
		}
		nat[recvT+"FailNow"] = func(c *NativeCall) Value {
			ts := c.s.testOf(c)
			c.s.testFail(c, ts, "FailNow", "test failed")
			c.s.testExitNow(c, ts, "FailNow")
			return nil
		}
		nat[recvT+"Fatal"] = func(c *NativeCall) Value {
			s := c.s
			ts := s.testOf(c)
			s.testFail(c, ts, "Fatal", s.sprint(c, "fmt.Sprintln", c.args[1]))
			s.testExitNow(c, ts, "Fatal")
			return nil
		}
		nat[recvT+"Fatalf"] = func(c *NativeCall) Value {
			s := c.s
			ts := s.testOf(c)
			s.testFail(c, ts, "Fatalf", s.sprint(c, "fmt.Sprintf", c.args[1], c.args[2]))
			s.testExitNow(c, ts, "Fatalf")
			return nil
		}
		nat[recvT+"Failed"] = func(c *NativeCall) Value { return c.s.testOf(c).failed }
		nat[recvT+"Skipped"] = func(c *NativeCall) Value { return c.s.testOf(c).skipped }
		skip := func(c *NativeCall) Value {
			ts := c.s.testOf(c)
			ts.skipped = true
			c.s.testExitNow(c, ts, "SkipNow")
			return nil
		}
		nat[recvT+"Skip"] = skip
		nat[recvT+"Skipf"] = skip
		nat[recvT+"SkipNow"] = skip
		logf := func(c *NativeCall) Value {
			ts := c.s.testOf(c)
			if ts.finished {
				panic(&goPanic{val: Iface{T: types.Typ[types.String], V: fmt.Sprintf("Log in goroutine after %s has completed", ts.name)}})
			}
			return nil
		}
		nat[recvT+"Log"] = logf
		nat[recvT+"Logf"] = logf
		nat[recvT+"Helper"] = func(c *NativeCall) Value { return nil }
		nat[recvT+"Name"] = func(c *NativeCall) Value { return c.s.testOf(c).name }
		nat[recvT+"Cleanup"] = func(c *NativeCall) Value {
			ts := c.s.testOf(c)
			ts.cleanups = append(ts.cleanups, c.args[1].(*Closure))
			return nil
		}
	}
	nat["(*testing.T).Parallel"] = func(c *NativeCall) Value { return nil }
	nat["testing.Short"] = func(c *NativeCall) Value { return false }
	nat["testing.Verbose"] = func(c *NativeCall) Value { return false }
	tctx := func(c *NativeCall) Value {
		ts := c.s.testOf(c)
		if ts.ctx != nil {
			return ts.ctx
		}
		ctxPkg := c.Prog().ImportedPackage("context")
		if ctxPkg == nil || ctxPkg.Func("WithCancel") == nil || ctxPkg.Func("WithCancel").Blocks == nil {
			panic(unsupportedf("t.Context without package context in the program"))
		}
		bg := c.Call(ctxPkg.Func("Background"))
		r := c.Call(ctxPkg.Func("WithCancel"), bg).(Tuple)
		ts.ctx, ts.cancel = r[0], r[1].(*Closure)
		return ts.ctx
	}
	nat["(*testing.common).Context"] = tctx
	nat["(*testing.T).Context"] = tctx
	vis["(*testing.T).Run"] = &visibleFn{kind: "test run", exec: func(c *NativeCall) Value {
		s := c.s
		parent := s.testOf(c)
		name := parent.name + "/" + strings.ReplaceAll(c.args[1].(string), " ", "_")
		f := c.args[2].(*Closure)
		tp := new(Value)
		*tp = Zero(s.it.lookupType("testing", "T"))
		ng := s.newGoroutine(c.g, c.pos)
		ts := s.newTest(tp, name, ng.ID, parent)
		ng.exitTest = ts
		ng.start(&startOp{fn: f.Fn, env: f.Env, args: []Value{tp}})
		c.g.pending = &subtestWaitOp{sub: ng, ts: ts, pos: c.pos, dst: c.dst}
		c.detail = name
		return nil
	}}
}

// subtestWaitOp is a test waiting in t.Run for its subtest to finish.
type subtestWaitOp struct {
	sub *Goroutine
	ts  *testState
	pos token.Pos
	dst int32
}

func (op *subtestWaitOp) ready(*State, *Goroutine) int { return one(op.sub.done) }

func (op *subtestWaitOp) exec(s *State, g *Goroutine, _ int) Event {
	s.acquire(g, op.ts)
	s.deliver(g, op.dst, !op.ts.failed)
	return Event{Kind: "subtest done", Pos: op.pos, Partner: op.sub.ID}
}
