// Command chanmisuse_closehelper_fixed is the corrected twin of
// chanmisuse_closehelper: the worker, the only sender, closes the results
// channel (through the same helper) after its last send, and main reads
// until the channel is closed.
package main

import "fmt"

type sink chan<- string

func shut(s sink) {
	close(s)
}

func worker(work <-chan int, results chan string) {
	defer shut(results)
	for i := 0; i < 2; i++ {
		n := <-work
		results <- fmt.Sprint(n * n)
	}
}

func main() {
	work := make(chan int, 2)
	results := make(chan string, 2)
	go worker(work, results)
	work <- 3
	work <- 4
	for r := range results {
		fmt.Println("result:", r)
	}
}
