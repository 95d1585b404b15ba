package explorer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/cmcheck/cmcheck/model"
)

// Probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi and
// Nagarakatte, "A randomized scheduler with probabilistic guarantees of
// finding bugs", ASPLOS 2010), run when the exhaustive search stops at a
// bound: it keeps looking for bugs in the time given, and the verdict
// stays incomplete.
//
// Each execution gives every goroutine (and the timers) a random
// priority when it first appears, above d; it always runs the
// highest-priority enabled goroutine (a random one of its alternatives:
// select cases, partners); and at d-1 steps chosen at random among the
// first k (k: the longest execution seen so far) it lowers the running
// goroutine's priority below all others (to d-i at the i-th). A bug of
// depth d (d ordering constraints between steps) is found by one
// execution with probability at least 1/(n·k^(d-1)) for n goroutines.
// The random generator is seeded with a constant, so runs repeat.

// pct runs the randomised search after the exhaustive one.
func (x *explorer) pct(ctx context.Context) {
	runs, depth := x.opts.PCTRuns, x.opts.PCTDepth
	deadline := time.Now().Add(x.opts.PCTTimeout)
	x.deadline = deadline
	rng := rand.New(rand.NewPCG(1, uint64(depth)))
	x.cache = nil
	n := 0
	for ; n < runs; n++ {
		if time.Now().After(deadline) || ctx.Err() != nil || x.halt || x.stop != nil {
			break
		}
		if n%256 == 0 && x.overMemory() {
			break
		}
		x.pctRun(rng, depth)
	}
	x.res.Stats.PCTExecutions = n
	x.incomplete += fmt.Sprintf("; then %d random executions (PCT, depth %d)", n, depth)
}

func (x *explorer) pctRun(rng *rand.Rand, d int) {
	s, err := x.newState()
	if err != nil {
		x.stop = err
		return
	}
	x.res.Stats.Executions++
	k := max(x.res.Stats.MaxDepth, 1)
	change := make(map[int]int, d)
	for i := 1; i < d; i++ {
		change[1+rng.IntN(k)] = i
	}
	prio := make(map[int]int64)
	priority := func(g int) int64 {
		p, ok := prio[g]
		if !ok {
			p = int64(d) + 1 + rng.Int64N(1<<40)
			prio[g] = p
		}
		return p
	}
	x.stack = x.stack[:0]
	var trace []model.Event
	var buf, alts []model.Transition
	for step := 1; !s.Done(); step++ {
		buf = s.Enabled(buf[:0])
		if len(buf) == 0 || len(x.stack) >= x.opts.MaxSteps {
			break
		}
		best, bp := -1, int64(-1)
		for _, t := range buf {
			if p := priority(t.G); p > bp {
				best, bp = t.G, p
			}
		}
		alts = alts[:0]
		for _, t := range buf {
			if t.G == best {
				alts = append(alts, t)
			}
		}
		t := alts[rng.IntN(len(alts))]
		x.stack = append(x.stack, &node{taken: t})
		trace = append(trace, s.Do(t))
		x.res.Stats.Transitions++
		x.res.Stats.StepsRun++
		if x.res.Stats.Transitions%256 == 0 && time.Now().After(x.deadline) {
			return // a long execution: stop within the time given
		}
		if i, ok := change[step]; ok {
			prio[t.G] = int64(d - i)
		}
	}
	x.res.Stats.MaxDepth = max(x.res.Stats.MaxDepth, len(x.stack))
	if !s.Done() && len(buf) > 0 {
		// Stopped by the step bound: nothing to conclude (as in the
		// exhaustive search).
		return
	}
	x.analyse(s, trace)
}
