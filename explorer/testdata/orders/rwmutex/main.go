// A writer and two readers on an RWMutex; the readers report what they
// saw.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.RWMutex
	x := 0
	seen := make(chan string, 2)
	go func() {
		mu.Lock()
		x = 1
		mu.Unlock()
		mu.Lock()
		x = 2
		mu.Unlock()
	}()
	for _, name := range []string{"r", "s"} {
		go func() {
			mu.RLock()
			v := x
			mu.RUnlock()
			seen <- fmt.Sprint(name, v)
		}()
	}
	fmt.Println(<-seen, <-seen)
}
