// Three identical goroutines add to an atomic counter and send what they
// saw on a buffered channel: main prints the values in arrival order.
package main

import (
	"fmt"
	"sync/atomic"
)

func main() {
	var n atomic.Int32
	seen := make(chan int32, 3)
	for range 3 {
		go func() {
			n.Add(1)
			seen <- n.Load()
		}()
	}
	fmt.Println(<-seen, <-seen, <-seen)
}
