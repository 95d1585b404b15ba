// Three identical goroutines take a token each under a mutex and record
// it: the recorded order shows the order they got the lock in, and the
// tokens which of them came first.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	tokens := make(chan int, 3)
	tokens <- 1
	tokens <- 2
	tokens <- 3
	var order []int
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := <-tokens
			mu.Lock()
			order = append(order, v)
			mu.Unlock()
		}()
	}
	wg.Wait()
	fmt.Println(order)
}
