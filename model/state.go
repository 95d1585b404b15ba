package model

import (
	"bytes"
	"fmt"
	"go/token"
	"go/types"
	"math/rand"
	"time"

	"golang.org/x/tools/go/ssa"
)

// State is one execution of a program: its goroutines, heap, globals,
// synchronisation objects and virtual clock. A State is used by one
// goroutine of cmcheck at a time.
type State struct {
	it      *Interp
	globals []*Value
	gs      []*Goroutine

	// Output is everything the program wrote to standard output and
	// standard error (print/println), in order.
	Stdout, Stderr bytes.Buffer
	// Echo, if set, receives output as it is written (cmcheck -exec).
	EchoStdout, EchoStderr interface{ Write([]byte) (int, error) }

	now int64 // virtual time, in nanoseconds

	done     bool
	fairTime bool // see SetFairTime
	exitCode int
	crash    *Crash
	failure  error // an UnsupportedError or InternalError that ended the run

	sync   syncState
	timers []*timerState
	chans  []*Chan // buffered channels, for lost-message detection
	objs   int     // allocation counter for sync objects, channels and timers

	tests    map[*Value]*testState
	findings []Finding
	// endOnMainExit: the return of the entry goroutine ends the run (main
	// and -exec); for tests the other goroutines run on.
	endOnMainExit bool

	race *raceState
	// fx bounds the writes the execution may still make (effects.go),
	// valid if fxOK; checkFx checks that bound instead of using it,
	// from the first step after which it was computed (fxChecked).
	fx, fxBuf         fxSet
	fxOK, checkFx     bool
	fxChecked         bool
	visibleAccess     map[ssa.Instruction]bool
	visibleOutput     bool
	budget, maxInstrs int64     // instructions left and allowed between visible operations
	deadline          time.Time // see SetDeadline
	spawned           []int     // goroutines created during the current step
	// localWrites names the objects the current step's local code
	// changed after its operation, added to its event: WaitGroup.Go's
	// Done at the goroutine's end, a goroutine arriving in
	// WaitGroup.Wait (wgWait).
	localWrites   []string
	localReads    []string // likewise, the objects it observed (WaitGroup.Go's Done)
	frameSerial   uint64
	zeroBase      *Value // the address of every zero-size allocation
	framePool     []*frame
	maxGoroutines int
	exitPos       token.Pos // where os.Exit was called, if it was
	exitG         int
	rand          *rand.Rand
	randSrc       *countedSource // rand's source
	size          int            // see Size
	slabs         *slabs         // the arrays Clone carved the state from (Cloner.Recycle)
}

// Crash describes an unrecovered panic or fatal error that ended the run.
type Crash struct {
	G     *Goroutine
	Value Value  // the panic value (an Iface), nil for a fatal error
	Msg   string // the text Go prints after "panic: " or "fatal error: "
	Fatal bool   // a fatal error (deadlock, stack overflow) rather than a panic
	Pos   token.Pos
	// Stack holds the positions of the goroutine's frames, innermost first.
	Stack []token.Pos
}

// Goroutine is a goroutine of the interpreted program.
type Goroutine struct {
	ID     int
	frames []*frame
	panic  *panicState
	// pending is the visible operation the goroutine will perform next,
	// or nil when it has exited.
	pending op
	done    bool

	// Start describes how the goroutine was created.
	StartFn   *ssa.Function
	StartPos  token.Pos // position of the go statement (NoPos for the first goroutine)
	Parent    int
	CreatedIn *ssa.Function // the function that ran the go statement

	cbResult Value
	curPos   token.Pos
	vc       vclock // happens-before clock (race detection)
	// fx bounds the writes the goroutine may still make, valid if fxOK
	// (effects.go).
	fx           fxSet
	fxOK         bool
	resumeAccess bool // the visible access at pc has been scheduled
	isMain       bool // the entry goroutine: its return ends the run
	waitSince    int  // WaitGroup zeroes when it stopped at a Wait (see wgState)
	// On exit: the WaitGroup whose Go started g (Done is called), and
	// the test whose goroutine g is (its cleanups run, then it finishes).
	exitWG   *Value
	exitTest *testState
	// startSig hashes the function value and arguments g was started
	// with, pointers not followed (model/symmetry.go).
	startSig uint64
}

// start makes op, the call a new goroutine begins with, its pending
// operation.
func (g *Goroutine) start(op *startOp) {
	g.StartFn = op.fn
	g.pending = op
	g.startSig = shallowAll(op.env, 1)*prime64 ^ shallowAll(op.args, 1)
}

// NewState returns a fresh execution of it's program, with no goroutines.
func (it *Interp) NewState() *State {
	return &State{it: it, sync: newSyncState(), maxInstrs: DefaultMaxInstrs}
}

// DefaultMaxInstrs is the default bound on instructions a goroutine may
// run between two visible operations.
const DefaultMaxInstrs = 20_000_000

// SetDeadline makes a step that runs past t end the execution with a
// LimitError, so that a time bound holds within long steps too.
func (s *State) SetDeadline(t time.Time) { s.deadline = t }

// SetMaxInstrs sets the bound on instructions between visible operations.
func (s *State) SetMaxInstrs(n int64) { s.maxInstrs = n }

// Interp returns the interpreter of s.
func (s *State) Interp() *Interp { return s.it }

// Goroutines returns the goroutines, in creation order.
func (s *State) Goroutines() []*Goroutine { return s.gs }

// Done reports whether the execution has ended.
func (s *State) Done() bool { return s.done }

// ExitCode is the exit status of an ended execution.
func (s *State) ExitCode() int { return s.exitCode }

// Crash returns the panic or fatal error that ended the run, if any.
func (s *State) Crash() *Crash { return s.crash }

// Failure returns the unsupported construct or internal error that ended
// the run, if any.
func (s *State) Failure() error { return s.failure }

// Now returns the virtual time in nanoseconds.
func (s *State) Now() int64 { return s.now }

func (s *State) globalAddr(i int) *Value {
	if i >= len(s.globals) {
		n := make([]*Value, i+1+len(s.globals)/2)
		copy(n, s.globals)
		s.globals = n
	}
	p := s.globals[i]
	if p == nil {
		g := s.it.global(i)
		elem := g.Type().(*types.Pointer).Elem()
		if s.it.sizeof(elem) == 0 {
			// Go gives every zero-size variable the same address.
			if s.zeroBase == nil {
				s.zeroBase = new(Value)
				*s.zeroBase = Zero(elem)
			}
			p = s.zeroBase
		} else {
			p = new(Value)
			*p = Zero(elem)
		}
		s.globals[i] = p
	}
	return p
}

// SpawnMain creates the entry goroutine of a program: it runs the
// package initialisers, then main; its return ends the run.
func (s *State) SpawnMain(inits []*ssa.Function, mainFn *ssa.Function) *Goroutine {
	g := s.newGoroutine(nil, token.NoPos)
	g.StartFn = mainFn
	g.isMain = true
	s.endOnMainExit = true
	g.pending = &startOp{seq: inits, fn: mainFn}
	return g
}

// SpawnFunc creates the entry goroutine for a parameterless function
// (a //cmcheck:entry function): the initialisers, then fn; the other
// goroutines run on after it returns.
func (s *State) SpawnFunc(inits []*ssa.Function, fn *ssa.Function) *Goroutine {
	g := s.newGoroutine(nil, token.NoPos)
	g.StartFn = fn
	g.isMain = true
	g.pending = &startOp{seq: inits, fn: fn}
	return g
}

// DefaultMaxGoroutines bounds the goroutines of one explored execution:
// a program that starts goroutines without bound ends the execution as
// incomplete. (-exec has no bound, as go run.)
const DefaultMaxGoroutines = 10_000

// SetMaxGoroutines bounds the goroutines of the execution (0: no bound).
func (s *State) SetMaxGoroutines(n int) { s.maxGoroutines = n }

func (s *State) newGoroutine(parent *Goroutine, pos token.Pos) *Goroutine {
	if s.maxGoroutines > 0 && len(s.gs) >= s.maxGoroutines {
		panic(&LimitError{Limit: "goroutines", Msg: fmt.Sprintf("more than %d goroutines in one execution", s.maxGoroutines)})
	}
	g := &Goroutine{ID: len(s.gs) + 1, StartPos: pos}
	s.spawned = append(s.spawned, g.ID)
	if parent != nil {
		g.Parent = parent.ID
		if n := len(parent.frames); n > 0 {
			g.CreatedIn = parent.frames[n-1].code.fn
		}
	}
	s.raceFork(parent, g)
	s.gs = append(s.gs, g)
	if parent != nil {
		s.handOver(parent, g)
	}
	return g
}

func (s *State) write(stderr bool, b []byte) {
	if stderr {
		s.Stderr.Write(b)
		if s.EchoStderr != nil {
			s.EchoStderr.Write(b)
		}
		return
	}
	s.Stdout.Write(b)
	if s.EchoStdout != nil {
		s.EchoStdout.Write(b)
	}
}

// Position returns the source position of pos.
func (s *State) Position(pos token.Pos) token.Position {
	return s.it.fset.Position(pos)
}

// Exited reports whether g has finished.
func (g *Goroutine) Exited() bool { return g.done }

// Stack returns the positions of g's frames, innermost first.
func (g *Goroutine) Stack() []token.Pos {
	var st []token.Pos
	for i := len(g.frames) - 1; i >= 0; i-- {
		fr := g.frames[i]
		if i == len(g.frames)-1 && g.curPos.IsValid() {
			st = append(st, g.curPos)
		} else {
			st = append(st, fr.instrPos())
		}
	}
	return st
}

// Funcs returns the functions on g's stack, innermost first.
func (g *Goroutine) Funcs() []*ssa.Function {
	var fs []*ssa.Function
	for i := len(g.frames) - 1; i >= 0; i-- {
		fs = append(fs, g.frames[i].code.fn)
	}
	return fs
}

// ExitCall returns where os.Exit ended the run (invalid if it did not)
// and the goroutine that called it.
func (s *State) ExitCall() (token.Pos, int) { return s.exitPos, s.exitG }
