// Dining philosophers, forks are buffered channels of capacity 1 holding a
// token (take = receive, put = send). Deadlock is reachable (every
// philosopher holds its left fork).
package main

import "sync"

const (
	N      = 7 // philosophers (benchmark uses 4..8)
	ROUNDS = 1 // meals per philosopher
)

func phil(i int, forks []chan struct{}, wg *sync.WaitGroup) {
	first, second := i, (i+1)%N
	for r := 0; r < ROUNDS; r++ {
		<-forks[first]
		<-forks[second]
		// eat
		forks[second] <- struct{}{}
		forks[first] <- struct{}{}
	}
	wg.Done()
}

func main() {
	forks := make([]chan struct{}, N)
	for i := range forks {
		forks[i] = make(chan struct{}, 1)
		forks[i] <- struct{}{}
	}
	var wg sync.WaitGroup
	wg.Add(N)
	for i := 0; i < N; i++ {
		go phil(i, forks, &wg)
	}
	wg.Wait()
}
