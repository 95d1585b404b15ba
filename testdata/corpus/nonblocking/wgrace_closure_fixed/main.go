// Command wgrace_closure_fixed is the corrected twin of wgrace_closure. The
// goroutine used to call wg.Add itself, so Wait could return before it. The
// fix calls wg.Add(1) before the go statement.
package main

import (
	"fmt"
	"strconv"
	"sync"
)

func summarize(xs []int) string {
	total := 0
	for _, x := range xs {
		total += x
	}
	return "total=" + strconv.Itoa(total)
}

func main() {
	var wg sync.WaitGroup
	var report string
	xs := []int{3, 4}
	wg.Add(1)
	go func() {
		defer wg.Done()
		report = summarize(xs)
	}()
	wg.Wait()
	fmt.Println(report)
}
