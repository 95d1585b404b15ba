package explorer_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/explorer"
	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// TestWaitGroupOrders checks the reduction's WaitGroup rules (counter
// changes that commute are reads; a Wait is never reordered before a
// Done that commuted) against exhaustive enumeration on programs whose
// output shows where each Wait returned: extra Dones, Adds racing with a
// Wait, a reused WaitGroup, two waiters, a counter raised again after it
// reached zero, a fan-out with an observer. Every engine must reach
// exactly the outcomes (output and how the program ended) that
// enumerating every interleaving reaches.
func TestWaitGroupOrders(t *testing.T) {
	dir, err := filepath.Abs("testdata/wgorder")
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir}, "./...")
	require.NoError(t, err)
	require.Len(t, prog.Entries, 6)
	it := model.New(prog.SSA)
	for _, e := range prog.Entries {
		t.Run(e.Name, func(t *testing.T) {
			full := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoStateCache: true, Outcomes: true, Timeout: time.Minute, PCTRuns: -1})
			require.NotEqual(t, explorer.Incomplete, full.Verdict, full.Reason)
			want := outcomeKeys(full.Outcomes)
			for _, c := range []struct {
				name string
				opts explorer.Options
			}{
				{"reduction with state caching", explorer.Options{}},
				{"reduction without state caching", explorer.Options{NoStateCache: true}},
			} {
				c.opts.Outcomes, c.opts.PCTRuns = true, -1
				red := explorer.Explore(context.Background(), it, e, c.opts)
				require.NotEqual(t, explorer.Incomplete, red.Verdict, red.Reason)
				assert.Equal(t, want, outcomeKeys(red.Outcomes), "%s (%d executions; exhaustive %d)", c.name, red.Stats.Executions, full.Stats.Executions)
				assert.Equal(t, findingSet(full.Findings), findingSet(red.Findings), c.name)
			}
		})
	}
}

func outcomeKeys(m map[explorer.Outcome]int) []string {
	var ks []string
	for o := range maps.Keys(m) {
		ks = append(ks, fmt.Sprintf("%q %q %s %s", o.Stdout, o.Stderr, o.End, o.Message))
	}
	slices.Sort(ks)
	return ks
}
