// Two goroutines race to a Once and an atomic counter.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var once sync.Once
	var n atomic.Int32
	winner := ""
	done := make(chan int32, 2)
	for _, name := range []string{"x", "y"} {
		go func() {
			once.Do(func() { winner = name })
			done <- n.Add(1)
		}()
	}
	a, b := <-done, <-done
	fmt.Println(winner, a, b)
}
