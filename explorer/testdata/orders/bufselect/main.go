// Selects on two channels of two slots, with sends, receives, a
// default case and a close: which case a select can take depends on the
// slots the other goroutines filled or freed, and every choice must be
// explored.
package main

import "fmt"

func main() {
	a := make(chan int, 2)
	b := make(chan int, 2)
	res := make(chan string, 3)
	go func() {
		a <- 1
		b <- 2
		a <- 3
		close(a)
	}()
	go func() {
		got := ""
		for i := 0; i < 3; i++ {
			select {
			case v, ok := <-a:
				got += fmt.Sprint("a", v, ok, " ")
			case b <- 9:
				got += "b! "
			default:
				got += "- "
			}
		}
		res <- got
	}()
	go func() {
		v := <-b
		res <- fmt.Sprint("b", v)
	}()
	fmt.Println(<-res, <-res)
}
