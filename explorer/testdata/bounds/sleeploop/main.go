// A poller sleeps between checks of its stop channel: every time.Sleep
// starts a timer of its own, which dies when the sleeper wakes.
package main

import (
	"fmt"
	"time"
)

func main() {
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			time.Sleep(time.Millisecond)
		}
	}()
	time.Sleep(5 * time.Millisecond)
	close(stop)
	<-done
	fmt.Println("ok")
}
