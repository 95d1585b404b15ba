// Non-blocking sends and receives: what gets through depends on the
// order.
package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	done := make(chan bool)
	got := 0
	go func() {
		select {
		case ch <- 1:
		default:
		}
		select {
		case ch <- 2:
		default:
		}
		done <- true
	}()
	select {
	case v := <-ch:
		got = v
	default:
	}
	<-done
	fmt.Println(got, len(ch))
}
