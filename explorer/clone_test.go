package explorer

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// TestCloneReplays checks model.State.Clone on every corpus and bounds
// entry point: along random schedules, a clone taken at every step must
// have the original's fingerprint and, driven by the same schedule as the
// original after it, take the same steps (events) through the same
// states (fingerprints) to the same end (output, exit, findings). The
// original runs on first, so a clone sharing anything mutable with it
// would be seen diverging. Each clone is a copy of a copy whose first copy
// was recycled (model.Cloner.Recycle): the clones of later steps reuse
// its memory, so a clone sharing memory with a recycled state would be
// seen diverging too.
func TestCloneReplays(t *testing.T) {
	var entries []frontend.Entry
	var interps []*model.Interp
	for _, d := range []string{"../testdata/corpus", "testdata/bounds"} {
		dir, err := filepath.Abs(d)
		require.NoError(t, err)
		prog, err := frontend.Load(frontend.Config{Dir: dir, Tests: true}, "./...")
		require.NoError(t, err)
		it := model.New(prog.SSA)
		for _, e := range prog.Entries {
			entries = append(entries, e)
			interps = append(interps, it)
		}
	}
	clones, refused := 0, 0
	for i, e := range entries {
		for _, race := range []bool{true, false} {
			x := &explorer{it: interps[i], entry: e, opts: Options{NoRace: !race}}
			x.opts.defaults()
			rng := rand.New(rand.NewSource(int64(i)))
			for run := 0; run < 3; run++ {
				c, r := checkClones(t, x, rng, fmt.Sprintf("%s (race %v, run %d)", e.Name, race, run))
				clones += c
				refused += r
			}
		}
	}
	t.Logf("%d clones checked, %d refused", clones, refused)
	require.Greater(t, clones, 1000)
}

type cloneStep struct {
	ev model.Event
	fp uint64
	ok bool
}

// checkClones runs one random execution, cloning at every step, and
// checks every clone against the rest of the execution.
func checkClones(t *testing.T, x *explorer, rng *rand.Rand, name string) (clones, refused int) {
	s, err := x.newState()
	require.NoError(t, err)
	h := model.NewHasher()
	var sched []model.Transition
	var steps []cloneStep // steps[i]: the event of step i and the fingerprint after it
	type pending struct {
		at int
		s  *model.State
		fp uint64
		ok bool
	}
	var cl []pending
	var buf []model.Transition
	cloner := model.NewCloner()
	for len(sched) < 400 && !s.Done() {
		fp, ok := s.Fingerprint(h)
		// The clone kept is a copy of a copy: the first is recycled at
		// once, so that the next step's copies are carved out of its
		// arrays (model.Cloner.Recycle) while this one lives on.
		if mid, cok := cloner.Clone(s); cok {
			c, cok := cloner.Clone(mid)
			require.True(t, cok, "%s: step %d: a copy copies", name, len(sched))
			cloner.Recycle(mid)
			require.Empty(t, mid.Goroutines(), "%s: step %d: a recycled state is emptied", name, len(sched))
			cfp, cok2 := c.Fingerprint(h)
			require.Equal(t, ok, cok2, "%s: step %d: clone fingerprintable", name, len(sched))
			require.Equal(t, fp, cfp, "%s: step %d: clone's fingerprint", name, len(sched))
			cl = append(cl, pending{len(sched), c, fp, ok})
		} else {
			refused++
		}
		buf = s.Enabled(buf[:0])
		if len(buf) == 0 {
			break
		}
		tr := buf[rng.Intn(len(buf))]
		sched = append(sched, tr)
		ev := s.Do(tr)
		fp, ok = s.Fingerprint(h)
		steps = append(steps, cloneStep{ev, fp, ok})
	}
	for _, p := range cl {
		clones++
		c := p.s
		for i := p.at; i < len(sched); i++ {
			buf = c.Enabled(buf[:0])
			require.Contains(t, buf, sched[i], "%s: clone at %d: step %d not enabled", name, p.at, i)
			ev := c.Do(sched[i])
			require.Equal(t, steps[i].ev.Kind, ev.Kind, "%s: clone at %d: step %d", name, p.at, i)
			require.Equal(t, steps[i].ev.Obj, ev.Obj, "%s: clone at %d: step %d", name, p.at, i)
			require.Equal(t, steps[i].ev.Writes, ev.Writes, "%s: clone at %d: step %d", name, p.at, i)
			require.Equal(t, steps[i].ev.Detail, ev.Detail, "%s: clone at %d: step %d", name, p.at, i)
			fp, ok := c.Fingerprint(h)
			require.Equal(t, steps[i].ok, ok, "%s: clone at %d: step %d fingerprintable", name, p.at, i)
			require.Equal(t, steps[i].fp, fp, "%s: clone at %d: fingerprint after step %d", name, p.at, i)
		}
		require.Equal(t, s.Done(), c.Done(), "%s: clone at %d: done", name, p.at)
		require.Equal(t, s.Stdout.String(), c.Stdout.String(), "%s: clone at %d: stdout", name, p.at)
		require.Equal(t, s.Stderr.String(), c.Stderr.String(), "%s: clone at %d: stderr", name, p.at)
		require.Equal(t, s.ExitCode(), c.ExitCode(), "%s: clone at %d: exit code", name, p.at)
		require.Equal(t, len(s.Findings()), len(c.Findings()), "%s: clone at %d: findings", name, p.at)
		for j, f := range s.Findings() {
			require.Equal(t, f.Kind, c.Findings()[j].Kind)
			require.Equal(t, f.Msg, c.Findings()[j].Msg)
		}
	}
	return clones, refused
}
