// Command chanlock_recvlocked_fixed is the corrected twin of
// chanlock_recvlocked. The worker used to hold p.mu while blocked in its
// receive, and Submit needed p.mu before it could send. The fix receives the
// job first and takes the lock only for the bookkeeping.
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
		j := <-p.jobs
		p.mu.Lock()
		p.pending--
		p.sum += j
		p.mu.Unlock()
	}
	close(finished)
}

func (p *Pool) Submit(j int) {
	p.mu.Lock()
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
