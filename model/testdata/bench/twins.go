package main

var x int

// Two identical workers wait for a value; main writes x, then sends one
// value: whichever worker gets it reads x (ordered after the write by
// the send), the other stays blocked.
func main() {
	c := make(chan int)
	done := make(chan bool)
	for range 2 {
		go func() {
			v := <-c
			done <- v+x > 0
		}()
	}
	x = 1
	c <- 1
	<-done
}
