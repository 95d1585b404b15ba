// A time.After channel is kept in a struct on the heap and received from
// after a loop whose rounds start timeouts of their own: that timer stays
// alive while the rounds' die, and its tick is still delivered (no
// deadlock), even when it fires before the loop ends.
package main

import (
	"fmt"
	"time"
)

type deadline struct{ c <-chan time.Time }

func main() {
	requests := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			requests <- i
		}
	}()
	first := &deadline{time.After(time.Second)}
	for i := 0; i < 3; i++ {
		select {
		case <-requests:
		case <-time.After(time.Millisecond):
		}
	}
	<-first.c
	fmt.Println("ok")
}
