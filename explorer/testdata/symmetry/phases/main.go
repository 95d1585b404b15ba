// Two identical goroutines each send on a, then on b; main receives four
// times from either: the order of the letters shows how the twins'
// phases interleaved.
package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int)
	for range 2 {
		go func() {
			a <- 1
			b <- 2
		}()
	}
	s := ""
	for range 4 {
		select {
		case <-a:
			s += "a"
		case <-b:
			s += "b"
		}
	}
	fmt.Println(s)
}
