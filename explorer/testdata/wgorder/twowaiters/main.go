// Two goroutines wait on one WaitGroup; each reports what it saw.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var wg sync.WaitGroup
	var n atomic.Int32
	out := make(chan string, 2)
	wg.Add(2)
	for i := range 2 {
		go func() {
			n.Add(int32(i + 1))
			wg.Done()
		}()
	}
	for _, name := range []string{"a", "b"} {
		go func() {
			wg.Wait()
			out <- fmt.Sprint(name, n.Load())
		}()
	}
	fmt.Println(<-out, <-out)
}
