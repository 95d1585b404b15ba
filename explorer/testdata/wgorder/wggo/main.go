// WaitGroup.Go: the goroutine's exit is its Done. Another goroutine adds
// to the counter late, racing with that exit and with the Wait.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	wg.Go(func() { n.Add(1) })
	finished := make(chan bool)
	go func() {
		wg.Add(1)
		n.Add(10)
		wg.Done()
		finished <- true
	}()
	wg.Wait()
	fmt.Println("after wait:", n.Load())
	<-finished
}
