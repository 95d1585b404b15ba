package model

import (
	"fmt"
	"go/token"
	"io"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// ExecOptions controls Exec.
type ExecOptions struct {
	Stdout, Stderr io.Writer
	// MaxSteps bounds the number of visible operations (0: no bound).
	MaxSteps int
	// MaxInstrs bounds the instructions between two visible operations
	// (0: no bound, as under go run).
	MaxInstrs int64
	// Interrupt, if non-nil, is polled between steps; when it returns true
	// the run stops.
	Interrupt func() bool
}

// ExecResult is the outcome of Exec.
type ExecResult struct {
	ExitCode int
	Steps    int
	// Failure is an unsupported construct or internal error that stopped
	// the run, or a step limit.
	Failure error
}

// Exec runs package main of pkg once, as `go run` would, under a fixed
// round-robin schedule: each goroutine in turn performs one visible
// operation; timers fire (in deadline order) only when no goroutine can
// run, as if the goroutines were fast. Output goes to opts.Stdout and opts.Stderr; a panic or fatal
// error is reported on Stderr as Go reports it, with exit code 2.
func (it *Interp) Exec(pkg *ssa.Package, opts ExecOptions) ExecResult {
	s := it.NewState()
	s.SetMaxInstrs(1 << 62) // a program that computes for long runs as long as under go run
	if opts.MaxInstrs > 0 {
		s.SetMaxInstrs(opts.MaxInstrs)
	}
	s.EchoStdout, s.EchoStderr = opts.Stdout, opts.Stderr
	mainFn := pkg.Func("main")
	if mainFn == nil {
		return ExecResult{ExitCode: 1, Failure: fmt.Errorf("package %s has no main function", pkg.Pkg.Path())}
	}
	var inits []*ssa.Function
	if init := pkg.Func("init"); init != nil {
		inits = append(inits, init)
	}
	s.SpawnMain(inits, mainFn)
	res := ExecResult{}
	next := 0
	for !s.done {
		if opts.MaxSteps > 0 && res.Steps >= opts.MaxSteps {
			res.Failure = fmt.Errorf("step limit %d reached", opts.MaxSteps)
			res.ExitCode = 1
			return res
		}
		if opts.Interrupt != nil && opts.Interrupt() {
			res.Failure = fmt.Errorf("interrupted")
			res.ExitCode = 1
			return res
		}
		g := s.pickRoundRobin(next)
		if g == nil {
			// Nothing can run: time passes until the next timer.
			if t := s.nextTimer(); t != nil {
				s.fireTimer(t)
				res.Steps++
				continue
			}
			s.reportDeadlock()
			break
		}
		next = g.ID // the goroutine after g goes next
		s.Step(g, 0)
		res.Steps++
		if !s.done && s.ending(g) {
			// A crash or os.Exit follows at once, as it usually does
			// under the runtime.
			s.Step(g, 0)
			res.Steps++
		}
	}
	if s.failure != nil {
		res.Failure = s.failure
		res.ExitCode = 1
		return res
	}
	if s.crash != nil {
		s.write(true, []byte(s.CrashReport()))
	}
	res.ExitCode = s.exitCode
	return res
}

// pickRoundRobin returns the first goroutine that can move, starting after
// goroutine number after, or nil if none can.
func (s *State) pickRoundRobin(after int) *Goroutine {
	n := len(s.gs)
	for i := 0; i < n; i++ {
		g := s.gs[(after+i)%n]
		if s.Choices(g) > 0 {
			return g
		}
	}
	return nil
}

// reportDeadlock ends the run with Go's fatal error for a global deadlock.
func (s *State) reportDeadlock() {
	msg := "all goroutines are asleep - deadlock!"
	for _, g := range s.gs {
		if g.isMain && g.done {
			msg = "no goroutines (main called runtime.Goexit) - deadlock!"
		}
	}
	var first *Goroutine
	for _, g := range s.gs {
		if !g.done {
			first = g
			break
		}
	}
	if first == nil {
		first = s.gs[0]
	}
	s.crash = &Crash{G: first, Msg: msg, Fatal: true}
	s.done = true
	s.exitCode = 2
}

// CrashReport formats the crash as Go prints it on standard error.
func (s *State) CrashReport() string {
	c := s.crash
	if c == nil {
		return ""
	}
	var sb strings.Builder
	if c.Fatal {
		fmt.Fprintf(&sb, "fatal error: %s\n", c.Msg)
	} else {
		fmt.Fprintf(&sb, "panic: %s\n", c.Msg)
		if _, ok := c.Value.(Iface); ok && c.Value.(Iface).T == s.it.rt.errorString {
			if strings.Contains(c.Msg, "nil pointer dereference") {
				sb.WriteString("[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n")
			}
		}
	}
	for _, g := range s.gs {
		if g.done && g != c.G {
			continue
		}
		status := "running"
		if g != c.G || c.Fatal {
			if what, _ := s.Blocked(g); what != "" {
				status = what
			}
		}
		fmt.Fprintf(&sb, "\ngoroutine %d [%s]:\n", g.ID, status)
		s.writeStack(&sb, g, c)
	}
	return sb.String()
}

func (s *State) writeStack(sb *strings.Builder, g *Goroutine, c *Crash) {
	if g == c.G && len(c.Stack) > 0 && len(g.frames) == 0 {
		for _, p := range c.Stack {
			pos := s.Position(p)
			fmt.Fprintf(sb, "\t%s:%d\n", pos.Filename, pos.Line)
		}
	}
	for i := len(g.frames) - 1; i >= 0; i-- {
		fr := g.frames[i]
		pos := s.Position(fr.instrPos())
		if i == len(g.frames)-1 && g.curPos.IsValid() {
			pos = s.Position(g.curPos)
		}
		fmt.Fprintf(sb, "%s(...)\n\t%s:%d\n", fr.code.fn.String(), pos.Filename, pos.Line)
	}
	if g.StartPos.IsValid() {
		pos := s.Position(g.StartPos)
		fmt.Fprintf(sb, "created by goroutine %d at\n\t%s:%d\n", g.Parent, pos.Filename, pos.Line)
	}
}

var _ = token.NoPos
