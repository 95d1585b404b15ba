// A server loop whose states repeat: a ticker-free ping-pong that runs
// forever. Without state caching every execution hits the step bound;
// with it the search closes the cycle and verifies.
package main

func main() {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for {
			v := <-ping
			pong <- v
		}
	}()
	for {
		ping <- 1
		<-pong
	}
}
