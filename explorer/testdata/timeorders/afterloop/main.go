// A loop waits for values with a timeout and reports how long it waited
// in all: the clock is read, so time stays absolute.
package main

import (
	"fmt"
	"time"
)

func main() {
	start := time.Now()
	in := make(chan int)
	go func() {
		time.Sleep(15 * time.Millisecond)
		in <- 1
		time.Sleep(15 * time.Millisecond)
		in <- 2
	}()
	got, timeouts := 0, 0
	for got < 2 && timeouts < 3 {
		select {
		case <-in:
			got++
		case <-time.After(10 * time.Millisecond):
			timeouts++
		}
	}
	fmt.Println(got, timeouts, time.Since(start)/time.Millisecond)
}
