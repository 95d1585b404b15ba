// The panic needs two preemptions: the worker must run before main's
// critical section and be preempted between its own two.
package main

import "sync"

func main() {
	var mu sync.Mutex
	x := 0
	done := make(chan bool)
	go func() {
		mu.Lock()
		x = 1
		mu.Unlock()
		mu.Lock()
		if x == 2 {
			panic("main wrote between the worker's critical sections")
		}
		mu.Unlock()
		done <- true
	}()
	mu.Lock()
	x = 2
	mu.Unlock()
	<-done
}
