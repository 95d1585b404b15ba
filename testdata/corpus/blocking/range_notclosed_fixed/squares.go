// Package range_notclosed_fixed is the corrected twin of range_notclosed. The
// results channel used to stay open, so the range never ended. The fix adds
// a closer goroutine that waits for all workers and then closes results,
// which ends the range after the last value.
package range_notclosed_fixed

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
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}
