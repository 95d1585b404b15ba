// Command cond_lostwakeup: Latch.Await checks the done flag (under the lock),
// releases the lock, and then re-locks and calls Wait without checking the
// flag again. If the loader goroutine's Release sets the flag and Signals in
// that window, the Signal finds no waiter and is lost; main then waits
// forever: a deadlock at the Wait in Await.
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

func (l *Latch) isDone() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done
}

func (l *Latch) Release() {
	l.mu.Lock()
	l.done = true
	l.mu.Unlock()
	l.cond.Signal()
}

func (l *Latch) Await() {
	if l.isDone() {
		return
	}
	l.mu.Lock()
	l.cond.Wait() // want "deadlock"
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
