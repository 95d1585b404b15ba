// A ticker drives a worker that a done channel stops.
package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.NewTicker(10 * time.Millisecond)
	done := make(chan bool)
	ticks := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-t.C:
				n++
				if n == 2 {
					ticks <- n
					return
				}
			case <-done:
				ticks <- n
				return
			}
		}
	}()
	time.Sleep(15 * time.Millisecond)
	select {
	case done <- true:
	default:
	}
	t.Stop()
	fmt.Println(<-ticks)
}
