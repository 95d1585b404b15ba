// Two senders and two receivers on a channel of three slots, a third
// goroutine reading its length: a send and a receive commute for the
// reduction when values lie between them in the buffer (the channel's
// slots, model's split), and every order in which values can reach
// each receiver, and every length seen, must still be explored.
package main

import "fmt"

func main() {
	c := make(chan int, 3)
	c <- 0
	done := make(chan string)
	for s := 1; s <= 2; s++ {
		go func() {
			c <- s * 10
			c <- s*10 + 1
		}()
	}
	for r := 0; r < 2; r++ {
		go func() {
			a, b := <-c, <-c
			done <- fmt.Sprint(r, ":", a, ",", b)
		}()
	}
	go func() { done <- fmt.Sprint("len ", len(c)) }()
	out := ""
	for range 3 {
		out += <-done + " "
	}
	fmt.Println(out, len(c))
}
