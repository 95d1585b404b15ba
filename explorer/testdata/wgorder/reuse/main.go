// Two rounds on one WaitGroup; the second round's goroutine starts
// before the first Wait returns.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	wg.Add(1)
	go func() { n.Add(1); wg.Done() }()
	start := make(chan bool)
	go func() {
		<-start
		wg.Add(1)
		n.Add(100)
		wg.Done()
	}()
	close(start)
	wg.Wait()
	fmt.Println("first:", n.Load())
	wg.Wait()
	fmt.Println("second:", n.Load())
}
