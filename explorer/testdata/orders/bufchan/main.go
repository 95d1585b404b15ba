// Two producers fill a buffered channel; the consumer prints the order.
package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	for p := range 2 {
		go func() {
			ch <- 10*p + 1
			ch <- 10*p + 2
		}()
	}
	for range 4 {
		fmt.Print(<-ch, " ")
	}
	fmt.Println()
}
