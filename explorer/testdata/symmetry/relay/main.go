// Two identical relays each take a value from x and pass it on y; main
// feeds x twice, a third goroutine once, and prints what y delivers in
// order.
package main

import "fmt"

func main() {
	x := make(chan int)
	y := make(chan int, 1)
	for range 2 {
		go func() {
			for v := range x {
				y <- v
			}
		}()
	}
	go func() { x <- 3 }()
	x <- 1
	x <- 2
	fmt.Println(<-y, <-y, <-y)
}
