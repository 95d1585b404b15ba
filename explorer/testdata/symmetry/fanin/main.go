// Three identical workers between two unbuffered channels: which worker
// takes which value does not show, the order of the results does.
package main

import "fmt"

func main() {
	in := make(chan int)
	out := make(chan int)
	for range 3 {
		go func() {
			for x := range in {
				out <- 10 * x
			}
		}()
	}
	go func() {
		for i := 1; i <= 3; i++ {
			in <- i
		}
		close(in)
	}()
	fmt.Println(<-out, <-out, <-out)
}
