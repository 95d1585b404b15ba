// Command rwr_helper_fixed is the corrected twin of rwr_helper. Summary used
// to hold the read lock while waiting for a helper that took the read lock
// again, which deadlocks once a writer is queued. The fix copies the map
// under a single RLock, releases it, and lets the helper work on the private
// snapshot without any lock.
package main

import (
	"fmt"
	"sync"
)

type Index struct {
	mu    sync.RWMutex
	words map[string]int
}

func (ix *Index) Add(w string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.words[w]++
}

func (ix *Index) Summary() string {
	ix.mu.RLock()
	snapshot := make(map[string]int, len(ix.words))
	for w, c := range ix.words {
		snapshot[w] = c
	}
	ix.mu.RUnlock()
	distinct := make(chan int)
	go func() { distinct <- len(snapshot) }()
	total := 0
	for _, c := range snapshot {
		total += c
	}
	d := <-distinct
	return fmt.Sprintf("%d distinct, %d total", d, total)
}

func main() {
	ix := &Index{words: map[string]int{"go": 2}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		ix.Add("chan")
	}()
	fmt.Println(ix.Summary())
	<-done
}
