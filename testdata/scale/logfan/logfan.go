// Package logfan: eight workers each square their own slot of a slice and
// log "ok" to a logger goroutine through a buffered channel; Squares
// waits for the workers with a WaitGroup, closes the log and waits for
// the logger. Correct. Without race detection (-no-race) cmcheck verifies
// it in about 2,500 executions; with it, the happens-before clocks the
// buffered channel carries (the k-th receive takes the clock of the k-th
// send) tell apart the states that differ only in which worker's "ok"
// sits in which slot and which the logger has received: hundreds of
// thousands of states, and the search ends incomplete (see the README's
// measurements).
package logfan

import "sync"

// Squares returns the square of 0, ..., n-1, computed concurrently.
func Squares(n int) []int {
	var wg sync.WaitGroup
	logs := make(chan string, n)
	done := make(chan bool)
	wg.Add(n)
	go func() { // the logger
		for s := range logs {
			_ = s
		}
		done <- true
	}()
	res := make([]int, n)
	for i := range n {
		go func() {
			defer wg.Done()
			res[i] = i * i
			logs <- "ok"
		}()
	}
	wg.Wait()
	close(logs)
	<-done
	return res
}
