// Three rounds of a select between a request and a fresh time.After
// timeout, each round's timeout longer than the last, and the time
// taken read at the end: each round's abandoned timeout dies and the
// next takes its number, and every order of the request, the close and
// the timeouts must still be explored.
package main

import (
	"fmt"
	"time"
)

func main() {
	req := make(chan int)
	start := time.Now()
	go func() {
		req <- 7
		close(req)
	}()
	out := ""
	for i := 0; i < 3; i++ {
		select {
		case v, ok := <-req:
			if ok {
				out += fmt.Sprint(v)
			} else {
				out += "c"
			}
		case <-time.After(time.Duration(i+1) * time.Millisecond):
			out += "t"
		}
	}
	fmt.Println(out, time.Since(start))
}
