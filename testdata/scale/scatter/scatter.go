// Package scatter: the plainest fan-out in Go code. Squares starts one
// goroutine per input (20 in the test), each writing its own slot of the
// result slice, and waits for them with a WaitGroup whose Add is called
// before each go statement. Correct: the slots are disjoint and wg.Wait
// orders every write before the caller's reads.
package scatter

import "sync"

// Squares returns the square of every input, computed concurrently.
func Squares(in []int) []int {
	out := make([]int, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = v * v
		}()
	}
	wg.Wait()
	return out
}
