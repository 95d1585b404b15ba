// Package gofanout: the fan-out of Go 1.25's sync.WaitGroup.Go. Cubes
// starts one goroutine per input (20 in the test) with wg.Go, each writing
// its own slot of the result slice, and waits for them. Correct: the
// slots are disjoint and Wait orders every write before the caller's
// reads.
package gofanout

import "sync"

// Cubes returns the cube of every input, computed concurrently.
func Cubes(in []int) []int {
	out := make([]int, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Go(func() {
			out[i] = v * v * v
		})
	}
	wg.Wait()
	return out
}
