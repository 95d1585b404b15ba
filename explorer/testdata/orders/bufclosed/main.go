// A receiver ranges over a channel of two slots that main fills, closes
// and receives from, then sends on it: the send fails on the closed
// channel. The failed send and a receive that found the channel closed
// and empty commute, and the reduction must not order them (random
// program seed 179: the panic before main's print was lost when the
// failed send's step wrote the channel's closed flag, which its peek
// did not show).
package main

func main() {
	ch0 := make(chan int, 2)
	go func() {
		for v := range ch0 {
			println("a", v)
		}
		ch0 <- 2
	}()
	ch0 <- 8
	ch0 <- 6
	close(ch0)
	println("m", <-ch0)
	<-ch0
}
