// Command chanlock_recvlocked: the Pool worker takes p.mu and then waits on
// the jobs channel while still holding it. Submit needs p.mu to count the
// pending job before it sends. Once the worker is parked in its receive with
// the lock held, main blocks in Submit's Lock and nobody can ever send: a
// deadlock at the Lock in Submit (main is goroutine 1).
package main

import (
	"fmt"
	"sync"
)

type Pool struct {
	mu      sync.Mutex
	pending int
	sum     int
	jobs    chan int
}

func (p *Pool) worker(n int, finished chan<- struct{}) {
	for i := 0; i < n; i++ {
		p.mu.Lock()
		j := <-p.jobs // waits with p.mu held
		p.pending--
		p.sum += j
		p.mu.Unlock()
	}
	close(finished)
}

func (p *Pool) Submit(j int) {
	p.mu.Lock() // want "deadlock"
	p.pending++
	p.mu.Unlock()
	p.jobs <- j
}

func main() {
	p := &Pool{jobs: make(chan int)}
	finished := make(chan struct{})
	go p.worker(2, finished)
	p.Submit(10)
	p.Submit(20)
	<-finished
	fmt.Println("sum:", p.sum, "pending:", p.pending)
}
