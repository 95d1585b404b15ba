// A worker re-arms one timer with Reset up to three times while main,
// after a sleep, tells it to stop; nothing reads the clock, so the
// states compare with time relative to now.
package main

import (
	"fmt"
	"time"
)

func main() {
	stop := make(chan struct{})
	out := make(chan int)
	go func() {
		t := time.NewTimer(10 * time.Millisecond)
		n := 0
		for {
			select {
			case <-t.C:
				n++
				if n == 3 {
					out <- n
					return
				}
				t.Reset(10 * time.Millisecond)
			case <-stop:
				t.Stop()
				out <- n
				return
			}
		}
	}()
	time.Sleep(15 * time.Millisecond)
	select {
	case stop <- struct{}{}:
		fmt.Println("stopped at", <-out)
	case n := <-out:
		fmt.Println("done at", n)
	}
}
