// A server loop selects on its requests, its end and a time.After
// timeout started anew in every round: the timeouts the loop abandons
// can no longer be seen, so its states repeat however many timeouts fire
// before the requests come.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int)
	done := make(chan struct{})
	go func() {
		for i := 0; i < 3; i++ {
			requests <- i
		}
		close(done)
	}()
	sum := 0
	for {
		select {
		case v := <-requests:
			sum += v
		case <-done:
			fmt.Println(sum)
			return
		case <-time.After(time.Second):
			fmt.Println("idle")
		}
	}
}
