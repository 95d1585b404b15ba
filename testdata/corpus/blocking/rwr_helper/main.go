// Command rwr_helper: Index.Summary holds ix.mu.RLock while it waits for a
// helper goroutine that calls ix.Count, which takes ix.mu.RLock as well. If
// the writer goroutine's Lock arrives after Summary's RLock, the helper's
// RLock queues behind the writer, the writer waits for Summary to release its
// read lock, and Summary waits for the helper's answer: main deadlocks at the
// receive in Summary.
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

func (ix *Index) Count() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.words)
}

func (ix *Index) Summary() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	distinct := make(chan int)
	go func() { distinct <- ix.Count() }()
	total := 0
	for _, c := range ix.words {
		total += c
	}
	d := <-distinct // want "deadlock"
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
