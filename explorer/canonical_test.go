package explorer

import (
	"context"
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// TestCanonicalSchedules checks that the schedules findings are reported
// with are canonical: every other linearisation of the same steps (the
// same partial order of dependent steps) has the same canonical order,
// the reported one. So two searches that reach a finding by equivalent
// executions, in whatever order, report the same schedule.
func TestCanonicalSchedules(t *testing.T) {
	prog, err := frontend.Load(frontend.Config{Dir: "../testdata/corpus", Tests: true}, "./...")
	require.NoError(t, err)
	it := model.New(prog.SSA)
	rng := rand.New(rand.NewSource(1))
	checked, reordered, kept := 0, 0, 0
	for _, e := range prog.Entries {
		opts := Options{MaxExecutions: 20000, Timeout: time.Minute, PCTRuns: -1}
		res := Explore(context.Background(), it, e, opts)
		opts.defaults()
		for _, f := range res.Findings {
			events := scheduleEvents(t, it, e, f, opts)
			if !slices.Equal(canonical(f.Schedule, events), f.Schedule) {
				// The canonical order did not replay to the finding
				// (objects numbered in another order): kept as found.
				kept++
				continue
			}
			checked++
			for range 5 {
				sch, evs := shuffleLinearisation(rng, f.Schedule, events)
				if !slices.Equal(sch, f.Schedule) {
					reordered++
				}
				require.Equal(t, f.Schedule, canonical(sch, evs), "%s: %s at %s", e.Name, f.Kind, f.Pos)
				require.Equal(t, canonicalPairwise(sch, evs), canonical(sch, evs), "%s: %s at %s", e.Name, f.Kind, f.Pos)
			}
		}
	}
	t.Logf("%d canonical schedules checked (%d reorderings), %d kept as found", checked, reordered, kept)
	require.Greater(t, reordered, 100, "the check needs schedules with independent steps")
	require.Less(t, kept, checked/10, "most schedules are canonical")
}

// scheduleEvents replays a finding's schedule and returns its steps'
// events.
func scheduleEvents(t *testing.T, it *model.Interp, e frontend.Entry, f *Finding, opts Options) []model.Event {
	x := &explorer{it: it, entry: e, opts: opts, res: &Result{Entry: e}, found: make(map[string]*Finding), visible: f.Visible, replaying: true}
	s, err := x.newState()
	require.NoError(t, err)
	var events []model.Event
	for _, tr := range f.Schedule {
		events = append(events, s.Do(tr))
	}
	return events
}

// shuffleLinearisation returns a random linearisation of the steps of sch
// (ordered as canonical orders them: by dependence, goroutine starts
// among themselves) with their events.
func shuffleLinearisation(rng *rand.Rand, sch []model.Transition, events []model.Event) ([]model.Transition, []model.Event) {
	n := len(sch)
	placed := make([]bool, n)
	var outS []model.Transition
	var outE []model.Event
	for len(outS) < n {
		var ready []int
		for j := 0; j < n; j++ {
			if placed[j] {
				continue
			}
			ok := true
			for i := 0; i < j && ok; i++ {
				if !placed[i] && (dependent(events[i], events[j]) || (len(events[i].Created) > 0 && len(events[j].Created) > 0)) {
					ok = false
				}
			}
			if ok {
				ready = append(ready, j)
			}
		}
		j := ready[rng.Intn(len(ready))]
		placed[j] = true
		outS = append(outS, sch[j])
		outE = append(outE, events[j])
	}
	return outS, outE
}

// canonicalPairwise is canonical's definition, computed the direct way:
// every pair of steps tested with dependent.
func canonicalPairwise(sch []model.Transition, events []model.Event) []model.Transition {
	n := len(sch)
	preds := make([]int, n)
	for j := range n {
		for i := range j {
			if dependent(events[i], events[j]) || (len(events[i].Created) > 0 && len(events[j].Created) > 0) {
				preds[j]++
			}
		}
	}
	placed := make([]bool, n)
	var out []model.Transition
	last := -1
	for len(out) < n {
		pick := -1
		for j := range n {
			if placed[j] || preds[j] > 0 {
				continue
			}
			if sch[j].G == last {
				pick = j
				break
			}
			if pick < 0 || sch[j].G < sch[pick].G {
				pick = j
			}
		}
		placed[pick] = true
		for k := pick + 1; k < n; k++ {
			if dependent(events[pick], events[k]) || (len(events[pick].Created) > 0 && len(events[k].Created) > 0) {
				preds[k]--
			}
		}
		out = append(out, sch[pick])
		last = sch[pick].G
	}
	return out
}

// TestCanonicalEdges checks each kind of dependence canonical follows on
// small made-up executions whose steps, were the dependence ignored,
// would be put first by the lowest-goroutine rule: the later step must
// stay after the earlier one. (The corpus' executions imply some of
// these edges by others.)
func TestCanonicalEdges(t *testing.T) {
	tr := func(g int) model.Transition { return model.Transition{G: g} }
	for _, c := range []struct {
		name   string
		events []model.Event
	}{
		{"start", []model.Event{{G: 3, Created: []int{2}}, {G: 2}}},
		{"partner of the later step", []model.Event{{G: 3}, {G: 2, Partner: 3}}},
		{"partner of the earlier step", []model.Event{{G: 3, Partner: 2}, {G: 2}}},
		{"global", []model.Event{{G: 3, Global: true}, {G: 2}}},
		{"write then read", []model.Event{{G: 3, Obj: "chan 1", Write: true}, {G: 2, Reads: []string{"chan 1"}}}},
		{"read then write", []model.Event{{G: 3, Reads: []string{"chan 1"}}, {G: 2, Writes: []string{"chan 1"}}}},
		{"write then write", []model.Event{{G: 3, Writes: []string{"chan 1"}}, {G: 2, Obj: "chan 1", Write: true}}},
		{"goroutine starts in order", []model.Event{{G: 3, Created: []int{5}}, {G: 2, Created: []int{4}}}},
	} {
		sch := make([]model.Transition, len(c.events))
		for i, e := range c.events {
			sch[i] = tr(e.G)
		}
		require.Equal(t, sch, canonical(sch, c.events), c.name)
		require.Equal(t, sch, canonicalPairwise(sch, c.events), c.name)
	}
	// Independent steps are reordered: the lowest-numbered goroutine
	// first, then as long as it can go on.
	events := []model.Event{{G: 3, Obj: "chan 1", Write: true}, {G: 2, Obj: "chan 2", Write: true}, {G: 3, Obj: "chan 1", Write: true}}
	sch := []model.Transition{tr(3), tr(2), tr(3)}
	require.Equal(t, []model.Transition{tr(2), tr(3), tr(3)}, canonical(sch, events))
}
