// Command chanmisuse_closehelper: a stopper closes the results channel
// through a helper that takes a send-only channel of a named type, while
// a worker may still be sending its second result on it. The work channel,
// of another element type, is never closed. (cmcheck records sends for the
// race detector only on channels that a close of the program can reach,
// found by element type: the helper's parameter type must count.)
package main

import "fmt"

type sink chan<- string

func shut(s sink) {
	close(s)
}

func worker(work <-chan int, results chan string) {
	for i := 0; i < 2; i++ {
		n := <-work
		results <- fmt.Sprint(n * n) // want "panic" "data-race"
	}
}

func main() {
	work := make(chan int, 2)
	results := make(chan string, 2)
	go worker(work, results)
	work <- 3
	work <- 4
	fmt.Println("first:", <-results)
	shut(results) // one result is enough
}
