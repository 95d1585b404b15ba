package explorer

import (
	"fmt"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
	"golang.org/x/tools/go/ssa"
)

// Replay re-executes entry e along schedule, with the given loads and
// stores as scheduling points (a finding's Visible), and returns the
// findings of that one execution. It fails if a transition of the schedule
// is not enabled when its turn comes (the code changed, or the schedule
// belongs to another entry), saying at which step.
func Replay(it *model.Interp, e frontend.Entry, schedule []model.Transition, visible map[ssa.Instruction]bool, opts Options) ([]*Finding, error) {
	opts.defaults()
	return replay(it, e, schedule, visible, opts)
}

func replay(it *model.Interp, e frontend.Entry, schedule []model.Transition, visible map[ssa.Instruction]bool, opts Options) ([]*Finding, error) {
	x := &explorer{it: it, entry: e, opts: opts, res: &Result{Entry: e}, found: make(map[string]*Finding), visible: visible, replaying: true}
	s, err := x.newState()
	if err != nil {
		return nil, err
	}
	var events []model.Event
	var buf []model.Transition
	for i, t := range schedule {
		buf = s.Enabled(buf[:0])
		ok := false
		for _, u := range buf {
			if u == t {
				ok = true
				break
			}
		}
		if !ok {
			return nil, fmt.Errorf("step %d: transition %v is not enabled (enabled: %v)", i+1, t, buf)
		}
		x.stack = append(x.stack, &node{enabled: append([]model.Transition(nil), buf...), taken: t})
		ev := s.Do(t)
		x.stack[i].event = ev
		events = append(events, ev)
	}
	if !s.Done() {
		if buf = s.Enabled(buf[:0]); len(buf) > 0 {
			return nil, fmt.Errorf("after %d steps the execution can go on (enabled: %v): the schedule is incomplete", len(schedule), buf)
		}
	}
	x.analyse(s, events)
	if x.stop != nil {
		return nil, x.stop
	}
	x.finish()
	return x.res.Findings, nil
}
