// Three identical senders and one receive: two senders stay blocked
// (leaked when main returns), and which value arrives varies.
package main

import "fmt"

func main() {
	ch := make(chan int)
	for i := range 3 {
		v := i % 2
		go func() { ch <- v }()
	}
	fmt.Println(<-ch)
}
