// Package race_slice_fixed is the corrected twin of race_slice. The two
// chunks used to overlap in the middle element. The fix splits the slice at
// mid with out[:mid] and out[mid:], so each element has exactly one writer.
package race_slice_fixed

import "sync"

func fill(part []int, offset int, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := range part {
		part[i] = (offset + i) * (offset + i)
	}
}

func Squares(n int) []int {
	out := make([]int, n)
	mid := n / 2
	var wg sync.WaitGroup
	wg.Add(2)
	go fill(out[:mid], 0, &wg)
	go fill(out[mid:], mid, &wg)
	wg.Wait()
	return out
}
