// Object numbering must not depend on which states the explorer peeked
// at: the worker's mutex is first named while the worker waits to lock
// it, and main's timer takes the next number. Numbering the mutex only
// when the explorer looked at the waiting worker made replays of the
// prefix diverge (the timer got another number).
package main

import (
	"sync"
	"time"
)

func main() {
	var mu sync.Mutex
	done := make(chan bool)
	go func() {
		mu.Lock()
		mu.Unlock()
		done <- true
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		mu.Lock()
		mu.Unlock()
	}
}
