package explorer_test

import (
	"context"
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

// loadBounds loads one program of testdata/bounds.
func loadBounds(t *testing.T, name string) (*model.Interp, frontend.Entry) {
	t.Helper()
	dir, err := filepath.Abs("testdata/bounds")
	require.NoError(t, err)
	prog, err := frontend.Load(frontend.Config{Dir: dir}, "./"+name)
	require.NoError(t, err)
	require.Len(t, prog.Entries, 1)
	return model.New(prog.SSA), prog.Entries[0]
}

func kinds(fs []*explorer.Finding) []string {
	var ks []string
	for _, f := range fs {
		ks = append(ks, f.Kind)
	}
	return ks
}

// TestPreemptionBound: the panic needs two preemptions.
func TestPreemptionBound(t *testing.T) {
	it, e := loadBounds(t, "preempt")
	one := explorer.Explore(context.Background(), it, e, explorer.Options{NoRace: true, Preemptions: 1, PCTRuns: -1})
	assert.Equal(t, explorer.Incomplete, one.Verdict)
	assert.Contains(t, one.Reason, "preemption bound 1 reached (-preemptions)")
	assert.Empty(t, one.Findings)

	two := explorer.Explore(context.Background(), it, e, explorer.Options{NoRace: true, Preemptions: 2, PCTRuns: -1})
	assert.Equal(t, explorer.Bug, two.Verdict)
	assert.Equal(t, []string{"panic"}, kinds(two.Findings))

	all := explorer.Explore(context.Background(), it, e, explorer.Options{NoRace: true})
	assert.Equal(t, explorer.Bug, all.Verdict)
	assert.Equal(t, []string{"panic"}, kinds(all.Findings))
}

// TestPCTFindsDeadlock: with the exhaustive search cut at once, the
// random search finds the philosophers' deadlock, replayably, and the
// verdict says what was covered.
func TestPCTFindsDeadlock(t *testing.T) {
	it, e := loadBounds(t, "philo")
	res := explorer.Explore(context.Background(), it, e, explorer.Options{MaxExecutions: 1, PCTRuns: 2000, PCTTimeout: time.Minute})
	require.Equal(t, explorer.Bug, res.Verdict, res.Reason)
	assert.Contains(t, res.Reason, "execution bound 1 reached (-max-executions); then ")
	assert.Contains(t, res.Reason, "random executions (PCT, depth 3)")
	assert.Positive(t, res.Stats.PCTExecutions)
	require.Equal(t, []string{"deadlock"}, kinds(res.Findings))
	f := res.Findings[0]
	got, err := explorer.Replay(it, e, f.Schedule, f.Visible, explorer.Options{})
	require.NoError(t, err)
	assert.Equal(t, []string{"deadlock"}, kinds(got))

	// The same run gives the same result: the generator is seeded.
	again := explorer.Explore(context.Background(), it, e, explorer.Options{MaxExecutions: 1, PCTRuns: 2000, PCTTimeout: time.Minute})
	assert.Equal(t, res.Stats.PCTExecutions, again.Stats.PCTExecutions)
	assert.Equal(t, f.Schedule, again.Findings[0].Schedule)
}

// TestStateCachingCloses: a program that loops forever is verified with
// state caching (its states repeat) and hits the step bound without.
func TestStateCachingCloses(t *testing.T) {
	it, e := loadBounds(t, "loop")
	res := explorer.Explore(context.Background(), it, e, explorer.Options{})
	assert.Equal(t, explorer.Verified, res.Verdict, res.Reason)
	assert.Positive(t, res.Stats.States)
	assert.Positive(t, res.Stats.CacheHits)

	off := explorer.Explore(context.Background(), it, e, explorer.Options{NoStateCache: true, MaxSteps: 500, PCTRuns: -1})
	assert.Equal(t, explorer.Incomplete, off.Verdict)
	assert.True(t, strings.Contains(off.Reason, "step bound 500"), off.Reason)
}

// TestDeadlockStates: the philosophers have exactly one deadlocked state
// (every philosopher holds one fork), however many schedules reach it.
func TestDeadlockStates(t *testing.T) {
	it, e := loadBounds(t, "philo")
	res := explorer.Explore(context.Background(), it, e, explorer.Options{NoRace: true})
	require.Equal(t, explorer.Bug, res.Verdict, res.Reason)
	assert.Equal(t, 1, res.Stats.DeadlockStates)
	assert.Less(t, res.Stats.Omission, 1e-6)
}

// TestFairTime: a ten-second timer beats a goroutine's two non-blocking
// channel operations only if local work may take any time.
func TestFairTime(t *testing.T) {
	it, e := loadBounds(t, "fairtime")
	def := explorer.Explore(context.Background(), it, e, explorer.Options{})
	assert.Equal(t, explorer.Bug, def.Verdict)
	assert.Equal(t, []string{"panic"}, kinds(def.Findings))

	fair := explorer.Explore(context.Background(), it, e, explorer.Options{FairTime: true})
	assert.Equal(t, explorer.Verified, fair.Verdict, fair.Reason)
}

// TestObjectNumbering: replays of a prefix number objects as the first
// run did (no "replay diverged" internal error).
func TestObjectNumbering(t *testing.T) {
	it, e := loadBounds(t, "idorder")
	for _, opts := range []explorer.Options{{}, {NoStateCache: true}} {
		res := explorer.Explore(context.Background(), it, e, opts)
		assert.Equal(t, explorer.Verified, res.Verdict, res.Reason)
	}
}

// TestReadLocksCommute: two RLocks are independent for the reduction, so
// adding read locks adds no executions.
func TestReadLocksCommute(t *testing.T) {
	it, with := loadBounds(t, "rlocks")
	it2, without := loadBounds(t, "norlocks")
	opts := explorer.Options{NoRace: true, NoStateCache: true}
	a := explorer.Explore(context.Background(), it, with, opts)
	b := explorer.Explore(context.Background(), it2, without, opts)
	require.Equal(t, explorer.Verified, a.Verdict, a.Reason)
	require.Equal(t, explorer.Verified, b.Verdict, b.Reason)
	assert.Equal(t, b.Stats.Executions, a.Stats.Executions)
}

// TestRelativeTime: where nothing can read the clock any more, states
// that differ only in how far it has moved are one state, so a ticker
// loop that may run ahead of main without bound is verified; where the
// clock is read (time.Since, or the instants the ticks carry), time
// stays absolute and the panic that needs five ticks is found.
func TestRelativeTime(t *testing.T) {
	it, e := loadBounds(t, "tickerloop")
	res := explorer.Explore(context.Background(), it, e, explorer.Options{Timeout: 20 * time.Second, PCTRuns: -1})
	assert.Equal(t, explorer.Verified, res.Verdict, res.Reason)
	assert.Less(t, res.Stats.Executions, 500)

	for _, name := range []string{"clockread", "tickvalue"} {
		it, e := loadBounds(t, name)
		res := explorer.Explore(context.Background(), it, e, explorer.Options{Timeout: 20 * time.Second, PCTRuns: -1, CheckEffects: true})
		assert.Equal(t, explorer.Bug, res.Verdict, "%s: %s", name, res.Reason)
		assert.Equal(t, []string{"panic"}, kinds(res.Findings), name)
	}
}

// TestDeadTimers checks that loops starting a timer in every round
// (time.After in a select, time.Sleep, NewTimer and AfterFunc) come back
// to their states once the timers they abandoned die, and that a timer
// the program still refers to, or a count the timeouts leave, is not
// lost with them.
func TestDeadTimers(t *testing.T) {
	for _, c := range []struct {
		name    string
		verdict explorer.Verdict
		kinds   []string
	}{
		{"timeoutloop", explorer.Verified, nil},
		{"sleeploop", explorer.Verified, nil},
		{"timerloop", explorer.Verified, nil},
		{"savedafter", explorer.Verified, nil},
		{"timeoutcount", explorer.Bug, []string{"panic"}},
	} {
		it, e := loadBounds(t, c.name)
		for _, workers := range []int{1, 2} {
			res := explorer.Explore(context.Background(), it, e, explorer.Options{Timeout: 20 * time.Second, PCTRuns: -1, Workers: workers})
			assert.Equal(t, c.verdict, res.Verdict, "%s, %d workers: %s", c.name, workers, res.Reason)
			assert.Equal(t, c.kinds, kinds(res.Findings), "%s, %d workers", c.name, workers)
			assert.Less(t, res.Stats.Executions, 1000, "%s, %d workers", c.name, workers)
			for _, f := range res.Findings {
				replayed, err := explorer.Replay(it, e, f.Schedule, f.Visible, explorer.Options{})
				require.NoError(t, err, c.name)
				assert.Equal(t, []string{f.Kind}, kinds(replayed), c.name)
			}
		}
	}
}

// TestRelativeTimeOutcomes checks the relative time of fingerprints, and
// the reduction's handling of the clock, against an enumeration that
// never compares states: every interleaving of programs with timers,
// tickers, Reset and sleeps, some of which read the clock or the instants
// ticks carry, runs to its end without state caching, and every engine
// must reach the same outputs. afterloop fails if a timer's start
// neither reads the clock nor is followed by every goroutine that could
// move instead (clockStep); tickgap fails without the latter (checked).
func TestRelativeTimeOutcomes(t *testing.T) {
	it, entries := loadPrograms(t, "testdata/timeorders")
	require.Len(t, entries, 4)
	for _, e := range entries {
		t.Run(e.Name, func(t *testing.T) {
			exact := explorer.Explore(context.Background(), it, e, explorer.Options{NoReduction: true, NoStateCache: true, Outcomes: true, Timeout: time.Minute, PCTRuns: -1})
			require.Empty(t, exact.Reason)
			want := outcomeKeys(exact.Outcomes)
			require.Greater(t, len(want), 1)
			engines := append(slices.Clip(reductionEngines), struct {
				name string
				opts explorer.Options
			}{"reduction with state caching, no race detection", explorer.Options{NoRace: true}})
			for _, c := range engines {
				opts := c.opts
				opts.Outcomes, opts.PCTRuns, opts.Timeout = true, -1, time.Minute
				res := explorer.Explore(context.Background(), it, e, opts)
				require.Empty(t, res.Reason)
				assert.Equal(t, want, outcomeKeys(res.Outcomes), "%s: %d executions, exact %d", c.name, res.Stats.Executions, exact.Stats.Executions)
			}
		})
	}
}
