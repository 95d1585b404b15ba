// Package race_slice: Squares splits the output slice between two goroutines,
// but the first chunk's upper bound is off by one (out[:mid+1] instead of
// out[:mid]), so both goroutines write the middle element out[mid]: a data
// race (write/write) on one slice element. Both write the same value, so the
// test's check passes; the race is the bug.
package race_slice

import "sync"

func fill(part []int, offset int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := range part {
		part[i] = (offset + i) * (offset + i) // want "data-race"
	}
}

func Squares(n int) []int {
	out := make([]int, n)
	mid := n / 2
	var wg sync.WaitGroup
	wg.Add(2)
	go fill(out[:mid+1], 0, &wg) // bug: overlaps the second chunk
	go fill(out[mid:], mid, &wg)
	wg.Wait()
	return out
}
