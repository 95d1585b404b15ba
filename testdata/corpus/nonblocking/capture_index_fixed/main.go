// Command capture_index_fixed is the corrected twin of capture_index. The
// buggy file was compiled with Go 1.21 loop semantics, where every goroutine
// shared the loop's single i. This file has no version-lowering build line,
// so the module's Go 1.26 semantics apply: each iteration has its own i, which
// nothing writes after the goroutine starts.
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
			out[i] = i * i
		}()
	}
	wg.Wait()
	return out
}

func main() {
	fmt.Println(squares(2))
}
