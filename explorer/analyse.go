package explorer

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// Finding is a bug found in some execution, with the schedule that
// reaches it.
type Finding struct {
	Kind    string // deadlock, leak, lost-message, panic, data-race, atomicity, test-failure
	Pos     token.Position
	Message string
	Related []Related
	// Schedule replays the execution: the transition taken at each step.
	Schedule []model.Transition
	Trace    *Trace
}

// Related is a second place involved in a finding.
type Related struct {
	Pos     token.Position
	Message string
}

// Trace is the execution that exhibits a finding.
type Trace struct {
	Steps      []Step
	Goroutines []GoroutineInfo // final status of every goroutine
}

// Step is one visible operation of the trace.
type Step struct {
	G       int // 0 for a timer firing
	Kind    string
	Pos     token.Position
	Obj     string
	Detail  string
	Partner int
}

// GoroutineInfo describes a goroutine at the end of the trace.
type GoroutineInfo struct {
	ID        int
	Func      string         // the function it started with
	CreatedAt token.Position // the go statement (invalid for the entry goroutine)
	Parent    int
	Status    string         // "exited", "running", or what it is blocked in ("chan send", ...)
	BlockedAt token.Position // where it is blocked
}

// analyse checks the end of an execution for findings.
func (x *explorer) analyse(s *model.State, events []model.Event) {
	if err := s.Failure(); err != nil {
		switch err := err.(type) {
		case *model.LimitError:
			x.incomplete = err.Error()
		default:
			x.stop = err
		}
		return
	}
	schedule := func() []model.Transition {
		sch := make([]model.Transition, len(x.stack))
		for i, n := range x.stack {
			sch[i] = n.taken
		}
		return sch
	}
	if c := s.Crash(); c != nil {
		msg := "panic: " + c.Msg
		if c.Fatal {
			msg = "fatal error: " + c.Msg
		}
		msg = fmt.Sprintf("%s (goroutine %d)", msg, c.G.ID)
		x.report(s, "panic", s.Position(c.Pos), msg, nil, schedule(), events)
	}
	for _, f := range s.Findings() {
		x.report(s, f.Kind, s.Position(f.Pos), f.Msg, nil, schedule(), events)
	}
	if s.Crash() != nil {
		return
	}
	var blocked []*model.Goroutine
	for _, g := range s.Goroutines() {
		if !g.Exited() && s.Choices(g) == 0 {
			blocked = append(blocked, g)
		}
	}
	if len(blocked) == 0 {
		return
	}
	entry := s.Goroutine(1)
	switch {
	case !s.Done() && !entry.Exited():
		// Nothing can move and the entry has not finished: deadlock.
		first := blocked[0]
		what, pos := s.Blocked(first)
		var rel []Related
		var parts []string
		for _, g := range blocked {
			w, p := s.Blocked(g)
			parts = append(parts, fmt.Sprintf("goroutine %d [%s]", g.ID, w))
			if g != first {
				rel = append(rel, Related{Pos: s.Position(p), Message: fmt.Sprintf("goroutine %d blocked here [%s]", g.ID, w)})
			}
		}
		msg := fmt.Sprintf("all goroutines are blocked: goroutine %d waits in %s; %s", first.ID, what, strings.Join(parts, ", "))
		x.report(s, "deadlock", s.Position(pos), msg, rel, schedule(), events)
	case !s.Done() || x.opts.LeakOnMain || x.entry.Kind != frontend.EntryMain:
		for _, g := range blocked {
			what, pos := s.Blocked(g)
			msg := fmt.Sprintf("goroutine %d (%s) is blocked forever in %s after %s returned", g.ID, goroutineName(g), what, x.entry.Func.Name())
			var rel []Related
			if g.StartPos.IsValid() {
				rel = append(rel, Related{Pos: s.Position(g.StartPos), Message: fmt.Sprintf("goroutine %d started here", g.ID)})
			}
			x.report(s, "leak", s.Position(pos), msg, rel, schedule(), events)
		}
	}
}

func goroutineName(g *model.Goroutine) string {
	if g.StartFn == nil {
		return "?"
	}
	return g.StartFn.String()
}

// report records a finding, keeping the shortest schedule for each kind
// and position.
func (x *explorer) report(s *model.State, kind string, pos token.Position, msg string, rel []Related, sch []model.Transition, events []model.Event) {
	key := fmt.Sprintf("%s@%s:%d:%d", kind, pos.Filename, pos.Line, pos.Column)
	if old, ok := x.found[key]; ok && len(old.Schedule) <= len(sch) {
		return
	}
	x.found[key] = &Finding{Kind: kind, Pos: pos, Message: msg, Related: rel, Schedule: sch, Trace: makeTrace(s, events)}
}

func makeTrace(s *model.State, events []model.Event) *Trace {
	t := &Trace{}
	for _, e := range events {
		t.Steps = append(t.Steps, Step{G: e.G, Kind: e.Kind, Pos: s.Position(e.Pos), Obj: e.Obj, Detail: e.Detail, Partner: e.Partner})
	}
	for _, g := range s.Goroutines() {
		gi := GoroutineInfo{ID: g.ID, Func: goroutineName(g), Parent: g.Parent, CreatedAt: s.Position(g.StartPos)}
		switch {
		case g.Exited():
			gi.Status = "exited"
		case s.Choices(g) > 0:
			gi.Status = "runnable"
		default:
			what, pos := s.Blocked(g)
			gi.Status, gi.BlockedAt = what, s.Position(pos)
		}
		t.Goroutines = append(t.Goroutines, gi)
	}
	return t
}
