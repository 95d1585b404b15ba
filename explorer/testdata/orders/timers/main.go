// A timer races with a worker's result; the timer is stopped when the
// result wins.
package main

import (
	"fmt"
	"time"
)

func main() {
	res := make(chan int, 1)
	go func() { res <- 1 }()
	t := time.NewTimer(time.Second)
	select {
	case v := <-res:
		fmt.Println("result", v, "stopped", t.Stop())
	case <-t.C:
		fmt.Println("timeout", <-res)
	}
}
