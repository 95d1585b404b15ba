// The loop of timeoutloop counts its timeouts and fails at the third:
// the abandoned timeouts die, but the count stays, so the panic is
// still found.
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
	idle := 0
	for {
		select {
		case <-requests:
		case <-done:
			fmt.Println(idle)
			return
		case <-time.After(time.Second):
			idle++
			if idle == 3 {
				panic("three timeouts")
			}
		}
	}
}
