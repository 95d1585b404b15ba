// Package range_notclosed: SumSquares fans out one goroutine per number, each
// sending its square on results, and then ranges over results to add them
// up. Nobody ever closes results, so after the last value the range waits
// forever; the workers are done, so the test goroutine is the only one left
// and it deadlocks at the range.
package range_notclosed

import "sync"

func SumSquares(nums []int) int {
	results := make(chan int)
	var wg sync.WaitGroup
	for _, n := range nums {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- n * n
		}()
	}
	sum := 0
	for r := range results { // want "deadlock"
		sum += r
	}
	wg.Wait()
	return sum
}
