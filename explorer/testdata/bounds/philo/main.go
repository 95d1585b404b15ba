// Dining philosophers with channel forks: the deadlock needs every
// philosopher to take its first fork before any takes its second.
package main

import "sync"

const N = 5

func main() {
	forks := make([]chan struct{}, N)
	for i := range forks {
		forks[i] = make(chan struct{}, 1)
		forks[i] <- struct{}{}
	}
	var wg sync.WaitGroup
	wg.Add(N)
	for i := 0; i < N; i++ {
		go func() {
			<-forks[i]
			<-forks[(i+1)%N]
			forks[(i+1)%N] <- struct{}{}
			forks[i] <- struct{}{}
			wg.Done()
		}()
	}
	wg.Wait()
}
