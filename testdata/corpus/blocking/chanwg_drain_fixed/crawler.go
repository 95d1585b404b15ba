// Package chanwg_drain_fixed is the corrected twin of chanwg_drain. Run used
// to wait for the workers before receiving anything from them. The fix moves
// wg.Wait (and the close it guards) into a separate goroutine, so Run drains
// results while the workers finish.
package chanwg_drain_fixed

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
	go func() {
		wg.Wait()
		close(results)
	}()
	total := 0
	for n := range results {
		total += n
	}
	return total
}
