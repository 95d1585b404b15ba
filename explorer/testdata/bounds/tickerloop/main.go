// A worker counts ticks under a mutex until main closes done. Nothing
// reads the clock, so the loop's states repeat however far the ticker
// runs ahead of main (a tick may come while main could run).
package main

import (
	"sync"
	"time"
)

func main() {
	done := make(chan struct{})
	var mu sync.Mutex
	ticks := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				mu.Lock()
				ticks = 1 - ticks
				mu.Unlock()
			case <-done:
				return
			}
		}
	}()
	time.Sleep(25 * time.Millisecond)
	close(done)
	wg.Wait()
}
