package explorer_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// TestReductionOutcomes checks the reduction against the enumeration of
// every interleaving (with state caching) on programs whose output shows the
// order things happened in: every engine must reach exactly the outcomes
// (output, and how the program ended) and findings that enumeration
// reaches. A reduction that prunes an ordering it should not loses an
// outcome.
//
// testdata/orders: mutex, select (with default, with sends and receives
// on unbuffered channels), buffered channel, RWMutex, Cond (Signal,
// Broadcast), Once and atomics, a timer racing a result, a ticker loop, a
// context's cancellation, goroutines starting goroutines, a WaitGroup
// closing a ranged channel, philosophers (channel and mutex forks) that
// may deadlock, a pipeline, a token ring, a ping-pong loop whose states
// repeat (cycle; not stateless: its executions only end at a repeated
// state), a panic that cuts off main's print (exitcut), a goroutine's two
// Dones racing with main's arrival in Wait (twodones), a WaitGroup.Go
// goroutine's exit racing with a Done too many (wggoextra), an Add after
// the go statement (addaftergo), an atomic load before Wait that a
// goroutine's addition may precede (loadwait), a goroutine's Add and two
// Dones against main's Done (lastdone), a read lock taken while another
// reader holds it (rlockagain), a commuting Done whose step then
// arrives in another WaitGroup's Wait (waitother), a WaitGroup.Go
// goroutine ending in its last send, racing with main's send
// (gosendexit: fails if that step is taken as a Done no waiting
// operation is reordered before), writes of a global at several lines
// of each goroutine (racelines: fails if only the accesses found racing
// become scheduling points, not every access of their location).
// testdata/wgorder: the WaitGroup rules (counter changes that commute
// are reads; a Wait is never reordered before a Done that commuted):
// extra Dones, Adds racing with a Wait, reuse, two waiters, a counter
// raised again after zero, a fan-out with an observer, WaitGroup.Go
// (whose Done is the goroutine's end) racing with a late Add, Adds in the
// goroutines racing with the Wait (addinside), a counter that comes down
// to zero and goes up again under a waiter (zeroreuse), units handed down
// a line of goroutines (nestedcover), a Done without a unit of its own
// (stolenunit). Its extradone program fails if Dones that did not commute
// are skipped too; arrival fails if the step that brings a goroutine into
// Wait is taken as independent of the Dones; stolenunit if a Done is
// taken as covered by units it does not own; addinside if a covered Done
// under a waiter commutes with the Adds; sleepwiden if a sleeping Done is
// judged by what it touched where it was explored (refreshSleep);
// racebehind if the backtracking scan stops at a step that happens before
// the operation but does not conflict with every earlier one
// (candList); arrivezero if an arrival in Wait at zero is not ordered
// against the Dones before it, or if a sleeping Done stays asleep across
// a step it conflicts with in the state after it; zerolast if the scan
// for a Done stops at its last conflict though an earlier one is on an
// object (the zero) the Done touches only in this order (candList keep).
// testdata/symmetry: identical goroutines (started by one go statement,
// doing the same thing), whose states state caching merges up to a
// renaming: a fan-in, a mutex, selects offering rendezvous, a race, a
// leak, a ball passed back and forth, atomics, twins in different phases
// (sending on a then b into main's select), relays.
//
// The enumeration tells states apart by goroutine numbers (no symmetry).
func TestReductionOutcomes(t *testing.T) {
	for _, dir := range []string{"testdata/orders", "testdata/wgorder", "testdata/symmetry"} {
		it, entries := loadPrograms(t, dir)
		for _, e := range entries {
			t.Run(e.Name, func(t *testing.T) {
				// Every interleaving, a state reached twice explored
				// once (the output is part of the state).
				full := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoSymmetry: true, Outcomes: true, Timeout: time.Minute, PCTRuns: -1})
				require.Empty(t, full.Reason)
				want := outcomeKeys(full.Outcomes)
				for _, c := range reductionEngines {
					if c.opts.NoStateCache && strings.Contains(e.Name, "cycle") {
						continue // its states repeat: only state caching ends its executions
					}
					c.opts.Outcomes, c.opts.PCTRuns = true, -1
					red := explorer.Explore(context.Background(), it, e, c.opts)
					require.Empty(t, red.Reason, c.name)
					assert.Equal(t, want, outcomeKeys(red.Outcomes), "%s (%d executions; exhaustive %d)", c.name, red.Stats.Executions, full.Stats.Executions)
					assert.Equal(t, findingSet(full.Findings), findingSet(red.Findings), c.name)
				}
			})
		}
	}
}

// loadPrograms loads every program of dir (a module under testdata).
func loadPrograms(t *testing.T, dir string) (*model.Interp, []frontend.Entry) {
	t.Helper()
	dir, err := filepath.Abs(dir)
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir}, "./...")
	require.NoError(t, err)
	require.NotEmpty(t, prog.Entries)
	return model.New(prog.SSA), prog.Entries
}

// reductionEngines are the engines checked against the enumeration of
// every interleaving (TestReductionOutcomes, TestRandomProgramsReduction).
var reductionEngines = []struct {
	name string
	opts explorer.Options
}{
	// Two engines also check that no step touches more than its peek
	// showed (Options.CheckPeeks).
	{"reduction with state caching", explorer.Options{CheckPeeks: true}},
	{"reduction with state caching, no symmetry", explorer.Options{NoSymmetry: true}},
	{"enumeration with symmetry", explorer.Options{NoReduction: true}},
	{"reduction without state caching", explorer.Options{NoStateCache: true, CheckPeeks: true}},
	{"reduction with state caching, 2 workers", explorer.Options{Workers: 2}},
	{"reduction with state caching, 3 workers splitting eagerly", explorer.Options{Workers: 3, EagerSplit: true}},
	{"reduction without state caching, 2 workers splitting eagerly", explorer.Options{Workers: 2, EagerSplit: true, NoStateCache: true}},
}

func outcomeKeys(m map[explorer.Outcome]int) []string {
	var ks []string
	for o := range maps.Keys(m) {
		ks = append(ks, fmt.Sprintf("%q %q %s %s", o.Stdout, o.Stderr, o.End, o.Message))
	}
	slices.Sort(ks)
	return ks
}
