// The Add inside the goroutine races with the Wait: the Wait may return
// before the worker's Add, or wait for its Done.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	done := make(chan bool)
	go func() {
		wg.Add(1)
		n.Add(1)
		wg.Done()
		done <- true
	}()
	wg.Wait()
	fmt.Println("after wait:", n.Load())
	<-done
}
