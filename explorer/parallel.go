package explorer

import (
	"context"
	"sync"

	"github.com/cmcheck/cmcheck/frontend"
	"github.com/cmcheck/cmcheck/model"
)

// ExploreAll explores the entry points with up to j explorations running
// at once (j < 1 means one), and returns the results in the order of
// entries. Each entry's result is the same as Explore's: explorations do
// not share state beyond the interpreter's caches. If done is not nil it
// is called with each result as it is ready (from several goroutines).
func ExploreAll(ctx context.Context, it *model.Interp, entries []frontend.Entry, opts Options, j int, done func(*Result)) []*Result {
	if j < 1 {
		j = 1
	}
	results := make([]*Result, len(entries))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(j, len(entries)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := Explore(ctx, it, entries[i], opts)
				results[i] = r
				if done != nil {
					done(r)
				}
			}
		}()
	}
	for i := range entries {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var out []*Result
	for _, r := range results {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}
