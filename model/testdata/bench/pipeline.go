// Producer/consumer pipeline: P producers send M items each on a buffered
// channel work (cap B); W workers select between work and quit, forwarding
// 2*x on a buffered results channel (cap B); main sums P*M results, checks
// the sum, sends one quit per worker and waits for them (WaitGroup).
package main

import (
	"fmt"
	"sync"
)

const (
	P = 2 // producers
	M = 3 // items per producer
	W = 2 // workers
	B = 2 // capacity of work and results
)

func producer(id int, work chan<- int) {
	for j := 0; j < M; j++ {
		work <- id*M + j + 1
	}
}

func worker(work <-chan int, results chan<- int, quit <-chan struct{}, wg *sync.WaitGroup) {
	for {
		select {
		case x := <-work:
			results <- 2 * x
		case <-quit:
			wg.Done()
			return
		}
	}
}

func main() {
	work := make(chan int, B)
	results := make(chan int, B)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(W)
	for i := 0; i < W; i++ {
		go worker(work, results, quit, &wg)
	}
	for i := 0; i < P; i++ {
		go producer(i, work)
	}
	sum := 0
	for i := 0; i < P*M; i++ {
		sum += <-results
	}
	if sum != (P*M)*(P*M+1) {
		panic(fmt.Sprintf("bad sum %d", sum))
	}
	for i := 0; i < W; i++ {
		quit <- struct{}{}
	}
	wg.Wait()
}
