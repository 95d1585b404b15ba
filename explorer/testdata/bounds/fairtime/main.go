// Go's select3 test in small: a goroutine gets ten seconds to do a
// buffered send and a receive. Only a goroutine stalled for ten seconds
// makes the check fail: a bug by default (local work may take any time),
// none with fair time.
package main

import "time"

func main() {
	c := make(chan string)
	go func() {
		ch := make(chan int, 1)
		ch <- 7
		<-ch
		c <- "done"
	}()
	go func() {
		time.Sleep(10 * time.Second)
		c <- "timeout"
	}()
	if <-c != "done" {
		panic("function did block")
	}
}
