// WaitGroup.Go with a body that touches nothing shared: the goroutine's
// exit, its Done, is its only step on the WaitGroup. A late Add races
// with it and with the Wait.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	wg.Go(func() {})
	finished := make(chan bool)
	go func() {
		wg.Add(1)
		n.Store(1)
		wg.Done()
		finished <- true
	}()
	wg.Wait()
	fmt.Println("after wait:", n.Load())
	<-finished
}
