// Fan-out with Add before each go statement, and an observer outside
// the WaitGroup that reports how many workers it saw finish.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	seen := make(chan int32)
	go func() { seen <- n.Load() }()
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Add(1)
		}()
	}
	wg.Wait()
	fmt.Println("total", n.Load(), "observer", <-seen)
}
