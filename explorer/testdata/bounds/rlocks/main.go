// Three readers take a read lock each (and keep it): read locks commute,
// so the reduction explores no more orders than without them (norlocks).
package main

import "sync"

func main() {
	var mu sync.RWMutex
	done := []chan bool{make(chan bool), make(chan bool), make(chan bool)}
	for i := range done {
		go func() {
			mu.RLock()
			done[i] <- true
		}()
	}
	for _, c := range done {
		<-c
	}
}
