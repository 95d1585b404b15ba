// A Cond broadcast wakes two waiters; a late waiter may miss it.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	woke := make(chan string, 2)
	for _, name := range []string{"a", "b"} {
		go func() {
			mu.Lock()
			for !ready {
				c.Wait()
			}
			mu.Unlock()
			woke <- name
		}()
	}
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	fmt.Println(<-woke, <-woke)
}
