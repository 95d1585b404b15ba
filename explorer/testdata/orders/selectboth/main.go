// Selects that both send and receive on unbuffered channels.
package main

import "fmt"

func main() {
	a, b := make(chan int), make(chan int)
	res := make(chan string, 2)
	go func() {
		select {
		case a <- 1:
			res <- "x sent"
		case v := <-b:
			res <- fmt.Sprint("x got ", v)
		}
	}()
	go func() {
		select {
		case b <- 2:
			res <- "y sent"
		case v := <-a:
			res <- fmt.Sprint("y got ", v)
		}
	}()
	select {
	case v := <-a:
		fmt.Println("main got", v, <-res)
	case b <- 3:
		fmt.Println("main sent", <-res)
	}
}
