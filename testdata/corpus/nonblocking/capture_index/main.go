//go:build go1.21

// Command capture_index: this file is compiled with Go 1.21 semantics (the
// build line above lowers its language version), so the for loop has ONE
// variable i shared by all iterations. Each goroutine reads i when it runs:
// the read races with the loop's i++, and a goroutine that runs after the
// loop has ended sees i == n and indexes out[n]: index out of range panic.
package main

import (
	"fmt"
	"sync"
)

func squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i // want "data-race" "panic"
		}()
	}
	wg.Wait()
	return out
}

func main() {
	fmt.Println(squares(2))
}
