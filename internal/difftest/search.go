package difftest

import (
	"strings"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// A search looks for one execution of an entry, in cmcheck's model, that
// ends in a given outcome: a depth-first search over every interleaving
// (no partial-order reduction), pruned as soon as the output is no longer
// a prefix of the outcome's. It tells whether the model can produce an
// outcome that the explorer did not report: then the explorer's reduction
// pruned it; if the model cannot, the disagreement is in the model.
type search struct {
	it      *model.Interp
	entry   frontend.Entry
	visible map[ssa.Instruction]bool // loads and stores that are scheduling points
	// target's output bounds the search: an execution whose output is not
	// a prefix of it is abandoned.
	target explorer.Outcome
	// accept says whether an ended execution is the one sought.
	accept func(explorer.Outcome) bool
	steps  int // steps taken so far, replays included
	budget int
}

// searchBudget bounds the steps of one search.
const searchBudget = 2_000_000

// reachable reports whether some execution of e ends in outcome o, and
// whether the search was complete (within searchBudget steps). visible
// are the loads and stores to make scheduling points (those found racing
// by the explorer), so that the values of racy reads vary as they do in
// the explorer's later rounds.
func reachable(it *model.Interp, e frontend.Entry, visible map[ssa.Instruction]bool, o explorer.Outcome) (found, complete bool) {
	sr := &search{it: it, entry: e, visible: visible, target: o, budget: searchBudget,
		accept: func(c explorer.Outcome) bool { return c == o }}
	found = sr.dfs(sr.start(nil), nil)
	return found, found || sr.steps < sr.budget
}

// start returns a fresh execution advanced along prefix.
func (sr *search) start(prefix []model.Transition) *model.State {
	s := sr.it.NewState()
	s.SetMaxInstrs(model.DefaultMaxInstrs)
	if len(sr.visible) > 0 {
		s.SetVisibleAccesses(sr.visible)
	}
	s.SetVisibleOutput(true)
	var inits []*ssa.Function
	if init := sr.entry.Pkg.Func("init"); init != nil {
		inits = append(inits, init)
	}
	s.SpawnMain(inits, sr.entry.Func)
	for _, t := range prefix {
		s.Do(t)
		sr.steps++
	}
	return s
}

// dfs explores the executions that extend s, which is at prefix.
func (sr *search) dfs(s *model.State, prefix []model.Transition) bool {
	for {
		if sr.steps >= sr.budget || s.Failure() != nil {
			return false
		}
		if !strings.HasPrefix(sr.target.Stdout, s.Stdout.String()) || !strings.HasPrefix(sr.target.Stderr, s.Stderr.String()) {
			return false
		}
		var enabled []model.Transition
		if !s.Done() {
			enabled = s.Enabled(nil)
		}
		if len(enabled) == 0 {
			return sr.accept(explorer.OutcomeOf(s))
		}
		// The first transition continues s; the others start again.
		for _, t := range enabled[1:] {
			next := append(prefix[:len(prefix):len(prefix)], t)
			if sr.dfs(sr.start(next), next) {
				return true
			}
		}
		s.Do(enabled[0])
		sr.steps++
		prefix = append(prefix[:len(prefix):len(prefix)], enabled[0])
	}
}

// racyAccesses returns the loads and stores the explorer made scheduling
// points, from the findings of r.
func racyAccesses(r *explorer.Result) map[ssa.Instruction]bool {
	vis := map[ssa.Instruction]bool{}
	for _, f := range r.Findings {
		for in := range f.Visible {
			vis[in] = true
		}
	}
	return vis
}
