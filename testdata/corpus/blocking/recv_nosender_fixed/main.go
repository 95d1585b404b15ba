// Command recv_nosender_fixed is the corrected twin of recv_nosender. The
// summing goroutine used to return on a negative number without sending, so
// main's receive waited forever. The fix sends an outcome on every path, an
// error on the early-return path and the total otherwise.
package main

import "fmt"

type outcome struct {
	total int
	err   error
}

type Summer struct {
	res chan outcome
}

func (s *Summer) Start(nums []int) {
	go func() {
		total := 0
		for _, n := range nums {
			if n < 0 {
				s.res <- outcome{err: fmt.Errorf("negative number %d", n)}
				return
			}
			total += n
		}
		s.res <- outcome{total: total}
	}()
}

func main() {
	s := &Summer{res: make(chan outcome)}
	s.Start([]int{4, -1, 2})
	o := <-s.res
	if o.err != nil {
		fmt.Println("error:", o.err)
		return
	}
	fmt.Println("total:", o.total)
}
