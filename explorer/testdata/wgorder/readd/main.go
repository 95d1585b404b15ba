// The worker brings the counter to zero, then raises it again: the Wait
// may return in between, and the Add then races with it.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var flag atomic.Int32
	finished := make(chan bool)
	wg.Add(1)
	go func() {
		wg.Done()
		flag.Store(1)
		wg.Add(1)
		flag.Store(2)
		wg.Done()
		finished <- true
	}()
	wg.Wait()
	fmt.Println("flag", flag.Load())
	<-finished
}
