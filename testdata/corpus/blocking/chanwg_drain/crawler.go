// Package chanwg_drain: Crawler.Run starts one worker per root page, each
// sending its link count on the unbuffered results channel, and calls
// wg.Wait before it starts receiving. The workers cannot call Done until
// someone receives their result, and nobody receives until they have called
// Done: the test goroutine deadlocks in wg.Wait inside Run.
package chanwg_drain

import "sync"

type Crawler struct {
	links map[string][]string
}

func (c *Crawler) Run(roots []string) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, r := range roots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- len(c.links[r])
		}()
	}
	wg.Wait() // want "deadlock"
	close(results)
	total := 0
	for n := range results {
		total += n
	}
	return total
}
