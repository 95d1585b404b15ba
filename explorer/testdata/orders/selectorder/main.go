// Two senders on two channels, received by a select twice.
package main

import "fmt"

func main() {
	a, b := make(chan int), make(chan int)
	go func() { a <- 1 }()
	go func() { b <- 2 }()
	for range 2 {
		select {
		case v := <-a:
			fmt.Print("a", v, " ")
		case v := <-b:
			fmt.Print("b", v, " ")
		}
	}
	fmt.Println()
}
