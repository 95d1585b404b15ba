// Command recv_nosender: Summer.Start launches a goroutine that adds up the
// numbers and sends the total on s.res, but on a negative number it returns
// early without sending anything. main then waits on <-s.res with nobody
// left to send: a deadlock at main's receive.
package main

import "fmt"

type Summer struct {
	res chan int
}

func (s *Summer) Start(nums []int) {
	go func() {
		total := 0
		for _, n := range nums {
			if n < 0 {
				return // bug: the receiver is never told
			}
			total += n
		}
		s.res <- total
	}()
}

func main() {
	s := &Summer{res: make(chan int)}
	s.Start([]int{4, -1, 2})
	total := <-s.res // want "deadlock"
	fmt.Println("total:", total)
}
