// Command cond_lostwakeup_fixed is the corrected twin of cond_lostwakeup.
// Await used to check the flag, drop the lock, and Wait unconditionally, so a
// Signal sent in between was lost. The fix checks the predicate and waits in
// one critical section, in the usual loop: for !done { Wait }.
package main

import (
	"fmt"
	"sync"
)

type Latch struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
}

func NewLatch() *Latch {
	l := &Latch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *Latch) Release() {
	l.mu.Lock()
	l.done = true
	l.mu.Unlock()
	l.cond.Signal()
}

func (l *Latch) Await() {
	l.mu.Lock()
	for !l.done {
		l.cond.Wait()
	}
	l.mu.Unlock()
}

func main() {
	l := NewLatch()
	var config string
	go func() {
		config = "loaded"
		l.Release()
	}()
	l.Await()
	fmt.Println("config:", config)
}
