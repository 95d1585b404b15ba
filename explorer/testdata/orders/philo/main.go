// Three philosophers with channel forks: one round each, which may
// deadlock.
package main

import (
	"fmt"
	"sync"
)

func main() {
	const n = 3
	forks := make([]chan bool, n)
	for i := range forks {
		forks[i] = make(chan bool, 1)
		forks[i] <- true
	}
	var wg sync.WaitGroup
	eaten := make(chan int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-forks[i]
			<-forks[(i+1)%n]
			eaten <- i
			forks[i] <- true
			forks[(i+1)%n] <- true
		}()
	}
	wg.Wait()
	close(eaten)
	for i := range eaten {
		fmt.Print(i)
	}
	fmt.Println()
}
