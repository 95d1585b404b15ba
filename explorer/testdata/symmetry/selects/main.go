// Two identical goroutines each offer a value on two channels at once;
// main takes from either, twice: the rendezvous partners of the selects
// are what sleep sets compare.
package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	for range 2 {
		go func() {
			select {
			case a <- 1:
			case b <- 2:
			}
		}()
	}
	for range 2 {
		select {
		case x := <-a:
			fmt.Println("a", x)
		case y := <-b:
			fmt.Println("b", y)
		}
	}
}
