// A receiver ranges over a channel of two slots that main fills, closes
// and receives from, then sends on it: the send fails on the closed
// channel. Every order of the failed send, the receives and main's print
// must be explored (random program seed 179 lost the panic before main's
// print under an attempt to split buffered channels into parts).
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
